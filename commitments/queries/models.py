"""Models returned by the query functions (the API's response shapes)."""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


class SearchPage(Page[T], Generic[T]):
    """A page of a list that can be searched: with `suggestions`, queries like the one asked
    that do find something, when it found nothing (empty otherwise)."""

    suggestions: list[str] = []


class LevelOut(BaseModel):
    code: str
    label_es: str
    label_en: str
    state: str
    progress: int | None


class AgencyOut(BaseModel):
    code: str
    name_es: str
    name_en: str
    branch: str
    active: bool
    requires_signoff: bool = False


class AgencyRole(BaseModel):
    agency: str
    role: str
    state: str
    due_on: dt.date | None = None
    overdue: bool = False


class RecommendationSummary(BaseModel):
    id: int
    code: str
    mechanism: str
    cycle: str
    reference: str
    title: str
    text: str
    language: str
    theme: str
    kind: str
    due_on: dt.date | None
    state: str
    level: LevelOut | None
    agencies: list[AgencyRole]
    version: int
    snippet: str = ""


class AssignmentOut(BaseModel):
    id: int
    requires_signoff: bool = False  # the agency's answers need its own authority's approval
    recommendation_id: int
    recommendation: str
    mechanism: str
    reference: str
    title: str
    text: str
    agency: str
    role: str
    state: str
    due_on: dt.date | None
    overdue: bool
    response: ResponseOut | None = None
    version: int


class ResponseOut(BaseModel):
    id: int
    assignment_id: int
    agency: str
    recommendation_id: int
    recommendation: str
    period: str
    actions_taken: str
    challenges: str
    assistance_needed: str
    next_steps: str
    target_date: dt.date | None
    proposed_level: str | None
    state: str
    submitted_at: dt.datetime | None
    review_comment: str
    reviewed_at: dt.datetime | None
    approval_comment: str = ""
    approved_at: dt.datetime | None = None
    role: str = ""  # the agency's part in the recommendation: lead or support
    recommendation_text: str = ""
    version: int


class EvidenceOut(BaseModel):
    id: int
    recommendation_id: int
    response_id: int | None
    kind: str
    title: str
    description: str
    url: str
    file_name: str
    file_sha256: str
    media_type: str
    size: int | None
    evidence_date: dt.date | None
    visibility: str
    verification: str
    verification_note: str = ""
    sample: bool
    created_at: dt.datetime


class AssessmentOut(BaseModel):
    id: int
    period: str
    period_ends_on: dt.date
    source: str
    level: LevelOut
    narrative: str
    assessed_at: dt.datetime
    document: ReviewDocumentOut | None = None  # what issued a reviewer's rating


class LinkOut(BaseModel):
    id: int
    code: str
    kind: str
    title: str


class TranslationOut(BaseModel):
    """The commission's translation of a text into one report language."""

    title: str
    text: str
    state: str  # missing | draft | reviewed


class RecommendationDetail(RecommendationSummary):
    provision: str | None
    provision_title_es: str
    provision_title_en: str
    parent: LinkOut | None
    children: list[LinkOut]
    # The translation into the other report language (English for a Spanish original, Spanish
    # for any other): the older single slot, kept for scripts that read it.
    text_translated: str
    translations: dict[str, TranslationOut]  # by report language, except the original's own
    issued_on: dt.date | None
    source_title: str
    source_url: str
    verbatim_status: str
    sample: bool
    cycle_name_es: str
    cycle_name_en: str
    assignment_ids: dict[str, int]
    cycle_id: int = 0
    rated: bool = True  # whether its kind is rated on its mechanism's scale
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    ogp_values: str = ""
    project: str = ""
    procuring_entity: str = ""
    stage: str = ""
    disclosure_rate: int | None = None
    counterpart: str = ""
    workstreams: str = ""


class PeriodOut(BaseModel):
    id: int
    code: str
    starts_on: dt.date
    ends_on: dt.date
    response_deadline: dt.date
    open: bool


class CycleOut(BaseModel):
    id: int
    mechanism: str
    code: str
    name_es: str
    name_en: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    adopted_on: dt.date | None
    report_title: str
    report_url: str
    scale: str | None = None  # the code of the scale its items are rated on


class MechanismOut(BaseModel):
    code: str
    name_es: str
    name_en: str
    body_es: str
    body_en: str
    url: str


class ScaleOut(BaseModel):
    """A rating scale of a mechanism, under one model of its review."""

    code: str
    name_es: str
    name_en: str
    levels: list[LevelOut]


class MechanismDetail(MechanismOut):
    levels: list[LevelOut]  # of its first scale (the one a cycle uses unless it names another)
    scales: list[ScaleOut] = []
    cycles: list[CycleOut]
    kinds: list[str] = []  # what its items may be, the default first
    rated_kinds: list[str] = []  # the kinds it rates


class ReviewDocumentOut(BaseModel):
    """A document a mechanism issued, which reviewers' ratings cite."""

    id: int
    mechanism: str
    cycle: str | None
    kind: str
    reference: str
    title: str
    issued_on: dt.date | None
    url: str
    version: int


AssignmentOut.model_rebuild()
AssessmentOut.model_rebuild()

"""The report as data: gathered once, frozen as canonical JSON, rendered to PDF or HTML.

The model holds both languages of every label so it is locale-neutral: the renderer picks the
report's locale, and a preview may show the other one from the same snapshot.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from commitments.canonical import canonical_json, sha256_hex

# Bump when the shape changes, so an old snapshot is never read with a new meaning.
SCHEMA_VERSION = 3
CONSOLIDATED = "ALL"
Movement = Literal["up", "down", "same", "new", "not_assessed"]


def translation_language(original: str) -> str:
    """The language of a text's translation slot: English for a Spanish original, Spanish for
    an original in any other language."""
    return "en" if original == "es" else "es"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Bilingual(Frozen):
    """A label in both report languages."""

    es: str = ""
    en: str = ""

    def pick(self, locale: str) -> str:
        """The label in `locale`, falling back to the other language when empty."""
        first, second = (self.en, self.es) if locale == "en" else (self.es, self.en)
        return first or second


class Level(Frozen):
    """A step of a mechanism's native scale."""

    code: str
    label: Bilingual
    state: str
    progress: int | None = None


class Rating(Frozen):
    """A level as of a period, and the period in which it was given."""

    level: Level
    period: str
    narrative: str = ""


class Ratings(Frozen):
    """The government's self-assessment and the reviewer's rating side by side."""

    self_current: Rating | None = None
    self_previous: Rating | None = None
    reviewer_current: Rating | None = None
    reviewer_previous: Rating | None = None


class AgencyRole(Frozen):
    code: str
    name: Bilingual
    role: str  # lead | support


class Answer(Frozen):
    """An agency's accepted response for the period."""

    agency: str
    actions_taken: str = ""
    challenges: str = ""
    assistance_needed: str = ""
    next_steps: str = ""
    target_date: dt.date | None = None


class EvidenceItem(Frozen):
    title: str
    kind: str
    evidence_date: dt.date | None = None
    url: str = ""
    file_name: str = ""
    sha256_short: str = ""
    visibility: str = "public"
    verification: str = "pending"


class Link(Frozen):
    """Another recommendation that answers the same reform."""

    code: str
    mechanism: str
    kind: str


class Item(Frozen):
    """A recommendation, requirement, commitment or engagement, with its measures."""

    code: str
    reference: str
    mechanism: str
    cycle: str
    title: str = ""
    text: str
    language: str = "es"
    text_translated: str = ""
    kind: str = "recommendation"
    theme: str = ""
    provision: str = ""
    provision_title: Bilingual = Bilingual()
    group: str = ""
    group_title: Bilingual = Bilingual()
    issued_on: dt.date | None = None
    due_on: dt.date | None = None
    source_title: str = ""
    source_url: str = ""
    sample: bool = False
    agencies: list[AgencyRole] = []
    answers: list[Answer] = []
    ratings: Ratings = Ratings()
    movement: Movement = "not_assessed"

    @field_validator("movement", mode="before")
    @classmethod
    def _old_word(cls, value: object) -> object:
        # Snapshots frozen before schema 2 called an item without a rating "unrated".
        return "not_assessed" if value == "unrated" else value

    evidence: list[EvidenceItem] = []
    links: list[Link] = []
    children: list[Item] = []

    def translation(self, locale: str) -> str:
        """The translation to print in a report in `locale`, or "" (none, or not in `locale`)."""
        if self.language == locale or translation_language(self.language) != locale:
            return ""
        return self.text_translated.strip()


class CycleInfo(Frozen):
    code: str
    name: Bilingual
    report_title: str = ""
    report_url: str = ""
    adopted_on: dt.date | None = None


class Section(Frozen):
    """One mechanism's part of the report."""

    mechanism: str
    name: Bilingual
    body: Bilingual
    cycles: list[CycleInfo] = []
    scale: list[Level] = []
    items: list[Item] = []


class StateCount(Frozen):
    key: str
    label: Bilingual
    count: int


class MechanismFigures(Frozen):
    """Counts of a mechanism's items by normalised state and by native level."""

    mechanism: str
    total: int
    by_state: list[StateCount]
    by_level: list[StateCount]


class AgencyFigures(Frozen):
    code: str
    name: Bilingual
    assignments: int
    lead: int
    answered: int
    accepted: int
    overdue: int
    focal_points: list[str] = []


class Move(Frozen):
    code: str
    mechanism: str
    before: Level | None = None
    after: Level | None = None


class Progress(Frozen):
    """What changed since the previous period."""

    previous_period: str | None = None
    up: list[Move] = []
    down: list[Move] = []
    new: list[Move] = []
    unchanged: int = 0


class PeriodInfo(Frozen):
    code: str
    starts_on: dt.date
    ends_on: dt.date
    response_deadline: dt.date


class Part(Frozen):
    """A section of the report in its template's order: text the commission wrote (authored),
    or a part built from the record (generated: summary, progress, entries, annexes)."""

    key: str
    kind: Literal["authored", "generated"]
    title: Bilingual
    required: bool = False
    text: str = ""
    version: int = 0


class Issuer(Frozen):
    """Who issues the report, who signs it and how to reach it: the country's settings when the
    report was gathered (an empty institution reads as the country's government)."""

    institution: Bilingual = Bilingual()
    signatory: str = ""
    signatory_title: Bilingual = Bilingual()
    contact_email: str = ""
    contact_url: str = ""


class Superseded(Frozen):
    """The edition an issued report replaces."""

    edition: int
    identifier: str  # its snapshot's SHA-256
    finalized_on: dt.date | None = None


class ReportModel(Frozen):
    """Everything a report prints, and nothing else."""

    schema_version: int = SCHEMA_VERSION
    country: str
    country_name: Bilingual
    mechanism: str  # a mechanism code, or CONSOLIDATED
    cycle: str | None = None
    period: PeriodInfo
    previous_period: PeriodInfo | None = None
    locale: str
    internal: bool = False
    as_of: dt.date
    sections: list[Section] = []
    figures: list[MechanismFigures] = []
    agencies: list[AgencyFigures] = []
    progress: Progress = Progress()
    # The template's sections in order; empty in snapshots frozen before schema 3, which print
    # the generated parts only.
    parts: list[Part] = []
    # Set when the report is issued: its edition of this scope, and the one it replaces.
    edition: int | None = None
    supersedes: Superseded | None = None
    issuer: Issuer = Issuer()
    issued_on: dt.date | None = None  # the day it was finalized (its PDF's creation date)

    @property
    def consolidated(self) -> bool:
        return self.mechanism == CONSOLIDATED

    @property
    def item_count(self) -> int:
        return sum(len(section.items) for section in self.sections)


def snapshot_json(model: ReportModel) -> str:
    """The canonical JSON of a report model: what is frozen and hashed."""
    return canonical_json(model.model_dump(mode="json"))


def snapshot_sha256(model: ReportModel) -> str:
    """The report's identifier: SHA-256 of its canonical snapshot."""
    return sha256_hex(snapshot_json(model))


def model_from_snapshot(text: str) -> ReportModel:
    """Rebuild the model from a stored snapshot."""
    return ReportModel.model_validate_json(text)

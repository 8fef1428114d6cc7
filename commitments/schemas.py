"""Pydantic models shared by services, API, importers and reports."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from commitments.vocabulary import (
    Approval,
    AssignmentRole,
    Branch,
    Decision,
    DocumentKind,
    EvidenceKind,
    Source,
    TranslationState,
    Visibility,
)

Language = Literal["es", "en", "fr", "pt"]

# A row's id as a client sends it: PostgreSQL's integer is 32 bits, signed, so a larger number is
# a 400 at the boundary, never a driver error.
MAX_ROW_ID = 2**31 - 1
RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]

_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,99}$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,39}$")


# C0 controls but tab, line feed and carriage return, and DEL: no text a person types holds them
# (PostgreSQL refuses U+0000; SQLite would store it and spoil the open data).
# Also the two private-use characters the search index marks its matches with.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")


def has_control(value: str) -> bool:
    """Whether text holds a control character no one types (NUL, escape…)."""
    return bool(CONTROL.search(value))


def _http_url(value: str | None) -> str | None:
    # Only web addresses: a `javascript:` or `data:` link would run in whoever clicks it.
    if value and not value.lower().startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return value


class Clean(BaseModel):
    """Every text field free of control characters (checked before any other rule)."""

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, values: Any) -> Any:
        if isinstance(values, dict):
            for key, value in values.items():
                if isinstance(value, str) and has_control(value):
                    raise ValueError(f"{key}: control characters are not allowed")
        return values


class Strict(Clean):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RecommendationIn(Strict):
    """A new recommendation; `code` is derived as {MECHANISM}-{CYCLE}-{reference}."""

    mechanism: str = Field(min_length=1, max_length=16)
    cycle: str = Field(min_length=1, max_length=40)
    reference: str = Field(min_length=1, max_length=100)
    text: str = Field(min_length=1, max_length=20000)
    language: Language = "es"
    title: str = Field(default="", max_length=500)
    # The translation into the other report language (the slot `translation_language` names):
    # the older one-slot column, still accepted; the slots below say which language.
    text_translated: str = Field(default="", max_length=20000)
    translation_title_es: str = Field(default="", max_length=500)
    translation_es: str = Field(default="", max_length=20000)
    translation_state_es: TranslationState | None = None
    translation_title_en: str = Field(default="", max_length=500)
    translation_en: str = Field(default="", max_length=20000)
    translation_state_en: TranslationState | None = None
    theme: str = Field(default="", max_length=60)
    # Empty: the mechanism's default kind (commitments.kinds).
    kind: str = Field(default="", max_length=40)
    parent: str | None = Field(default=None, max_length=100)
    provision: str | None = Field(default=None, max_length=40)
    issued_on: dt.date | None = None
    due_on: dt.date | None = None
    source_title: str = Field(default="", max_length=2000)
    source_url: str = Field(default="", max_length=500)
    verbatim_status: str = Field(default="", max_length=120)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    ogp_values: str = Field(default="", max_length=60)
    project: str = Field(default="", max_length=300)
    procuring_entity: str = Field(default="", max_length=300)
    stage: str = Field(default="", max_length=20)
    disclosure_rate: int | None = Field(default=None, ge=0, le=100)
    counterpart: str = Field(default="", max_length=300)
    workstreams: str = Field(default="", max_length=100)
    sample: bool = False

    @field_validator("mechanism")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("reference")
    @classmethod
    def _reference(cls, value: str) -> str:
        if not _REFERENCE.match(value):
            raise ValueError("use letters, digits, '.', '-' or '_' (no spaces)")
        return value

    @field_validator("cycle")
    @classmethod
    def _cycle(cls, value: str) -> str:
        if not _CODE.match(value):
            raise ValueError("use letters, digits, '.', '-' or '_' (no spaces)")
        return value

    @field_validator("source_url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _http_url(value) or ""


class RecommendationPatch(Strict):
    """Fields an analyst may change on an existing recommendation."""

    version: int
    title: str | None = Field(default=None, max_length=500)
    text: str | None = Field(default=None, min_length=1, max_length=20000)
    theme: str | None = Field(default=None, max_length=60)
    kind: str | None = Field(default=None, max_length=40)
    provision: str | None = Field(default=None, max_length=40)
    due_on: dt.date | None = None
    issued_on: dt.date | None = None
    source_title: str | None = Field(default=None, max_length=2000)
    source_url: str | None = Field(default=None, max_length=500)
    verbatim_status: str | None = Field(default=None, max_length=120)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    ogp_values: str | None = Field(default=None, max_length=60)
    project: str | None = Field(default=None, max_length=300)
    procuring_entity: str | None = Field(default=None, max_length=300)
    stage: str | None = Field(default=None, max_length=20)
    disclosure_rate: int | None = Field(default=None, ge=0, le=100)
    counterpart: str | None = Field(default=None, max_length=300)
    workstreams: str | None = Field(default=None, max_length=100)

    @field_validator("source_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return _http_url(value)


class TranslationIn(Strict):
    """The commission's translation of a recommendation into one report language."""

    title: str = Field(default="", max_length=500)
    text: str = Field(default="", max_length=20000)
    state: TranslationState = TranslationState.DRAFT
    version: int = Field(ge=1, le=10**9, description="the recommendation's version this replaces")


class ReviewDocumentIn(Strict):
    """A document a mechanism issued, which reviewers' ratings cite."""

    mechanism: str = Field(min_length=1, max_length=16)
    cycle: str | None = Field(default=None, max_length=40)
    kind: DocumentKind = DocumentKind.REPORT
    reference: str = Field(min_length=1, max_length=200)
    title: str = Field(default="", max_length=2000)
    issued_on: dt.date | None = None
    url: str = Field(default="", max_length=500)

    @field_validator("mechanism")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _http_url(value) or ""


class ReviewDocumentPatch(Strict):
    """Corrections to a review document: only the fields sent change."""

    version: int = Field(ge=1, le=10**9)
    kind: DocumentKind | None = None
    reference: str | None = Field(default=None, min_length=1, max_length=200)
    title: str | None = Field(default=None, max_length=2000)
    issued_on: dt.date | None = None
    url: str | None = Field(default=None, max_length=500)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return _http_url(value)


class CycleIn(Strict):
    mechanism: str = Field(min_length=1, max_length=16)
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(default="", max_length=300)
    name_en: str = Field(default="", max_length=300)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    adopted_on: dt.date | None = None
    report_title: str = Field(default="", max_length=2000)
    report_url: str = Field(default="", max_length=500)
    # The code of the mechanism's scale its items are rated on (empty: the mechanism's first).
    scale: str | None = Field(default=None, max_length=40)

    @field_validator("report_url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _http_url(value) or ""

    @field_validator("mechanism")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not _CODE.match(value):
            raise ValueError("use letters, digits, '.', '-' or '_' (no spaces)")
        return value


class PeriodIn(Strict):
    code: str = Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
    starts_on: dt.date
    ends_on: dt.date
    response_deadline: dt.date


class AssignmentIn(Strict):
    agency: str = Field(min_length=1, max_length=20)
    role: AssignmentRole = AssignmentRole.LEAD
    due_on: dt.date | None = None


class AssessmentIn(Strict):
    period: str = Field(min_length=1, max_length=20)
    level: str = Field(min_length=1, max_length=40)
    source: Source = Source.SELF
    narrative: str = Field(default="", max_length=20000)
    # The review document that issued a reviewer's rating (its id): required for `reviewer`.
    document: RowId | None = None


class EvidenceIn(Strict):
    """Evidence metadata; a file, if any, is stored separately and named by its SHA-256."""

    title: str = Field(min_length=1, max_length=300)
    kind: EvidenceKind = EvidenceKind.DOCUMENT
    description: str = Field(default="", max_length=5000)
    url: str = Field(default="", max_length=1000)
    evidence_date: dt.date | None = None
    visibility: Visibility = Visibility.INTERNAL
    response: RowId | None = None
    sample: bool = False

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _http_url(value) or ""


class ResponseIn(Strict):
    period: str = Field(min_length=1, max_length=20)
    actions_taken: str = Field(default="", max_length=20000)
    challenges: str = Field(default="", max_length=20000)
    assistance_needed: str = Field(default="", max_length=20000)
    next_steps: str = Field(default="", max_length=20000)
    target_date: dt.date | None = None
    proposed_level: str | None = Field(default=None, max_length=40)
    submit: bool = False
    version: int | None = Field(default=None, ge=1, le=10**9)


class ApprovalIn(Strict):
    decision: Approval
    comment: str = Field(default="", max_length=5000)


class ReviewIn(Strict):
    decision: Decision
    comment: str = Field(default="", max_length=5000)
    level: str | None = Field(default=None, max_length=40)


class UserIn(Strict):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(max_length=1000)
    role: str
    agency: str | None = None
    display_name: str = Field(default="", max_length=200)
    organisation: str | None = Field(default=None, max_length=300, description="code or name (civil_society)")


class UserUpdate(Strict):
    """An admin's change to a user: only the fields sent change."""

    role: str | None = None
    agency: str | None = None
    active: bool | None = None
    display_name: str | None = Field(default=None, max_length=200)
    locale: str | None = Field(default=None, pattern=r"^(es|en)$")
    approver: bool | None = None
    organisation: str | None = Field(default=None, max_length=300)


class AgencyIn(Strict):
    code: str = Field(min_length=2, max_length=20, pattern=r"^[A-Za-z0-9_\-]+$")
    name_es: str = Field(min_length=1, max_length=300)
    name_en: str = Field(default="", max_length=300)
    branch: Branch = Branch.EXECUTIVE


class AgencyPatch(Strict):
    name_es: str | None = Field(default=None, min_length=1, max_length=300)
    name_en: str | None = Field(default=None, max_length=300)
    branch: Branch | None = None
    active: bool | None = None
    requires_signoff: bool | None = None


class ReportIn(Clean):
    """A report to generate (API body and the Reports page's form)."""

    mechanism: str = Field(min_length=1, max_length=16, description="a mechanism code, or ALL")
    cycle: str | None = Field(default=None, max_length=40)
    period: str = Field(min_length=1, max_length=20)
    locale: str = "es"
    internal: bool = False


class SectionIn(Strict):
    """New text for an authored section of a draft report, and the version it was based on."""

    text: str = Field(max_length=50000, description="light Markdown: paragraphs, lists, bold, links, tables")
    version: int = Field(ge=1, le=10**9, description="the section's version this text replaces")


class ReportSentIn(Clean):
    """To whom, when and under which transmittal reference a final report was sent."""

    sent_to: str = Field(min_length=1, max_length=300)
    sent_on: dt.date
    transmittal_ref: str = Field(default="", max_length=200)


def _address_list(value: Any) -> Any:
    # A form sends the links one per line; the API a list.
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value


class CivilAssessmentIn(Strict):
    """An organisation's own assessment of a recommendation in a period; `version` is the one
    it replaces (required to change a recorded assessment)."""

    period: str = Field(min_length=1, max_length=20)
    level: str = Field(min_length=1, max_length=40, description="a level of the mechanism's own scale")
    narrative: str = Field(min_length=1, max_length=10000)
    evidence_urls: list[str] = Field(default_factory=list, max_length=10, description="http(s) links")
    version: int | None = Field(default=None, ge=1, le=10**9)

    _split = field_validator("evidence_urls", mode="before")(_address_list)

    @field_validator("evidence_urls")
    @classmethod
    def _web_addresses(cls, value: list[str]) -> list[str]:
        for url in value:
            if len(url) > 1000 or any(c.isspace() for c in url):
                raise ValueError("each link is one address of at most 1000 characters")
            _http_url(url)
        return value


class ReplyIn(Clean):
    """The commission's answer, in plain text."""

    text: str = Field(min_length=1, max_length=5000)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the answer is empty")
        return value.strip()


class CommentIn(Clean):
    """A comment on a draft report in public consultation: plain text; name and address optional."""

    body: str = Field(min_length=1, max_length=5000)
    name: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=254)

    @field_validator("body", "name", "email")
    @classmethod
    def _trimmed(cls, value: str, info: Any) -> str:
        if info.field_name == "body" and not value.strip():
            raise ValueError("the comment is empty")
        return value.strip()


class HideIn(Clean):
    """Why the commission hides a comment (kept, and shown to the commission)."""

    reason: str = Field(min_length=3, max_length=1000)


class ConsultationIn(Clean):
    """How long a draft report stays open for comment (OGP asks for two weeks)."""

    days: int = Field(default=14, ge=1, le=90)


class StatementIn(Clean):
    """How the consultation's comments were taken into account, and the revision it replaces."""

    text: str = Field(max_length=20000)
    revision: int = Field(ge=1, le=10**9)


class AnnexIn(Strict):
    """Whether a draft report prints civil society's assessments as an annex."""

    include: bool


ISSUER_FIELDS = (
    "issuer_es",
    "issuer_en",
    "signatory_name",
    "signatory_title_es",
    "signatory_title_en",
    "contact_email",
    "contact_url",
)


class CountryPatch(Strict):
    """Who issues the country's reports (admin): a field left out is unchanged, "" clears it."""

    issuer_es: str | None = Field(default=None, max_length=300)
    issuer_en: str | None = Field(default=None, max_length=300)
    signatory_name: str | None = Field(default=None, max_length=200)
    signatory_title_es: str | None = Field(default=None, max_length=200)
    signatory_title_en: str | None = Field(default=None, max_length=200)
    contact_email: str | None = Field(default=None, max_length=254)
    contact_url: str | None = Field(default=None, max_length=500)

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("must be an e-mail address")
        return value

    @field_validator("contact_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return _http_url(value)

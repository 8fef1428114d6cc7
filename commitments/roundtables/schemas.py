"""What a roundtable's plan is made of, as the API and the pages send it and read it back."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints, field_validator, model_validator

from commitments.reports.roundtable_plan import grouped_by_sector
from commitments.schemas import Strict, has_control
from commitments.vocabulary import ActivityState, Sector

# The plan's list fields: one item per line where they are stored and typed.
LIST_FIELDS = ("specific_objectives", "diagnosis", "products", "methods", "purposes", "resources")
TEXT_FIELDS = ("general_objective",)
SHORT_FIELDS = ("topic", "duration")
LANGUAGES = ("es", "en")
MAX_ITEMS = 60
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,39}$"

Item = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Items = Annotated[list[Item], Field(default_factory=list, max_length=MAX_ITEMS)]
LongText = Annotated[str, Field(default="", max_length=10000)]


def _one_line_each(items: list[str] | None) -> list[str] | None:
    for item in items or []:
        if "\n" in item or "\r" in item or has_control(item):
            raise ValueError("one line per item, without control characters")
    return items


class ParticipantIn(Strict):
    sector: Sector
    organisation: str = Field(min_length=1, max_length=300)


class _PlanFields(Strict):
    """The plan's texts in Spanish and English (English may stay empty)."""

    general_objective_es: LongText
    general_objective_en: LongText
    specific_objectives_es: Items
    specific_objectives_en: Items
    diagnosis_es: Items
    diagnosis_en: Items
    products_es: Items
    products_en: Items
    methods_es: Items
    methods_en: Items
    purposes_es: Items
    purposes_en: Items
    resources_es: Items
    resources_en: Items
    duration_es: str = Field(default="", max_length=200)
    duration_en: str = Field(default="", max_length=200)

    @field_validator(*(f"{name}_{lang}" for name in LIST_FIELDS for lang in LANGUAGES))
    @classmethod
    def _items(cls, value: list[str]) -> list[str]:
        return _one_line_each(value) or []


class RoundtableIn(_PlanFields):
    """A new roundtable and its plan."""

    code: str = Field(min_length=1, max_length=40, pattern=CODE_PATTERN)
    topic_es: str = Field(min_length=1, max_length=300)
    topic_en: str = Field(default="", max_length=300)
    coordinator: str | None = Field(
        default=None, max_length=254, description="e-mail of a commission user; the creator by default"
    )
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=200)
    recommendations: list[Annotated[str, StringConstraints(max_length=160)]] = Field(
        default_factory=list, max_length=500, description="codes of the recommendations it serves"
    )
    active: bool = True
    sample: bool = False

    @field_validator("recommendations")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        return _one_line_each(value) or []


class RoundtablePatch(Strict):
    """A change to a roundtable: only the fields sent change; `version` is the one it replaces."""

    version: int = Field(ge=1, le=10**9)
    topic_es: str | None = Field(default=None, min_length=1, max_length=300)
    topic_en: str | None = Field(default=None, max_length=300)
    general_objective_es: str | None = Field(default=None, max_length=10000)
    general_objective_en: str | None = Field(default=None, max_length=10000)
    specific_objectives_es: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)
    specific_objectives_en: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)
    diagnosis_es: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)
    diagnosis_en: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)
    products_es: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)
    products_en: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)
    methods_es: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)
    methods_en: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)
    purposes_es: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)
    purposes_en: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)
    resources_es: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)
    resources_en: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)
    duration_es: str | None = Field(default=None, max_length=200)
    duration_en: str | None = Field(default=None, max_length=200)
    coordinator: str | None = Field(default=None, max_length=254)
    participants: list[ParticipantIn] | None = Field(default=None, max_length=200)
    recommendations: list[Annotated[str, StringConstraints(max_length=160)]] | None = Field(
        default=None, max_length=500
    )
    active: bool | None = None

    @field_validator(*(f"{name}_{lang}" for name in LIST_FIELDS for lang in LANGUAGES))
    @classmethod
    def _items(cls, value: list[str] | None) -> list[str] | None:
        return _one_line_each(value)

    @field_validator("recommendations")
    @classmethod
    def _codes(cls, value: list[str] | None) -> list[str] | None:
        return _one_line_each(value)


class ActivityIn(Strict):
    """An activity of the work plan."""

    description_es: str = Field(min_length=1, max_length=2000)
    description_en: str = Field(default="", max_length=2000)
    responsible: str = Field(default="", max_length=300)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    state: ActivityState = ActivityState.PLANNED
    sample: bool = False

    @model_validator(mode="after")
    def _dates_in_order(self) -> ActivityIn:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class ActivityPatch(Strict):
    version: int = Field(ge=1, le=10**9)
    description_es: str | None = Field(default=None, min_length=1, max_length=2000)
    description_en: str | None = Field(default=None, max_length=2000)
    responsible: str | None = Field(default=None, max_length=300)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    state: ActivityState | None = None


class ParticipantOut(BaseModel):
    sector: str
    organisation: str


class ActivityOut(BaseModel):
    id: int
    description_es: str
    description_en: str
    responsible: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    state: str
    sample: bool
    version: int


class LinkedRecommendation(BaseModel):
    id: int
    code: str
    title: str


class CoordinatorOut(BaseModel):
    email: str
    display_name: str


class RoundtableSummary(BaseModel):
    id: int
    code: str
    topic_es: str
    topic_en: str
    active: bool
    sample: bool
    coordinator: CoordinatorOut | None
    sectors: list[str]
    activities: int
    recommendations: int


class RoundtableOut(BaseModel):
    """A roundtable with its whole plan (list fields as lists of items)."""

    id: int
    code: str
    topic_es: str
    topic_en: str
    general_objective_es: str
    general_objective_en: str
    specific_objectives_es: list[str]
    specific_objectives_en: list[str]
    diagnosis_es: list[str]
    diagnosis_en: list[str]
    products_es: list[str]
    products_en: list[str]
    methods_es: list[str]
    methods_en: list[str]
    purposes_es: list[str]
    purposes_en: list[str]
    resources_es: list[str]
    resources_en: list[str]
    duration_es: str
    duration_en: str
    coordinator: CoordinatorOut | None
    coordinator_id: int | None = Field(default=None, exclude=True)
    active: bool
    sample: bool
    version: int
    participants: list[ParticipantOut]
    activities: list[ActivityOut]
    recommendations: list[LinkedRecommendation]

    def pick(self, field: str, locale: str) -> Any:
        """A plan field in `locale`, or in Spanish where the English is empty."""
        value = getattr(self, f"{field}_{locale}", None) if locale == "en" else None
        return value or getattr(self, f"{field}_es")

    def by_sector(self) -> list[tuple[str, list[str]]]:
        """(sector, organisations) in the vocabulary's order."""
        return grouped_by_sector([(p.sector, p.organisation) for p in self.participants])


def lines(text: str) -> list[str]:
    """A stored list field as its items."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]

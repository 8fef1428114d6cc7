"""What the API and the pages send to the transparency rating, and what they read back."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, field_validator, model_validator

from commitments.schemas import Strict, has_control
from commitments.vocabulary import ContestState

Code = Annotated[
    str, StringConstraints(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
]
Weight = Annotated[int, Field(ge=1, le=100, description="a positive integer; see the formula")]
Score = Annotated[int, Field(ge=0, le=100)]
MIN_YEAR, MAX_YEAR = 1990, 2100


def _web_address(value: str | None) -> str | None:
    # Only web addresses: a `javascript:` link would run in whoever clicks it.
    if value and not value.lower().startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return value


class ScorecardIn(Strict):
    """A year to rate; its methodology is copied from `copy_from` (default: the latest earlier
    year, else the seed's four indicators) and it rates `agencies` (default: every active one)."""

    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)
    copy_from: int | None = Field(default=None, ge=MIN_YEAR, le=MAX_YEAR)
    agencies: list[Annotated[str, StringConstraints(min_length=1, max_length=20)]] | None = Field(
        default=None, max_length=1000
    )
    sample: bool = Field(default=False, description="demo data: never public")

    @field_validator("agencies")
    @classmethod
    def _codes(cls, value: list[str] | None) -> list[str] | None:
        # List items escape the model's check of its own text fields.
        if value and any(has_control(code) for code in value):
            raise ValueError("agencies: control characters are not allowed")
        return value


class IndicatorIn(Strict):
    code: Code
    title_es: str = Field(min_length=1, max_length=300)
    title_en: str = Field(default="", max_length=300)
    weight: Weight


class IndicatorPatch(Strict):
    title_es: str | None = Field(default=None, min_length=1, max_length=300)
    title_en: str | None = Field(default=None, max_length=300)
    weight: Weight | None = None


class CriterionIn(Strict):
    indicator: Code
    code: Code
    title_es: str = Field(min_length=1, max_length=300)
    title_en: str = Field(default="", max_length=300)
    description_es: str = Field(default="", max_length=5000)
    description_en: str = Field(default="", max_length=5000)
    weight: Weight


class CriterionPatch(Strict):
    title_es: str | None = Field(default=None, min_length=1, max_length=300)
    title_en: str | None = Field(default=None, max_length=300)
    description_es: str | None = Field(default=None, max_length=5000)
    description_en: str | None = Field(default=None, max_length=5000)
    weight: Weight | None = None


class ScoreIn(Strict):
    """One criterion's score for an agency; `version` (of a stored score) guards against
    overwriting another evaluator's change unseen."""

    criterion: Code
    score: Score
    note: str = Field(default="", max_length=5000)
    evidence_url: str = Field(default="", max_length=1000)
    version: int | None = Field(default=None, ge=1, le=10**9)

    @field_validator("evidence_url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _web_address(value) or ""


class SheetIn(Strict):
    """Scores of one agency (any number of its criteria), saved together."""

    scores: list[ScoreIn] = Field(min_length=1, max_length=500)


class ReviewIn(Strict):
    """The window in which agencies may contest their draft scores (both days included)."""

    contest_opens_on: dt.date
    contest_closes_on: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> ReviewIn:
        if self.contest_closes_on < self.contest_opens_on:
            raise ValueError("contest_closes_on must not be before contest_opens_on")
        return self


class ContestIn(Strict):
    criterion: Code
    reason: str = Field(min_length=1, max_length=5000)


class AnswerIn(Strict):
    """The commission's answer to a contest; an upheld one may carry the corrected score."""

    decision: ContestState
    answer: str = Field(min_length=1, max_length=5000)
    score: Score | None = None

    @field_validator("decision")
    @classmethod
    def _decided(cls, value: ContestState) -> ContestState:
        if value == ContestState.OPEN:
            raise ValueError("decision must be upheld or rejected")
        return value


class CriterionOut(BaseModel):
    code: str
    title_es: str
    title_en: str
    description_es: str
    description_en: str
    weight: int


class IndicatorOut(BaseModel):
    code: str
    title_es: str
    title_en: str
    weight: int
    criteria: list[CriterionOut]


class YearOut(BaseModel):
    """A year of the rating with its methodology."""

    year: int
    state: str
    contest_opens_on: dt.date | None
    contest_closes_on: dt.date | None
    published_at: dt.datetime | None
    snapshot_sha256: str
    version: int
    sample: bool
    agencies: list[str]
    indicators: list[IndicatorOut]
    weights_ok: bool


class ContestOut(BaseModel):
    id: int
    year: int
    agency: str
    criterion: str
    reason: str
    state: str
    answer: str
    submitted_at: dt.datetime | None
    answered_at: dt.datetime | None
    score_before: int | None
    score_after: int | None


class ScoreOut(BaseModel):
    criterion: str
    indicator: str
    score: int | None
    note: str
    evidence_url: str
    version: int | None
    scored_at: dt.datetime | None
    contest: ContestOut | None = None


class SheetOut(BaseModel):
    """One agency's scores in one year, with its indicator scores and total."""

    year: int
    state: str
    agency: str
    name_es: str
    name_en: str
    total: float | None
    rank: int | None
    indicators: dict[str, float | None]
    scores: list[ScoreOut]
    contest_open: bool  # whether its focal points may contest today


class RankingRow(BaseModel):
    rank: int | None
    agency: str
    name_es: str
    name_en: str
    total: float | None
    indicators: dict[str, float | None]


class RankingOut(BaseModel):
    year: int
    state: str
    complete: bool
    indicators: list[str]
    rows: list[RankingRow]


class ProfileYear(BaseModel):
    year: int
    rank: int | None
    rated: int
    total: float | None
    indicators: dict[str, float | None]


class ProfileOut(BaseModel):
    """An agency's published results year over year."""

    agency: str
    name_es: str
    name_en: str
    years: list[ProfileYear]

"""A year's rating as data: the methodology and every agency's result, computed once. A
published year's model is frozen as canonical JSON (its snapshot) and never recomputed; pages,
open data and the PDF all read it."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from commitments.canonical import canonical_json, sha256_hex

SCHEMA_VERSION = 1


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Words(Frozen):
    """A name or text in Spanish and English."""

    es: str = ""
    en: str = ""

    def pick(self, locale: str) -> str:
        """The text in `locale`, or the other language's where it is empty."""
        first, second = (self.en, self.es) if locale == "en" else (self.es, self.en)
        return first or second


class CriterionSpec(Frozen):
    code: str
    title: Words
    description: Words = Words()
    weight: int


class IndicatorSpec(Frozen):
    code: str
    title: Words
    weight: int
    criteria: list[CriterionSpec] = []


class CriterionScore(Frozen):
    criterion: str
    score: int | None = None
    note: str = ""
    evidence_url: str = ""


class IndicatorScore(Frozen):
    indicator: str
    score: float | None = None  # weighted mean, two decimals


class AgencyResult(Frozen):
    code: str
    name: Words
    rank: int | None = None
    total: float | None = None  # two decimals; None until every criterion is scored
    indicators: list[IndicatorScore] = []
    scores: list[CriterionScore] = []

    def indicator(self, code: str) -> float | None:
        """This agency's score on one indicator."""
        return next((i.score for i in self.indicators if i.indicator == code), None)


class ScorecardModel(Frozen):
    """Everything the year's ranking, profiles, open data and PDF show."""

    schema_version: int = SCHEMA_VERSION
    country: str
    country_name: Words
    year: int
    state: str
    contest_opens_on: dt.date | None = None
    contest_closes_on: dt.date | None = None
    published_on: dt.date | None = None
    sample: bool = False
    indicators: list[IndicatorSpec] = []
    results: list[AgencyResult] = []  # ranked order

    @property
    def complete(self) -> bool:
        return bool(self.results) and all(r.total is not None for r in self.results)

    def result(self, agency: str) -> AgencyResult | None:
        """One agency's result, by code."""
        return next((r for r in self.results if r.code == agency), None)


def snapshot_json(model: ScorecardModel) -> str:
    """The canonical JSON frozen at publication."""
    return canonical_json(model.model_dump(mode="json"))


def snapshot_sha256(model: ScorecardModel) -> str:
    """The published year's identifier."""
    return sha256_hex(snapshot_json(model))

"""A year's results: computed from its rows in a fixed number of queries (a draft), or read
from the snapshot frozen when it was published."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from typing import Any

from commitments import clock
from commitments.scorecard import rules
from commitments.scorecard.model import (
    AgencyResult,
    CriterionScore,
    CriterionSpec,
    IndicatorScore,
    IndicatorSpec,
    ScorecardModel,
    Words,
)
from commitments.tables import (
    Country,
    ScorecardAgency,
    ScorecardCriterion,
    ScorecardIndicator,
    ScorecardScore,
    ScorecardYear,
)
from commitments.vocabulary import ScorecardState


async def methodology(scorecard_id: int) -> list[IndicatorSpec]:
    """The year's indicators in order, each with its criteria in order."""
    indicators = (
        await ScorecardIndicator.select()
        .where(ScorecardIndicator.scorecard == scorecard_id)
        .order_by(ScorecardIndicator.position)
        .order_by(ScorecardIndicator.id)
    )
    criteria = (
        await ScorecardCriterion.select()
        .where(ScorecardCriterion.scorecard == scorecard_id)
        .order_by(ScorecardCriterion.position)
        .order_by(ScorecardCriterion.id)
    )
    by_indicator: dict[int, list[CriterionSpec]] = defaultdict(list)
    for row in criteria:
        by_indicator[row["indicator"]].append(
            CriterionSpec(
                code=row["code"],
                title=Words(es=row["title_es"], en=row["title_en"]),
                description=Words(es=row["description_es"], en=row["description_en"]),
                weight=row["weight"],
            )
        )
    return [
        IndicatorSpec(
            code=row["code"],
            title=Words(es=row["title_es"], en=row["title_en"]),
            weight=row["weight"],
            criteria=by_indicator[row["id"]],
        )
        for row in indicators
    ]


def weight_problems(indicators: list[IndicatorSpec]) -> list[rules.WeightProblem]:
    """What keeps the methodology's weights from adding up (commitments.scorecard.rules)."""
    return rules.weight_problems([(i.code, i.weight, [c.weight for c in i.criteria]) for i in indicators])


async def rated_agencies(scorecard_id: int) -> list[dict[str, Any]]:
    """The agencies a year rates: id, code and names, by code."""
    rows = await ScorecardAgency.select(
        ScorecardAgency.agency.as_alias("id"),
        ScorecardAgency.agency._.code.as_alias("code"),
        ScorecardAgency.agency._.name_es.as_alias("name_es"),
        ScorecardAgency.agency._.name_en.as_alias("name_en"),
    ).where(ScorecardAgency.scorecard == scorecard_id)
    return sorted(rows, key=lambda row: row["code"])


async def score_rows(scorecard_id: int, agency_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """The year's scores (of some agencies only, when named), with codes."""
    where = [ScorecardScore.scorecard == scorecard_id]
    if agency_ids is not None:
        where.append(ScorecardScore.agency.is_in(agency_ids or [-1]))
    return await ScorecardScore.select(
        *ScorecardScore.all_columns(),
        ScorecardScore.criterion._.code.as_alias("criterion_code"),
        ScorecardScore.agency._.code.as_alias("agency_code"),
    ).where(*where)


def _agency_result(
    agency: dict[str, Any], indicators: list[IndicatorSpec], scores: dict[str, dict[str, Any]]
) -> tuple[AgencyResult, Fraction | None]:
    criterion_scores, indicator_scores, exact = [], [], []
    for indicator in indicators:
        values = []
        for criterion in indicator.criteria:
            row = scores.get(criterion.code)
            values.append((criterion.weight, row["score"] if row else None))
            criterion_scores.append(
                CriterionScore(
                    criterion=criterion.code,
                    score=row["score"] if row else None,
                    note=row["note"] if row else "",
                    evidence_url=row["evidence_url"] if row else "",
                )
            )
        mean = rules.weighted_mean(values)
        exact.append((indicator.weight, mean))
        indicator_scores.append(IndicatorScore(indicator=indicator.code, score=rules.rounded(mean)))
    total = rules.weighted_mean(exact)
    result = AgencyResult(
        code=agency["code"],
        name=Words(es=agency["name_es"], en=agency["name_en"]),
        total=rules.rounded(total),
        indicators=indicator_scores,
        scores=criterion_scores,
    )
    return result, total


async def compute(year: dict[str, Any]) -> ScorecardModel:
    """The year's results from its rows as they are now, ranked."""
    indicators = await methodology(year["id"])
    agencies = await rated_agencies(year["id"])
    by_agency: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in await score_rows(year["id"]):
        by_agency[row["agency_code"]][row["criterion_code"]] = row
    computed = {a["code"]: _agency_result(a, indicators, by_agency[a["code"]]) for a in agencies}
    order = rules.ranking([(code, total) for code, (_r, total) in computed.items()])
    results = [computed[r.agency][0].model_copy(update={"rank": r.rank}) for r in order]
    country = await Country.select().where(Country.id == year["country"]).first()
    assert country is not None  # the year's own country
    published = year["published_at"]
    return ScorecardModel(
        country=country["iso2"],
        country_name=Words(es=country["name_es"], en=country["name_en"]),
        year=year["year"],
        state=year["state"],
        contest_opens_on=year["contest_opens_on"],
        contest_closes_on=year["contest_closes_on"],
        published_on=clock.local_date(published) if published else None,
        sample=year["sample"],
        indicators=indicators,
        results=results,
    )


async def results_of(year: dict[str, Any]) -> ScorecardModel:
    """A published year's frozen results, or a draft's as they are now."""
    if year["state"] == ScorecardState.PUBLISHED and year["snapshot"]:
        return ScorecardModel.model_validate_json(year["snapshot"])
    return await compute(year)


async def year_rows(where: list[Any]) -> list[dict[str, Any]]:
    """Rows of the years that meet `where`, latest first."""
    return await ScorecardYear.select().where(*where).order_by(ScorecardYear.year, ascending=False)

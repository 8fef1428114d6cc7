"""Reading the transparency rating: years and their methodology, one agency's sheet, the
ranking, an agency's profile year over year, contests. Who sees what: `commitments.policy`
(`scorecard_years`, `scorecard_scores`, `scorecard_contests`)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from commitments import policy, publicity
from commitments.actor import Actor
from commitments.errors import NotFound
from commitments.i18n import _
from commitments.scorecard import results
from commitments.scorecard.model import AgencyResult, ScorecardModel
from commitments.scorecard.schemas import (
    ContestOut,
    CriterionOut,
    IndicatorOut,
    ProfileOut,
    ProfileYear,
    RankingOut,
    RankingRow,
    ScoreOut,
    SheetOut,
    YearOut,
)
from commitments.scorecard.scoring import NOT_RATED, contest_window_open
from commitments.scorecard.years import MISSING
from commitments.tables import Agency, ScorecardContest, ScorecardScore, ScorecardYear
from commitments.vocabulary import ScorecardState


async def visible_year(actor: Actor, year: int) -> dict[str, Any]:
    """A year the actor may read (404 otherwise)."""
    row = (
        await ScorecardYear.select().where(ScorecardYear.year == year, policy.scorecard_years(actor)).first()
    )
    if not row:
        raise NotFound(MISSING, year=year)
    return row


async def _year_out(row: dict[str, Any]) -> YearOut:
    indicators = await results.methodology(row["id"])
    agencies = await results.rated_agencies(row["id"])
    return YearOut(
        year=row["year"],
        state=row["state"],
        contest_opens_on=row["contest_opens_on"],
        contest_closes_on=row["contest_closes_on"],
        published_at=row["published_at"],
        snapshot_sha256=row["snapshot_sha256"],
        version=row["version"],
        sample=row["sample"],
        agencies=[a["code"] for a in agencies],
        weights_ok=not results.weight_problems(indicators),
        indicators=[
            IndicatorOut(
                code=i.code,
                title_es=i.title.es,
                title_en=i.title.en,
                weight=i.weight,
                criteria=[
                    CriterionOut(
                        code=c.code,
                        title_es=c.title.es,
                        title_en=c.title.en,
                        description_es=c.description.es,
                        description_en=c.description.en,
                        weight=c.weight,
                    )
                    for c in i.criteria
                ],
            )
            for i in indicators
        ],
    )


async def list_years(actor: Actor) -> list[YearOut]:
    """The years the actor may read, latest first."""
    return [await _year_out(row) for row in await results.year_rows([policy.scorecard_years(actor)])]


async def get_year(actor: Actor, year: int) -> YearOut:
    """One year with its methodology and the agencies it rates."""
    return await _year_out(await visible_year(actor, year))


async def _contests(where: list[Any]) -> list[ContestOut]:
    rows = (
        await ScorecardContest.select(
            *ScorecardContest.all_columns(),
            ScorecardContest.scorecard._.year.as_alias("year"),
            ScorecardContest.agency._.code.as_alias("agency_code"),
            ScorecardContest.score._.criterion._.code.as_alias("criterion_code"),
        )
        .where(*where)
        .order_by(ScorecardContest.id)
    )
    return [
        ContestOut(
            **{k: v for k, v in row.items() if k in ContestOut.model_fields and k != "agency"},
            agency=row["agency_code"],
            criterion=row["criterion_code"],
        )
        for row in rows
    ]


async def contests(actor: Actor, year: int, state: str | None = None) -> list[ContestOut]:
    """A year's contests: all for the commission, its own agency's for a focal point."""
    row = await visible_year(actor, year)
    where = [ScorecardContest.scorecard == row["id"], policy.scorecard_contests(actor)]
    if state:
        where.append(ScorecardContest.state == state)
    return await _contests(where)


async def _agency(code: str) -> dict[str, Any]:
    row = await Agency.select().where((Agency.code == code.upper()), policy.agencies()).first()
    if not row:
        raise NotFound(_("institución desconocida «%(code)s»"), code=code)
    return row


async def _may_see_scores(actor: Actor, row: dict[str, Any], agency_id: int) -> bool:
    if actor.is_commission:
        return True  # even before anything is scored
    return await ScorecardScore.exists().where(
        (ScorecardScore.scorecard == row["id"]) & (ScorecardScore.agency == agency_id),
        policy.scorecard_scores(actor),
    )


async def sheet(actor: Actor, year: int, agency_code: str) -> SheetOut:
    """One agency's scores in one year: the commission's draft, the agency's own once shared,
    anyone's once published (404 otherwise)."""
    row = await visible_year(actor, year)
    agency = await _agency(agency_code)
    if not await _may_see_scores(actor, row, agency["id"]):
        raise NotFound(NOT_RATED, code=agency_code, year=year)
    model = await results.results_of(row)
    result = model.result(agency["code"])
    if result is None:
        raise NotFound(NOT_RATED, code=agency_code, year=year)
    live = {} if row["state"] == ScorecardState.PUBLISHED else await _live_scores(row["id"], agency["id"])
    found = (
        []
        if actor.is_anonymous
        else await _contests(
            [
                ScorecardContest.scorecard == row["id"],
                ScorecardContest.agency == agency["id"],
                policy.scorecard_contests(actor),
            ]
        )
    )
    return _sheet_out(model, result, live, {c.criterion: c for c in found}, row)


async def _live_scores(scorecard_id: int, agency_id: int) -> dict[str, dict[str, Any]]:
    return {r["criterion_code"]: r for r in await results.score_rows(scorecard_id, [agency_id])}


def _sheet_out(
    model: ScorecardModel,
    result: AgencyResult,
    live: dict[str, dict[str, Any]],
    contests_by_criterion: dict[str, ContestOut],
    row: dict[str, Any],
) -> SheetOut:
    indicator_of = {c.code: i.code for i in model.indicators for c in i.criteria}
    scores = [
        ScoreOut(
            criterion=s.criterion,
            indicator=indicator_of.get(s.criterion, ""),
            score=s.score,
            note=s.note,
            evidence_url=s.evidence_url,
            version=live[s.criterion]["version"] if s.criterion in live else None,
            scored_at=live[s.criterion]["scored_at"] if s.criterion in live else None,
            contest=contests_by_criterion.get(s.criterion),
        )
        for s in result.scores
    ]
    return SheetOut(
        year=model.year,
        state=model.state,
        agency=result.code,
        name_es=result.name.es,
        name_en=result.name.en,
        total=result.total,
        rank=result.rank if model.state == ScorecardState.PUBLISHED else None,
        indicators={i.indicator: i.score for i in result.indicators},
        scores=scores,
        contest_open=contest_window_open(row),
    )


def ranking_of(model: ScorecardModel) -> RankingOut:
    """The ranking a year's results make."""
    return RankingOut(
        year=model.year,
        state=model.state,
        complete=model.complete,
        indicators=[i.code for i in model.indicators],
        rows=[
            RankingRow(
                rank=r.rank,
                agency=r.code,
                name_es=r.name.es,
                name_en=r.name.en,
                total=r.total,
                indicators={i.indicator: i.score for i in r.indicators},
            )
            for r in model.results
        ],
    )


async def year_results(actor: Actor, year: int) -> ScorecardModel:
    """Every agency's results: a published year's for anyone, a draft's for the commission."""
    row = await visible_year(actor, year)
    if row["state"] != ScorecardState.PUBLISHED and not actor.is_commission:
        raise NotFound(MISSING, year=year)
    return await results.results_of(row)


async def ranking(actor: Actor, year: int) -> RankingOut:
    """The year's ranking (see `year_results` for who may read it)."""
    return ranking_of(await year_results(actor, year))


async def published() -> list[tuple[ScorecardModel, str]]:
    """Every public year's frozen results with their identifier (SHA-256), latest first."""
    rows = await results.year_rows([publicity.scorecard_years()])
    return [(ScorecardModel.model_validate_json(row["snapshot"]), row["snapshot_sha256"]) for row in rows]


async def profile(agency_code: str) -> ProfileOut:
    """An agency's published results, year over year (oldest first)."""
    agency = await _agency(agency_code)
    years = []
    for model, _identifier in reversed(await published()):
        result = model.result(agency["code"])
        if result is not None:
            years.append(
                ProfileYear(
                    year=model.year,
                    rank=result.rank,
                    rated=len(model.results),
                    total=result.total,
                    indicators={i.indicator: i.score for i in result.indicators},
                )
            )
    return ProfileOut(
        agency=agency["code"], name_es=agency["name_es"], name_en=agency["name_en"], years=years
    )


async def progress(actor: Actor, year: int) -> list[dict[str, Any]]:
    """For the commission: per rated agency, how many criteria are scored and open contests."""
    actor.require_commission()
    row = await visible_year(actor, year)
    indicators = await results.methodology(row["id"])
    criteria = sum(len(i.criteria) for i in indicators)
    scored: dict[str, int] = defaultdict(int)
    for score in await results.score_rows(row["id"]):
        scored[score["agency_code"]] += 1
    open_contests: dict[str, int] = defaultdict(int)
    for entry in await _contests([ScorecardContest.scorecard == row["id"], ScorecardContest.state == "open"]):
        open_contests[entry.agency] += 1
    return [
        {
            "code": a["code"],
            "name_es": a["name_es"],
            "name_en": a["name_en"],
            "scored": scored[a["code"]],
            "criteria": criteria,
            "open_contests": open_contests[a["code"]],
        }
        for a in await results.rated_agencies(row["id"])
    ]

"""A year of the transparency rating for tests: the seed's four indicators with six criteria,
every rated agency scored, shared for review, and the moment after its contest window."""

from __future__ import annotations

import datetime as dt

from commitments import clock
from commitments.actor import Actor
from commitments.scorecard import methodology, queries, scoring, years
from commitments.scorecard.results import rated_agencies
from commitments.scorecard.schemas import CriterionIn, ReviewIn, ScorecardIn, ScoreIn, SheetIn

# (indicator, code, weight): each indicator's criteria weigh 100.
CRITERIA = (
    ("1", "1.1", 60),
    ("1", "1.2", 40),
    ("2", "2.1", 100),
    ("3", "3.1", 50),
    ("3", "3.2", 50),
    ("4", "4.1", 100),
)


def score_of(agency: str, criterion: str) -> int:
    """A made-up score, the same on every run."""
    return (sum(map(ord, agency)) * 7 + sum(map(ord, criterion)) * 13) % 101


async def open_year(
    analyst: Actor, year: int, agencies: list[str] | None = None, sample: bool = False
) -> None:
    """A year with the seed's indicators and the six criteria above (nothing scored)."""
    await years.create_year(analyst, ScorecardIn(year=year, agencies=agencies, sample=sample))
    carried = {c.code for i in (await queries.get_year(analyst, year)).indicators for c in i.criteria}
    for indicator, code, weight in CRITERIA:
        if code in carried:  # copied from an earlier year
            continue
        await methodology.add_criterion(
            analyst,
            year,
            CriterionIn(
                indicator=indicator,
                code=code,
                title_es=f"Criterio {code}",
                title_en=f"Criterion {code}",
                weight=weight,
            ),
        )


async def score_all(analyst: Actor, year: int, scores=score_of, note: str | None = None) -> list[str]:
    """Score every rated agency on every criterion (with `note`, else one naming it); returns
    their codes."""
    row = await years.locked_year(year)
    codes = [a["code"] for a in await rated_agencies(row["id"])]
    for code in codes:
        sheet = [
            ScoreIn(criterion=c, score=scores(code, c), note=note or f"Nota {code} {c}")
            for _i, c, _w in CRITERIA
        ]
        await scoring.save_sheet(analyst, year, code, SheetIn(scores=sheet))
    return codes


def window() -> ReviewIn:
    """A week from today for the agencies to contest."""
    today = clock.today()
    return ReviewIn(contest_opens_on=today, contest_closes_on=today + dt.timedelta(days=7))


def after_window() -> dt.datetime:
    """An instant once the window above has closed."""
    return clock.now() + dt.timedelta(days=9)


async def scored_year(
    analyst: Actor,
    year: int,
    agencies: list[str] | None = None,
    scores=score_of,
    note: str | None = None,
    sample: bool = False,
) -> None:
    """A year fully scored and shared with the agencies for review."""
    await open_year(analyst, year, agencies, sample)
    await score_all(analyst, year, scores, note)
    await years.open_review(analyst, year, window())


async def published_year(
    analyst: Actor,
    year: int,
    agencies: list[str] | None = None,
    scores=score_of,
    note: str | None = None,
    sample: bool = False,
) -> str:
    """A year published after its window; returns its identifier."""
    await scored_year(analyst, year, agencies, scores, note, sample)
    with clock.pinned(after_window()):
        return await years.publish(analyst, year)

"""Publishing a year freezes it: a score saved at the same moment either lands before the
snapshot is taken (and is in it) or is refused with 409, never after it unseen. The race runs
for real, in separate transactions (not the tests' rolled-back one), a hundred times."""

from __future__ import annotations

import asyncio

from commitments import clock
from commitments.actor import Actor
from commitments.errors import Conflict
from commitments.scorecard import scoring, years
from commitments.scorecard.model import ScorecardModel
from commitments.scorecard.schemas import ScoreIn, SheetIn
from commitments.tables import (
    ScorecardAgency,
    ScorecardContest,
    ScorecardCriterion,
    ScorecardIndicator,
    ScorecardScore,
    ScorecardYear,
)
from tests.scorecard_world import after_window, scored_year

ROUNDS = 100
FIRST = 1990  # years no other test uses


async def _forget(first: int, last: int) -> None:
    ids = [
        r["id"]
        for r in await ScorecardYear.select(ScorecardYear.id).where(
            ScorecardYear.year.is_in(list(range(first, last)))
        )
    ]
    if ids:
        for table in (
            ScorecardContest,
            ScorecardScore,
            ScorecardCriterion,
            ScorecardIndicator,
            ScorecardAgency,
        ):
            await table.delete().where(table.scorecard.is_in(ids))
        await ScorecardYear.delete().where(ScorecardYear.id.is_in(ids))


async def _round(analyst: Actor, year: int) -> tuple[bool, int, int]:
    """Publish and change a score at once (which starts first alternates); (was the change
    kept, the stored score, the frozen one)."""
    await scored_year(analyst, year, ["MINFIN"], lambda _agency, _criterion: 40)
    change = scoring.save_sheet(analyst, year, "MINFIN", SheetIn(scores=[ScoreIn(criterion="1.1", score=99)]))
    with clock.pinned(after_window()):
        if year % 2:
            published, changed = await asyncio.gather(
                years.publish(analyst, year), change, return_exceptions=True
            )
        else:
            changed, published = await asyncio.gather(
                change, years.publish(analyst, year), return_exceptions=True
            )
    assert isinstance(published, str), published
    assert changed is None or isinstance(changed, Conflict), changed
    row = await ScorecardYear.select().where(ScorecardYear.year == year).first()
    frozen = ScorecardModel.model_validate_json(row["snapshot"]).results[0].scores[0].score
    stored = await ScorecardScore.select(ScorecardScore.score).where(
        (ScorecardScore.scorecard == row["id"]) & (ScorecardScore.criterion._.code == "1.1")
    )
    return changed is None, stored[0]["score"], frozen or 0


async def test_a_score_saved_while_the_year_is_published_is_in_the_snapshot_or_refused(seeded):
    analyst = seeded["analyst"]
    await _forget(FIRST, FIRST + ROUNDS)
    try:
        # Latest first: a new year copies the methodology of an earlier one, and there is none.
        outcomes = [await _round(analyst, year) for year in reversed(range(FIRST, FIRST + ROUNDS))]
    finally:
        await _forget(FIRST, FIRST + ROUNDS)
    for kept, stored, frozen in outcomes:
        assert stored == frozen == (99 if kept else 40)
    assert {kept for kept, _stored, _frozen in outcomes} == {True, False}  # both orders happened

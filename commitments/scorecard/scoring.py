"""Evaluators' scores, the agencies' contests and the commission's answers."""

from __future__ import annotations

from typing import Any

from commitments import clock, policy
from commitments.actor import Actor
from commitments.db import writing
from commitments.errors import Conflict, Forbidden, InvalidInput, NotFound
from commitments.i18n import _
from commitments.scorecard.schemas import AnswerIn, ContestIn, SheetIn
from commitments.scorecard.years import MISSING, locked_year, refuse_published
from commitments.services import audit
from commitments.tables import ScorecardAgency, ScorecardContest, ScorecardCriterion, ScorecardScore
from commitments.vocabulary import ContestState, ScorecardState

NOT_RATED = _("la institución %(code)s no está en la calificación %(year)s")
STALE = _("otra persona cambió el puntaje de «%(code)s» después de que usted lo abrió; vuelva a cargarlo")


async def rated_agency(scorecard_id: int, year: int, code: str) -> dict[str, Any]:
    """An agency the year rates, by code (404 otherwise)."""
    row = (
        await ScorecardAgency.select(
            ScorecardAgency.agency.as_alias("id"), ScorecardAgency.agency._.code.as_alias("code")
        )
        .where((ScorecardAgency.scorecard == scorecard_id) & (ScorecardAgency.agency._.code == code.upper()))
        .first()
    )
    if not row:
        raise NotFound(NOT_RATED, code=code, year=year)
    return row


async def save_sheet(actor: Actor, year: int, agency_code: str, data: SheetIn) -> None:
    """Record an evaluator's scores of one agency (new ones, or changes to stored ones whose
    version matches), in one transaction."""
    actor.require_commission()
    async with writing():
        row = await locked_year(year)
        refuse_published(row)
        agency = await rated_agency(row["id"], year, agency_code)
        criteria = {
            r["code"]: r["id"]
            for r in await ScorecardCriterion.select(ScorecardCriterion.id, ScorecardCriterion.code).where(
                ScorecardCriterion.scorecard == row["id"]
            )
        }
        stored = {
            r["criterion"]: r
            for r in await ScorecardScore.select().where(
                (ScorecardScore.scorecard == row["id"]) & (ScorecardScore.agency == agency["id"])
            )
        }
        changes = []
        for item in data.scores:
            if item.criterion not in criteria:
                raise InvalidInput(_("criterio «%(code)s» no encontrado"), code=item.criterion)
            change = await _save_score(actor, row["id"], agency["id"], criteria[item.criterion], stored, item)
            if change:
                changes.append(change)
        if changes:
            await audit.record(
                actor,
                "scorecard.score",
                "scorecard",
                year,
                after={"agency": agency["code"], "scores": changes},
            )


async def _save_score(
    actor: Actor,
    scorecard_id: int,
    agency_id: int,
    criterion_id: int,
    stored: dict[int, dict[str, Any]],
    item: Any,
) -> dict[str, Any] | None:
    values = {"score": item.score, "note": item.note, "evidence_url": item.evidence_url}
    existing = stored.get(criterion_id)
    now = clock.now()
    if existing is None:
        if item.version is not None:
            raise Conflict(STALE, code=item.criterion)
        await ScorecardScore(
            scorecard=scorecard_id,
            criterion=criterion_id,
            agency=agency_id,
            scored_by=actor.user_id,
            scored_at=now,
            **values,
        ).save()
        return {"criterion": item.criterion, **values}
    if item.version is not None and item.version != existing["version"]:
        raise Conflict(STALE, code=item.criterion)
    if all(existing[k] == v for k, v in values.items()):
        return None
    await ScorecardScore.update(
        {
            ScorecardScore.score: item.score,
            ScorecardScore.note: item.note,
            ScorecardScore.evidence_url: item.evidence_url,
            ScorecardScore.scored_by: actor.user_id,
            ScorecardScore.scored_at: now,
            ScorecardScore.version: ScorecardScore.version + 1,
        }
    ).where(ScorecardScore.id == existing["id"])
    return {"criterion": item.criterion, "before": existing["score"], **values}


def contest_window_open(row: dict[str, Any]) -> bool:
    """Whether the year's agencies may contest today (its review window, both days included)."""
    opens, closes = row["contest_opens_on"], row["contest_closes_on"]
    return (
        row["state"] == ScorecardState.REVIEW
        and opens is not None
        and closes is not None
        and opens <= clock.today() <= closes
    )


async def contest(actor: Actor, year: int, agency_code: str, data: ContestIn) -> int:
    """An agency's focal point objects to one of its draft scores (once per score)."""
    actor.require_authenticated()
    if not actor.is_focal_point:
        raise Forbidden(_("solo los enlaces de la institución calificada pueden impugnar sus puntajes"))
    async with writing():
        row = await locked_year(year)
        if row["state"] not in policy.SHARED_WITH_AGENCIES:
            raise NotFound(MISSING, year=year)  # not shared with the agencies yet
        agency = await rated_agency(row["id"], year, agency_code)
        if agency["id"] != actor.agency_id:
            raise NotFound(NOT_RATED, code=agency_code, year=year)  # another agency's: not theirs to see
        refuse_published(row)
        if not contest_window_open(row):
            raise Conflict(_("el plazo para impugnar los puntajes de %(year)s no está abierto"), year=year)
        score = (
            await ScorecardScore.select(ScorecardScore.id, ScorecardScore.score)
            .where(
                (ScorecardScore.scorecard == row["id"])
                & (ScorecardScore.agency == agency["id"])
                & (ScorecardScore.criterion._.code == data.criterion)
            )
            .first()
        )
        if not score:
            raise NotFound(_("criterio «%(code)s» no encontrado"), code=data.criterion)
        if await ScorecardContest.exists().where(ScorecardContest.score == score["id"]):
            raise Conflict(_("este puntaje ya fue impugnado"))
        entry = ScorecardContest(
            scorecard=row["id"],
            score=score["id"],
            agency=agency["id"],
            reason=data.reason,
            submitted_by=actor.user_id,
            submitted_at=clock.now(),
            score_before=score["score"],
        )
        await entry.save()
        await audit.record(
            actor,
            "scorecard.contest",
            "scorecard",
            year,
            after={"contest": entry.id, "agency": agency["code"], **data.model_dump()},
        )
    return int(entry.id)


async def answer(actor: Actor, year: int, contest_id: int, data: AnswerIn) -> None:
    """The commission answers a contest; upholding it may correct the score at once."""
    actor.require_commission()
    async with writing():
        row = await locked_year(year)
        refuse_published(row)
        entry = (
            await ScorecardContest.select()
            .where((ScorecardContest.id == contest_id) & (ScorecardContest.scorecard == row["id"]))
            .first()
        )
        if not entry:
            raise NotFound(_("impugnación no encontrada"))
        if entry["state"] != ContestState.OPEN:
            raise Conflict(_("esta impugnación ya fue respondida"))
        if data.score is not None and data.decision != ContestState.UPHELD:
            raise InvalidInput(_("solo una impugnación aceptada corrige el puntaje"))
        score = await ScorecardScore.select().where(ScorecardScore.id == entry["score"]).first()
        assert score is not None  # held by the contest's foreign key
        after = score["score"]
        if data.score is not None and data.score != score["score"]:
            after = data.score
            await ScorecardScore.update(
                {
                    ScorecardScore.score: data.score,
                    ScorecardScore.scored_by: actor.user_id,
                    ScorecardScore.scored_at: clock.now(),
                    ScorecardScore.version: ScorecardScore.version + 1,
                }
            ).where(ScorecardScore.id == score["id"])
        await ScorecardContest.update(
            {
                ScorecardContest.state: data.decision,
                ScorecardContest.answer: data.answer,
                ScorecardContest.answered_by: actor.user_id,
                ScorecardContest.answered_at: clock.now(),
                ScorecardContest.score_after: after,
            }
        ).where(ScorecardContest.id == contest_id)
        await audit.record(
            actor,
            "scorecard.answer",
            "scorecard",
            year,
            before={"contest": contest_id, "score": score["score"]},
            after={"contest": contest_id, "decision": data.decision, "answer": data.answer, "score": after},
        )

"""The commission's methodology of a year: its indicators and their weighted criteria. It may
change only while the year is being prepared: once the draft scores go to the agencies it is
fixed, and once published it never changes (409)."""

from __future__ import annotations

from typing import Any

from commitments.actor import Actor
from commitments.db import by_name, writing
from commitments.errors import Conflict, NotFound
from commitments.i18n import _
from commitments.scorecard.schemas import CriterionIn, CriterionPatch, IndicatorIn, IndicatorPatch
from commitments.scorecard.years import locked_year, refuse_published
from commitments.services import audit
from commitments.tables import ScorecardCriterion, ScorecardIndicator, ScorecardScore
from commitments.vocabulary import ScorecardState

NO_INDICATOR = _("indicador «%(code)s» no encontrado")
NO_CRITERION = _("criterio «%(code)s» no encontrado")


async def _preparing(actor: Actor, year: int) -> dict[str, Any]:
    """The year's locked row, if its methodology may still change."""
    actor.require_commission()
    row = await locked_year(year)
    refuse_published(row)
    if row["state"] != ScorecardState.PREPARING:
        raise Conflict(
            _("la metodología de %(year)s quedó fija al enviar los puntajes a las instituciones"), year=year
        )
    return row


async def _record(actor: Actor, year: int, change: str, code: str, before: Any, after: Any) -> None:
    await audit.record(
        actor,
        "scorecard.methodology",
        "scorecard",
        year,
        before=before,
        after={"change": change, "code": code, **after},
    )


async def _indicator(scorecard_id: int, code: str) -> dict[str, Any]:
    row = (
        await ScorecardIndicator.select()
        .where((ScorecardIndicator.scorecard == scorecard_id) & (ScorecardIndicator.code == code))
        .first()
    )
    if not row:
        raise NotFound(NO_INDICATOR, code=code)
    return row


async def _criterion(scorecard_id: int, code: str) -> dict[str, Any]:
    row = (
        await ScorecardCriterion.select()
        .where((ScorecardCriterion.scorecard == scorecard_id) & (ScorecardCriterion.code == code))
        .first()
    )
    if not row:
        raise NotFound(NO_CRITERION, code=code)
    return row


async def add_indicator(actor: Actor, year: int, data: IndicatorIn) -> None:
    """Add an indicator at the end of the year's methodology."""
    async with writing():
        row = await _preparing(actor, year)
        existing = await ScorecardIndicator.select(ScorecardIndicator.code).where(
            ScorecardIndicator.scorecard == row["id"]
        )
        if any(r["code"] == data.code for r in existing):
            raise Conflict(_("el indicador «%(code)s» ya existe"), code=data.code)
        await ScorecardIndicator(scorecard=row["id"], position=len(existing), **data.model_dump()).save()
        await _record(actor, year, "indicator.add", data.code, None, data.model_dump())


async def update_indicator(actor: Actor, year: int, code: str, data: IndicatorPatch) -> None:
    """Rename or reweigh an indicator."""
    async with writing():
        row = await _preparing(actor, year)
        indicator = await _indicator(row["id"], code)
        changed = {k: v for k, v in data.model_dump(exclude_unset=True).items() if indicator[k] != v}
        if changed:
            await ScorecardIndicator.update(by_name(changed)).where(ScorecardIndicator.id == indicator["id"])
            await _record(actor, year, "indicator.update", code, {k: indicator[k] for k in changed}, changed)


async def delete_indicator(actor: Actor, year: int, code: str) -> None:
    """Remove an indicator that has no criteria."""
    async with writing():
        row = await _preparing(actor, year)
        indicator = await _indicator(row["id"], code)
        if await ScorecardCriterion.exists().where(ScorecardCriterion.indicator == indicator["id"]):
            raise Conflict(_("el indicador «%(code)s» tiene criterios: quítelos primero"), code=code)
        await ScorecardIndicator.delete().where(ScorecardIndicator.id == indicator["id"])
        await _record(actor, year, "indicator.delete", code, {"title_es": indicator["title_es"]}, {})


async def add_criterion(actor: Actor, year: int, data: CriterionIn) -> None:
    """Add a criterion at the end of one of the year's indicators."""
    async with writing():
        row = await _preparing(actor, year)
        indicator = await _indicator(row["id"], data.indicator)
        if await ScorecardCriterion.exists().where(
            (ScorecardCriterion.scorecard == row["id"]) & (ScorecardCriterion.code == data.code)
        ):
            raise Conflict(_("el criterio «%(code)s» ya existe"), code=data.code)
        position = await ScorecardCriterion.count().where(ScorecardCriterion.indicator == indicator["id"])
        values = data.model_dump(exclude={"indicator"})
        await ScorecardCriterion(
            scorecard=row["id"], indicator=indicator["id"], position=position, **values
        ).save()
        await _record(actor, year, "criterion.add", data.code, None, data.model_dump())


async def update_criterion(actor: Actor, year: int, code: str, data: CriterionPatch) -> None:
    """Rename, describe or reweigh a criterion."""
    async with writing():
        row = await _preparing(actor, year)
        criterion = await _criterion(row["id"], code)
        changed = {k: v for k, v in data.model_dump(exclude_unset=True).items() if criterion[k] != v}
        if changed:
            await ScorecardCriterion.update(by_name(changed)).where(ScorecardCriterion.id == criterion["id"])
            await _record(actor, year, "criterion.update", code, {k: criterion[k] for k in changed}, changed)


async def delete_criterion(actor: Actor, year: int, code: str) -> None:
    """Remove a criterion no agency has been scored on (the scores' foreign key holds it too)."""
    async with writing():
        row = await _preparing(actor, year)
        criterion = await _criterion(row["id"], code)
        if await ScorecardScore.exists().where(ScorecardScore.criterion == criterion["id"]):
            raise Conflict(_("el criterio «%(code)s» ya tiene puntajes y no se puede quitar"), code=code)
        await ScorecardCriterion.delete().where(ScorecardCriterion.id == criterion["id"])
        await _record(actor, year, "criterion.delete", code, {"title_es": criterion["title_es"]}, {})

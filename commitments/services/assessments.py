"""Rating recommendations on their mechanism's own scale, period by period."""

from __future__ import annotations

from typing import Any

from commitments import clock, kinds, policy
from commitments.actor import Actor
from commitments.db import writing
from commitments.errors import InvalidInput, NotFound
from commitments.i18n import _
from commitments.lookup import level_by_code, period_by_code, scale_of_cycle
from commitments.schemas import AssessmentIn
from commitments.services import audit
from commitments.tables import Assessment, Recommendation, ReviewDocument
from commitments.vocabulary import Source


async def record_assessment(actor: Actor, recommendation_id: int, data: AssessmentIn) -> int:
    """Append a self or reviewer rating on the scale of the item's cycle; a reviewer's rating
    names the document that issued it; a self rating in the latest period sets the current level."""
    actor.require_commission()
    async with writing():
        recommendation = (
            await Recommendation.select(
                Recommendation.id,
                Recommendation.code,
                Recommendation.kind,
                Recommendation.cycle,
                Recommendation.country,
                Recommendation.cycle._.mechanism.as_alias("m"),
                Recommendation.cycle._.mechanism._.code.as_alias("mechanism"),
            )
            .where(Recommendation.id == recommendation_id, policy.recommendations(actor))
            .first()
        )
        if not recommendation:
            raise NotFound(_("recomendación no encontrada"))
        ensure_rated(recommendation["mechanism"], recommendation["kind"])
        period = await period_by_code(data.period)
        level = await level_by_code(await scale_of_cycle(recommendation["cycle"]), data.level)
        document = await _document(recommendation, data)
        row = Assessment(
            recommendation=recommendation_id,
            period=period["id"],
            level=level["id"],
            source=data.source,
            document=document,
            narrative=data.narrative,
            assessed_by=actor.user_id,
            assessed_at=clock.now(),
        )
        await row.save()
        if data.source == Source.SELF:
            await refresh_current_level(recommendation_id)
        await audit.record(
            actor,
            "assessment.create",
            "recommendation",
            recommendation["code"],
            after=data.model_dump(mode="json"),
        )
    return row.id


def ensure_rated(mechanism: str, kind: str) -> None:
    """Refuse a rating for an item its mechanism does not rate (a finding, a StAR engagement)."""
    if not kinds.is_rated(mechanism, kind):
        raise InvalidInput(
            _("%(mechanism)s no valora los elementos de tipo «%(kind)s»"), mechanism=mechanism, kind=kind
        )


async def _document(recommendation: dict[str, Any], data: AssessmentIn) -> int | None:
    """The review document a reviewer's rating cites: one of the country's, of the same mechanism."""
    if data.source != Source.REVIEWER:
        if data.document is not None:
            raise InvalidInput(_("solo la valoración del mecanismo cita un documento de revisión"))
        return None
    if data.document is None:
        raise InvalidInput(_("indique el documento de revisión que emitió esta valoración"))
    found = await ReviewDocument.exists().where(
        (ReviewDocument.id == data.document)
        & (ReviewDocument.country == recommendation["country"])
        & (ReviewDocument.mechanism == recommendation["m"])
    )
    if not found:
        raise InvalidInput(
            _("documento de revisión %(id)s desconocido para este mecanismo"), id=data.document
        )
    return data.document


async def refresh_current_level(recommendation_id: int) -> None:
    """Current level = the latest self assessment of the latest period that has one."""
    latest = (
        await Assessment.select(Assessment.level)
        .where((Assessment.recommendation == recommendation_id) & (Assessment.source == Source.SELF))
        .order_by(Assessment.period._.ends_on, ascending=False)
        .order_by(Assessment.assessed_at, ascending=False)
        .order_by(Assessment.id, ascending=False)
        .first()
    )
    await Recommendation.update(
        {
            Recommendation.current_level: latest["level"] if latest else None,
        }
    ).where(Recommendation.id == recommendation_id)

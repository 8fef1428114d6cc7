"""Rating recommendations on their mechanism's own scale, period by period."""

from __future__ import annotations

from commitments import clock, policy
from commitments.actor import Actor
from commitments.db import writing
from commitments.errors import NotFound
from commitments.i18n import _
from commitments.lookup import level_by_code, period_by_code
from commitments.schemas import AssessmentIn
from commitments.services import audit
from commitments.tables import Assessment, Recommendation
from commitments.vocabulary import Source


async def record_assessment(actor: Actor, recommendation_id: int, data: AssessmentIn) -> int:
    """Append a self or reviewer rating; a self rating in the latest period sets the current level."""
    actor.require_commission()
    async with writing():
        recommendation = (
            await Recommendation.select(
                Recommendation.id,
                Recommendation.code,
                Recommendation.cycle._.mechanism.as_alias("m"),
            )
            .where(Recommendation.id == recommendation_id, policy.recommendations(actor))
            .first()
        )
        if not recommendation:
            raise NotFound(_("recomendación no encontrada"))
        period = await period_by_code(data.period)
        level = await level_by_code(recommendation["m"], data.level)
        row = Assessment(
            recommendation=recommendation_id,
            period=period["id"],
            level=level["id"],
            source=data.source,
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

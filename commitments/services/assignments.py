"""Assigning recommendations to the agencies that must act on them."""

from __future__ import annotations

from commitments import clock, policy
from commitments.actor import Actor
from commitments.db import writing
from commitments.errors import Conflict, NotFound
from commitments.i18n import _
from commitments.lookup import agency_by_code
from commitments.mail import notices
from commitments.schemas import AssignmentIn
from commitments.services import audit
from commitments.tables import Assignment, Recommendation, Response


async def assign(actor: Actor, recommendation_id: int, data: AssignmentIn) -> int:
    """Make an agency lead or support a recommendation; one assignment per agency."""
    actor.require_commission()
    async with writing():
        recommendation = (
            await Recommendation.select(Recommendation.id, Recommendation.code)
            .where(Recommendation.id == recommendation_id, policy.recommendations(actor))
            .first()
        )
        if not recommendation:
            raise NotFound(_("recomendación no encontrada"))
        agency = await agency_by_code(data.agency)
        if await Assignment.exists().where(
            (Assignment.recommendation == recommendation_id) & (Assignment.agency == agency["id"])
        ):
            raise Conflict(
                _("%(agency)s ya está asignada a %(code)s"),
                agency=agency["code"],
                code=recommendation["code"],
            )
        row = Assignment(
            recommendation=recommendation_id,
            agency=agency["id"],
            role=data.role,
            due_on=data.due_on,
            created_at=clock.now(),
        )
        await row.save()
        await notices.assigned([row.id])
        await audit.record(
            actor,
            "assignment.create",
            "assignment",
            row.id,
            after={
                "recommendation": recommendation["code"],
                "agency": agency["code"],
                "role": data.role,
                "due_on": data.due_on,
            },
        )
    return row.id


async def unassign(actor: Actor, assignment_id: int) -> None:
    """Remove an assignment that has no responses yet (answered work is never discarded)."""
    await policy.ensure_commission_may_change(actor, policy.ASSIGNMENT, assignment_id)
    async with writing():
        row = (
            await Assignment.select(
                Assignment.id, Assignment.recommendation._.code, Assignment.agency._.code, Assignment.role
            )
            .where(Assignment.id == assignment_id)
            .first()
        )
        if not row:
            raise NotFound(_("asignación no encontrada"))
        if await Response.exists().where(Response.assignment == assignment_id):
            raise Conflict(_("esta asignación ya tiene respuestas y no puede quitarse"))
        await Assignment.delete().where(Assignment.id == assignment_id)
        await audit.record(
            actor,
            "assignment.delete",
            "assignment",
            assignment_id,
            before={
                "recommendation": row["recommendation.code"],
                "agency": row["agency.code"],
                "role": row["role"],
            },
        )

"""Object-level rules shared by services: which assignments an actor may see."""

from __future__ import annotations

from typing import Any

from commitments.actor import Actor
from commitments.errors import NotFound
from commitments.i18n import _
from commitments.tables import Assignment


async def assignment_for(actor: Actor, assignment_id: int) -> dict[str, Any]:
    """The assignment if the actor may see it; otherwise NotFound (its existence is private)."""
    actor.require_authenticated()
    row = (
        await Assignment.select(
            Assignment.all_columns(),
            Assignment.agency.code.as_alias("agency_code"),
            Assignment.recommendation.code.as_alias("recommendation_code"),
            Assignment.recommendation.cycle.mechanism.as_alias("mechanism_id"),
        )
        .where(Assignment.id == assignment_id)
        .first()
    )
    if not row or not may_see_agency(actor, row["agency"]):
        raise NotFound(_("asignación no encontrada"))
    return row


def may_see_agency(actor: Actor, agency_id: int) -> bool:
    """Focal points see their own agency's work only; commission and reviewers see all."""
    if actor.is_focal_point:
        return actor.agency_id == agency_id
    return not actor.is_anonymous


async def agency_ids_of_recommendation(recommendation_id: int) -> set[int]:
    """The agencies assigned to a recommendation."""
    rows = await Assignment.select(Assignment.agency).where(Assignment.recommendation == recommendation_id)
    return {row["agency"] for row in rows}


async def hide_from_other_agencies(actor: Actor, entity: str, object_id: int) -> None:
    """For a focal point, an object of another agency does not exist (404 before any 403)."""
    from commitments.tables import Response

    if not actor.is_focal_point:
        return
    if entity == "assignment":
        await assignment_for(actor, object_id)
    elif entity == "response":
        row = (
            await Response.select(Response.assignment.agency.as_alias("agency"))
            .where(Response.id == object_id)
            .first()
        )
        if not row or row["agency"] != actor.agency_id:
            raise NotFound(_("respuesta no encontrada"))
    elif entity == "evidence":
        from commitments.queries.workflow import get_evidence

        await get_evidence(actor, object_id)
    else:
        raise ValueError(entity)

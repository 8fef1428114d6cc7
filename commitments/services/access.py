"""Object-level rules shared by services: which assignments an actor may see."""

from __future__ import annotations

from typing import Any

from commitments.actor import Actor
from commitments.errors import NotFound
from commitments.tables import Assignment


async def assignment_for(actor: Actor, assignment_id: int) -> dict[str, Any]:
    """The assignment if the actor may see it; otherwise NotFound (its existence is private)."""
    actor.require_authenticated()
    row = await Assignment.select(
        Assignment.all_columns(), Assignment.agency.code.as_alias("agency_code"),
        Assignment.recommendation.code.as_alias("recommendation_code"),
        Assignment.recommendation.cycle.mechanism.as_alias("mechanism_id"),
    ).where(Assignment.id == assignment_id).first()
    if not row or not may_see_agency(actor, row["agency"]):
        raise NotFound("assignment not found")
    return row


def may_see_agency(actor: Actor, agency_id: int) -> bool:
    """Focal points see their own agency's work only; commission and reviewers see all."""
    if actor.is_focal_point:
        return actor.agency_id == agency_id
    return not actor.is_anonymous


async def agency_ids_of_recommendation(recommendation_id: int) -> set[int]:
    """The agencies assigned to a recommendation."""
    rows = await Assignment.select(Assignment.agency).where(
        Assignment.recommendation == recommendation_id)
    return {row["agency"] for row in rows}

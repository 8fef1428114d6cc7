"""The dashboard: progress by mechanism and state, overdue work, recent activity."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from commitments import clock, policy
from commitments.actor import Actor
from commitments.rules import OWING, progress_summary, state_of
from commitments.tables import Assignment, AuditEvent, Recommendation, Response
from commitments.vocabulary import ResponseState


class MechanismProgress(BaseModel):
    mechanism: str
    total: int
    states: dict[str, int]


class OverdueItem(BaseModel):
    assignment_id: int
    recommendation_id: int
    recommendation: str
    agency: str
    due_on: dt.date
    state: str


class ActivityItem(BaseModel):
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str


class Dashboard(BaseModel):
    by_mechanism: list[MechanismProgress]
    overdue: list[OverdueItem]
    awaiting_review: int
    activity: list[ActivityItem]


async def dashboard(actor: Actor, today: dt.date | None = None) -> Dashboard:
    """Counts by mechanism and state, overdue assignments and recent changes, as the actor may see."""
    today = today or clock.today()
    query = Recommendation.select(
        Recommendation.cycle._.mechanism._.code.as_alias("mechanism"),
        Recommendation.current_level._.state.as_alias("state"),
    )
    rows = await query.where(policy.recommendations(actor))
    by_mechanism: dict[str, list[str]] = {}
    for row in rows:
        by_mechanism.setdefault(row["mechanism"], []).append(state_of(row["state"]))
    progress = [
        MechanismProgress(mechanism=m, total=len(s), states=progress_summary(s))
        for m, s in sorted(by_mechanism.items())
    ]
    return Dashboard(
        by_mechanism=progress,
        overdue=await _overdue(actor, today),
        awaiting_review=await _awaiting(actor),
        activity=await _activity(actor),
    )


async def _overdue(actor: Actor, today: dt.date) -> list[OverdueItem]:
    rows = (
        await Assignment.select(
            Assignment.id.as_alias("assignment_id"),
            Assignment.recommendation.as_alias("recommendation_id"),
            Assignment.due_on,
            Assignment.state,
            Assignment.recommendation._.code.as_alias("recommendation"),
            Assignment.agency._.code.as_alias("agency"),
        )
        .where(Assignment.due_on < today, Assignment.state.is_in(list(OWING)), policy.assignments(actor))
        .order_by(Assignment.due_on)
        .limit(50)
    )
    return [OverdueItem.model_validate(row) for row in rows]


async def _awaiting(actor: Actor) -> int:
    if not actor.is_commission:
        return 0
    return await Response.count().where(Response.state == ResponseState.SUBMITTED, policy.responses(actor))


async def _activity(actor: Actor) -> list[ActivityItem]:
    if not actor.is_commission:
        return []
    rows = (
        await AuditEvent.select(
            AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.entity, AuditEvent.entity_id
        )
        .where(policy.audit_events(actor))
        .order_by(AuditEvent.seq, ascending=False)
        .limit(10)
    )
    return [ActivityItem.model_validate(row) for row in rows]

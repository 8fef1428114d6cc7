"""Assignments, responses, evidence and assessments as each actor may see them."""

from __future__ import annotations

from typing import Any

from commitments import clock
from commitments.actor import Actor
from commitments.errors import NotFound
from commitments.i18n import _
from commitments.queries.models import (
    AssessmentOut,
    AssignmentOut,
    EvidenceOut,
    Page,
    ResponseOut,
)
from commitments.queries.recommendations import (
    MAX_PAGE_SIZE,
    ensure_visible,
    get_recommendation,
    level_columns,
    level_out,
)
from commitments.rules import is_overdue
from commitments.tables import Assessment, Assignment, Evidence, Period, Response
from commitments.vocabulary import ResponseState

_RESPONSE_COLUMNS = (
    Response.all_columns(),
    Response.period.code.as_alias("period_code"),
    Response.assignment.agency.code.as_alias("agency_code"),
    Response.assignment.agency.as_alias("agency_id"),
    Response.assignment.recommendation.as_alias("recommendation_id"),
    Response.assignment.recommendation.code.as_alias("recommendation_code"),
    Response.proposed_level.code.as_alias("proposed_level_code"),
)


async def open_period() -> dict[str, Any] | None:
    """The open period with the latest end (agencies answer in it)."""
    return (
        await Period.select().where(Period.is_open.eq(True)).order_by(Period.ends_on, ascending=False).first()
    )


def response_out(row: dict[str, Any]) -> ResponseOut:
    """A response from a row of _RESPONSE_COLUMNS."""
    return ResponseOut(
        id=row["id"],
        assignment_id=row["assignment"],
        agency=row["agency_code"],
        recommendation_id=row["recommendation_id"],
        recommendation=row["recommendation_code"],
        period=row["period_code"],
        actions_taken=row["actions_taken"],
        challenges=row["challenges"],
        assistance_needed=row["assistance_needed"],
        next_steps=row["next_steps"],
        target_date=row["target_date"],
        proposed_level=row["proposed_level_code"],
        state=row["state"],
        submitted_at=row["submitted_at"],
        review_comment=row["review_comment"],
        reviewed_at=row["reviewed_at"],
        version=row["version"],
    )


async def list_assignments(
    actor: Actor,
    agency: str | None = None,
    period: str | None = None,
    state: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> Page[AssignmentOut]:
    """Assignments with their response in `period` (default: the open one); focal points see
    only their agency's; reviewers see none (they read statuses, not the agencies' work)."""
    actor.require_authenticated()
    page, page_size = max(page, 1), min(max(page_size, 1), MAX_PAGE_SIZE)
    conditions: list[Any] = []
    if actor.is_focal_point:
        conditions.append(Assignment.agency == actor.agency_id)
    elif actor.is_reviewer:
        return Page[AssignmentOut](items=[], total=0, page=page, page_size=page_size)
    if agency:
        conditions.append(Assignment.agency.code == agency.upper())
    if state:
        conditions.append(Assignment.state == state)
    count = Assignment.count()
    select = Assignment.select(
        Assignment.all_columns(),
        Assignment.agency.code.as_alias("agency_code"),
        Assignment.recommendation.code.as_alias("rec_code"),
        Assignment.recommendation.reference.as_alias("rec_reference"),
        Assignment.recommendation.title.as_alias("rec_title"),
        Assignment.recommendation.text.as_alias("rec_text"),
        Assignment.recommendation.cycle.mechanism.code.as_alias("mechanism"),
    )
    if conditions:
        count, select = count.where(*conditions), select.where(*conditions)
    total = await count
    rows = (
        await select.order_by(Assignment.due_on)
        .order_by(Assignment.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    responses = await _responses_for([r["id"] for r in rows], period)
    today = clock.today()
    items = [
        AssignmentOut(
            id=r["id"],
            recommendation_id=r["recommendation"],
            recommendation=r["rec_code"],
            mechanism=r["mechanism"],
            reference=r["rec_reference"],
            title=r["rec_title"],
            text=r["rec_text"],
            agency=r["agency_code"],
            role=r["role"],
            state=r["state"],
            due_on=r["due_on"],
            overdue=is_overdue(r["due_on"], r["state"], today),
            response=responses.get(r["id"]),
            version=r["version"],
        )
        for r in rows
    ]
    return Page[AssignmentOut](items=items, total=total, page=page, page_size=page_size)


async def _responses_for(assignment_ids: list[int], period: str | None) -> dict[int, ResponseOut]:
    if not assignment_ids:
        return {}
    if period is None:
        current = await open_period()
        if not current:
            return {}
        period = current["code"]
    rows = await Response.select(*_RESPONSE_COLUMNS).where(
        Response.assignment.is_in(assignment_ids), Response.period.code == period
    )
    return {row["assignment"]: response_out(row) for row in rows}


async def responses_of_recommendation(actor: Actor, recommendation_id: int) -> list[ResponseOut]:
    """Responses on a recommendation: all for the commission, own agency's for a focal point."""
    await ensure_visible(actor, recommendation_id)
    if actor.is_reviewer:
        return []
    query = Response.select(*_RESPONSE_COLUMNS).where(Response.assignment.recommendation == recommendation_id)
    if actor.is_focal_point:
        query = query.where(Response.assignment.agency == actor.agency_id)
    rows = await query.order_by(Response.period.ends_on, ascending=False)
    return [response_out(row) for row in rows]


async def get_response(actor: Actor, response_id: int) -> ResponseOut:
    """One response, if the actor may see it."""
    actor.require_authenticated()
    row = await Response.select(*_RESPONSE_COLUMNS).where(Response.id == response_id).first()
    if not row or actor.is_reviewer or (actor.is_focal_point and row["agency_id"] != actor.agency_id):
        raise NotFound(_("respuesta no encontrada"))
    return response_out(row)


async def review_queue(actor: Actor) -> list[ResponseOut]:
    """Submitted responses waiting for the commission, oldest first."""
    actor.require_commission()
    rows = (
        await Response.select(*_RESPONSE_COLUMNS)
        .where(Response.state == ResponseState.SUBMITTED)
        .order_by(Response.submitted_at)
    )
    return [response_out(row) for row in rows]


def evidence_visible(actor: Actor) -> Any:
    """Which evidence rows an actor may read: public always; internal for the commission, and
    for a focal point only what its agency's people submitted or attached to its responses."""
    if actor.is_commission:
        return None
    public = Evidence.visibility == "public"
    if actor.is_focal_point:
        own = Evidence.response.is_in(
            Response.select(Response.id).where(Response.assignment.agency == actor.agency_id)
        )
        return public | own | Evidence.submitted_by.is_in(_agency_users(actor))
    return public


def _agency_users(actor: Actor) -> Any:
    from commitments.tables import Membership

    return Membership.select(Membership.user).where(Membership.agency == actor.agency_id)


def evidence_out(row: dict[str, Any]) -> EvidenceOut:
    """Evidence from a row of Evidence.select()."""
    return EvidenceOut(
        recommendation_id=row["recommendation"],
        response_id=row["response"],
        **{k: row[k] for k in EvidenceOut.model_fields if k not in ("recommendation_id", "response_id")},
    )


async def evidence_of_recommendation(actor: Actor, recommendation_id: int) -> list[EvidenceOut]:
    """Evidence on a recommendation that the actor may read, newest first."""
    await ensure_visible(actor, recommendation_id)
    query = Evidence.select().where(Evidence.recommendation == recommendation_id)
    condition = evidence_visible(actor)
    if condition is not None:
        query = query.where(condition)
    rows = await query.order_by(Evidence.created_at, ascending=False).order_by(Evidence.id, ascending=False)
    return [evidence_out(row) for row in rows]


async def get_evidence(actor: Actor, evidence_id: int) -> EvidenceOut:
    """One evidence item; NotFound when the actor may not read it or its recommendation."""
    actor.require_authenticated()
    query = Evidence.select().where(Evidence.id == evidence_id)
    condition = evidence_visible(actor)
    if condition is not None:
        query = query.where(condition)
    row = await query.first()
    if not row:
        raise NotFound(_("evidencia no encontrada"))
    await ensure_visible(actor, row["recommendation"])
    return evidence_out(row)


async def assessment_rows(recommendation_id: int) -> list[dict[str, Any]]:
    """A recommendation's assessments with period and level, newest period first (one query;
    no visibility check: callers decide who may see what)."""
    return (
        await Assessment.select(
            Assessment.id,
            Assessment.source,
            Assessment.narrative,
            Assessment.assessed_at,
            Assessment.period.code.as_alias("period_code"),
            Assessment.period.ends_on.as_alias("period_ends_on"),
            *level_columns(Assessment.level),
        )
        .where(Assessment.recommendation == recommendation_id)
        .order_by(Assessment.period.ends_on, ascending=False)
        .order_by(Assessment.assessed_at, ascending=False)
    )


async def assessments_of(actor: Actor, recommendation_id: int) -> list[AssessmentOut]:
    """Assessment history, newest period first, self and reviewer side by side."""
    await ensure_visible(actor, recommendation_id)
    rows = await assessment_rows(recommendation_id)
    return [
        AssessmentOut(
            id=r["id"],
            period=r["period_code"],
            period_ends_on=r["period_ends_on"],
            source=r["source"],
            level=level_out(r),
            narrative=r["narrative"],
            assessed_at=r["assessed_at"],
        )
        for r in rows
    ]


async def get_assignment(actor: Actor, assignment_id: int, period: str | None = None) -> AssignmentOut:
    """One assignment with its response in `period` (NotFound outside the actor's agency)."""
    from commitments.services.access import assignment_for

    if actor.is_reviewer:
        raise NotFound(_("asignación no encontrada"))
    row = await assignment_for(actor, assignment_id)
    rec = await get_recommendation(actor, row["recommendation"])
    responses = await _responses_for([assignment_id], period)
    return AssignmentOut(
        id=row["id"],
        recommendation_id=rec.id,
        recommendation=rec.code,
        mechanism=rec.mechanism,
        reference=rec.reference,
        title=rec.title,
        text=rec.text,
        agency=row["agency_code"],
        role=row["role"],
        state=row["state"],
        due_on=row["due_on"],
        overdue=is_overdue(row["due_on"], row["state"], clock.today()),
        response=responses.get(assignment_id),
        version=row["version"],
    )


async def list_responses(
    actor: Actor, state: str | None = None, period: str | None = None, agency: str | None = None
) -> list[ResponseOut]:
    """Responses the actor may see, filtered; the commission's review queue is state=submitted."""
    actor.require_authenticated()
    if actor.is_reviewer:
        return []
    query = Response.select(*_RESPONSE_COLUMNS)
    if actor.is_focal_point:
        query = query.where(Response.assignment.agency == actor.agency_id)
    if state:
        query = query.where(Response.state == state)
    if period:
        query = query.where(Response.period.code == period)
    if agency:
        query = query.where(Response.assignment.agency.code == agency.upper())
    rows = await query.order_by(Response.submitted_at).order_by(Response.id).limit(500)
    return [response_out(row) for row in rows]

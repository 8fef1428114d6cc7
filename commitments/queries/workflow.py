"""Assignments, responses, evidence and assessments as each actor may see them
(commitments.policy decides who sees what)."""

from __future__ import annotations

from typing import Any

from piccolo.query import OrderByRaw

from commitments import clock, policy
from commitments.actor import Actor
from commitments.queries.models import (
    AssessmentOut,
    AssignmentOut,
    EvidenceOut,
    Page,
    PeriodOut,
    ResponseOut,
    ReviewDocumentOut,
)
from commitments.queries.recommendations import MAX_PAGE_SIZE, level_columns, rated_level
from commitments.queries.reference import PERIOD_COLUMNS
from commitments.rules import is_overdue
from commitments.sorting import parse_sort
from commitments.tables import Assessment, Assignment, Evidence, Period, Response
from commitments.vocabulary import ResponseState

# Aliased to ResponseOut's field names: a row is the model.
_RESPONSE_COLUMNS = (
    *Response.all_columns(exclude=[Response.assignment, Response.period, Response.proposed_level]),
    Response.assignment.as_alias("assignment_id"),
    Response.period._.code.as_alias("period"),
    Response.assignment._.agency._.code.as_alias("agency"),
    Response.assignment._.recommendation.as_alias("recommendation_id"),
    Response.assignment._.recommendation._.code.as_alias("recommendation"),
    Response.proposed_level._.code.as_alias("proposed_level"),
    Response.assignment._.role.as_alias("role"),
    Response.assignment._.recommendation._.text.as_alias("recommendation_text"),
)
# Aliased to AssignmentOut's field names (its `overdue` and `response` are added).
_ASSIGNMENT_COLUMNS = (
    Assignment.id,
    Assignment.role,
    Assignment.state,
    Assignment.due_on,
    Assignment.version,
    Assignment.recommendation.as_alias("recommendation_id"),
    Assignment.agency._.code.as_alias("agency"),
    Assignment.recommendation._.code.as_alias("recommendation"),
    Assignment.recommendation._.reference.as_alias("reference"),
    Assignment.recommendation._.title.as_alias("title"),
    Assignment.recommendation._.text.as_alias("text"),
    Assignment.recommendation._.cycle._.mechanism._.code.as_alias("mechanism"),
    Assignment.agency._.requires_signoff.as_alias("requires_signoff"),
)


async def open_period(actor: Actor) -> PeriodOut | None:
    """The country's open period with the latest end (agencies answer in it)."""
    row = (
        await Period.select(*PERIOD_COLUMNS)
        .where(Period.is_open.eq(True), policy.periods(actor))
        .order_by(Period.ends_on, ascending=False)
        .first()
    )
    return PeriodOut.model_validate(row) if row else None


def _assignment(row: dict[str, Any], responses: dict[int, ResponseOut]) -> AssignmentOut:
    overdue = is_overdue(row["due_on"], row["state"], clock.today())
    return AssignmentOut.model_validate({**row, "overdue": overdue, "response": responses.get(row["id"])})


# The orders the assignment list may be sorted in (`-` first: descending); empty deadlines last.
ASSIGNMENT_SORTS: dict[str, Any] = {
    "due_on": Assignment.due_on,
    "recommendation": Assignment.recommendation._.code,
    "agency": Assignment.agency._.code,
}


def _assignment_order(query: Any, sort: str | None) -> Any:
    name, ascending = parse_sort(sort, ASSIGNMENT_SORTS, "due_on")
    if name == "due_on":
        query = query.order_by(OrderByRaw('"assignment"."due_on" IS NULL'))
    return query.order_by(ASSIGNMENT_SORTS[name], ascending=ascending).order_by(Assignment.id)


async def list_assignments(
    actor: Actor,
    agency: str | None = None,
    period: str | None = None,
    state: str | None = None,
    page: int = 1,
    page_size: int = 50,
    sort: str | None = None,
    limit: int | None = None,
) -> Page[AssignmentOut]:
    """Assignments with their response in `period` (default: the open one), as the actor may
    see them (a reviewer sees none: reviewers read statuses, not the agencies' work). `limit`
    (exports) replaces the page size's cap."""
    page, page_size = max(page, 1), limit or min(max(page_size, 1), MAX_PAGE_SIZE)
    conditions: list[Any] = [policy.assignments(actor)]
    if agency:
        conditions.append(Assignment.agency._.code == agency.upper())
    if state:
        conditions.append(Assignment.state == state)
    total = await Assignment.count().where(*conditions)
    query = _assignment_order(Assignment.select(*_ASSIGNMENT_COLUMNS).where(*conditions), sort)
    rows = await query.limit(page_size).offset((page - 1) * page_size)
    responses: dict[int, ResponseOut] = {}
    ids = [r["id"] for r in rows]
    for start in range(0, len(ids), 900):
        responses.update(await _responses_for(actor, ids[start : start + 900], period))
    items = [_assignment(row, responses) for row in rows]
    return Page[AssignmentOut](items=items, total=total, page=page, page_size=page_size)


async def get_assignment(actor: Actor, assignment_id: int, period: str | None = None) -> AssignmentOut:
    """One assignment with its response in `period` (NotFound where the actor may not see it)."""
    await policy.ensure_visible(actor, policy.ASSIGNMENT, assignment_id)
    row = await Assignment.select(*_ASSIGNMENT_COLUMNS).where(Assignment.id == assignment_id).first()
    assert row is not None  # seen a moment ago, and assignments with answers are never deleted
    return _assignment(row, await _responses_for(actor, [assignment_id], period))


async def _responses_for(
    actor: Actor, assignment_ids: list[int], period: str | None
) -> dict[int, ResponseOut]:
    if not assignment_ids:
        return {}
    if period is None:
        current = await open_period(actor)
        if not current:
            return {}
        period = current.code
    rows = await Response.select(*_RESPONSE_COLUMNS).where(
        Response.assignment.is_in(assignment_ids), Response.period._.code == period, policy.responses(actor)
    )
    return {row["assignment_id"]: ResponseOut.model_validate(row) for row in rows}


async def unfinished_in_closed_periods(actor: Actor, agency: str | None = None) -> list[ResponseOut]:
    """Drafts and returned answers left in periods that have closed, as the actor may see them
    (a focal point: its agency's), oldest period first: the inbox shows them instead of letting
    them vanish when the period closes."""
    conditions: list[Any] = [
        policy.responses(actor),
        Response.state.is_in([ResponseState.DRAFT, ResponseState.RETURNED]),
        Response.period._.is_open.eq(False),
    ]
    if agency:
        conditions.append(Response.assignment._.agency._.code == agency.upper())
    rows = (
        await Response.select(*_RESPONSE_COLUMNS)
        .where(*conditions)
        .order_by(Response.period._.ends_on)
        .order_by(Response.id)
        .limit(MAX_PAGE_SIZE)
    )
    return [ResponseOut.model_validate(row) for row in rows]


async def responses_of_recommendation(actor: Actor, recommendation_id: int) -> list[ResponseOut]:
    """Responses on a recommendation that the actor may see, newest period first."""
    await policy.ensure_visible(actor, policy.RECOMMENDATION, recommendation_id)
    rows = (
        await Response.select(*_RESPONSE_COLUMNS)
        .where(Response.assignment._.recommendation == recommendation_id, policy.responses(actor))
        .order_by(Response.period._.ends_on, ascending=False)
    )
    return [ResponseOut.model_validate(row) for row in rows]


async def get_response(actor: Actor, response_id: int) -> ResponseOut:
    """One response, if the actor may see it."""
    await policy.ensure_visible(actor, policy.RESPONSE, response_id)
    row = await Response.select(*_RESPONSE_COLUMNS).where(Response.id == response_id).first()
    return ResponseOut.model_validate(row)


async def review_queue(actor: Actor) -> list[ResponseOut]:
    """Submitted responses waiting for the commission, oldest first."""
    actor.require_commission()
    return await list_responses(actor, state=ResponseState.SUBMITTED)


async def list_responses(
    actor: Actor, state: str | None = None, period: str | None = None, agency: str | None = None
) -> list[ResponseOut]:
    """Responses the actor may see, filtered; the commission's review queue is state=submitted."""
    conditions: list[Any] = [policy.responses(actor)]
    if state:
        conditions.append(Response.state == state)
    if period:
        conditions.append(Response.period._.code == period)
    if agency:
        conditions.append(Response.assignment._.agency._.code == agency.upper())
    rows = (
        await Response.select(*_RESPONSE_COLUMNS)
        .where(*conditions)
        .order_by(Response.submitted_at)
        .order_by(Response.id)
        .limit(500)
    )
    return [ResponseOut.model_validate(row) for row in rows]


# Aliased to EvidenceOut's field names.
_EVIDENCE_COLUMNS = (
    *Evidence.all_columns(exclude=[Evidence.recommendation, Evidence.response]),
    Evidence.recommendation.as_alias("recommendation_id"),
    Evidence.response.as_alias("response_id"),
)


async def evidence_of_recommendation(actor: Actor, recommendation_id: int) -> list[EvidenceOut]:
    """Evidence on a recommendation that the actor may read, newest first."""
    await policy.ensure_visible(actor, policy.RECOMMENDATION, recommendation_id)
    rows = (
        await Evidence.select(*_EVIDENCE_COLUMNS)
        .where(Evidence.recommendation == recommendation_id, policy.evidence(actor))
        .order_by(Evidence.created_at, ascending=False)
        .order_by(Evidence.id, ascending=False)
    )
    return [EvidenceOut.model_validate(row) for row in rows]


async def evidence_of_responses(actor: Actor, response_ids: list[int]) -> dict[int, list[EvidenceOut]]:
    """Evidence attached to each of these responses that the actor may read (one query)."""
    if not response_ids:
        return {}
    rows = (
        await Evidence.select(*_EVIDENCE_COLUMNS)
        .where(Evidence.response.is_in(response_ids), policy.evidence(actor))
        .order_by(Evidence.id)
    )
    found: dict[int, list[EvidenceOut]] = {}
    for row in rows:
        found.setdefault(row["response_id"], []).append(EvidenceOut.model_validate(row))
    return found


async def get_evidence(actor: Actor, evidence_id: int) -> EvidenceOut:
    """One evidence item; NotFound when the actor may not read it."""
    await policy.ensure_visible(actor, policy.EVIDENCE, evidence_id)
    row = await Evidence.select(*_EVIDENCE_COLUMNS).where(Evidence.id == evidence_id).first()
    return EvidenceOut.model_validate(row)


async def assessment_rows(recommendation_id: int) -> list[dict[str, Any]]:
    """A recommendation's assessments with period and level, newest period first (one query;
    no visibility check: callers decide who may see what)."""
    return (
        await Assessment.select(
            Assessment.id,
            Assessment.source,
            Assessment.narrative,
            Assessment.assessed_at,
            Assessment.period._.code.as_alias("period_code"),
            Assessment.period._.ends_on.as_alias("period_ends_on"),
            *level_columns(Assessment.level),
            Assessment.document.as_alias("document_id"),
            Assessment.document._.mechanism._.code.as_alias("document_mechanism"),
            Assessment.document._.cycle._.code.as_alias("document_cycle"),
            Assessment.document._.kind.as_alias("document_kind"),
            Assessment.document._.reference.as_alias("document_reference"),
            Assessment.document._.title.as_alias("document_title"),
            Assessment.document._.issued_on.as_alias("document_issued_on"),
            Assessment.document._.url.as_alias("document_url"),
            Assessment.document._.version.as_alias("document_version"),
        )
        .where(Assessment.recommendation == recommendation_id)
        .order_by(Assessment.period._.ends_on, ascending=False)
        .order_by(Assessment.assessed_at, ascending=False)
    )


async def assessments_of(actor: Actor, recommendation_id: int) -> list[AssessmentOut]:
    """Assessment history, newest period first, self and reviewer side by side."""
    await policy.ensure_visible(actor, policy.RECOMMENDATION, recommendation_id)
    rows = await assessment_rows(recommendation_id)
    return [
        AssessmentOut(
            id=r["id"],
            period=r["period_code"],
            period_ends_on=r["period_ends_on"],
            source=r["source"],
            level=rated_level(r),
            narrative=r["narrative"],
            assessed_at=r["assessed_at"],
            document=document_out(r),
        )
        for r in rows
    ]


def document_out(row: dict[str, Any]) -> ReviewDocumentOut | None:
    """The review document of an assessment row (aliased `document_*` columns), if it cites one."""
    if not row.get("document_id"):
        return None
    return ReviewDocumentOut(
        id=row["document_id"],
        **{
            name: row[f"document_{name}"]
            for name in ("mechanism", "cycle", "kind", "reference", "title", "url", "version")
        },
        issued_on=row["document_issued_on"],
    )

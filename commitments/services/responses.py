"""Agencies' answers for a period, and the commission's review of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from commitments import clock, kinds, policy
from commitments.actor import Actor
from commitments.db import by_name, writing
from commitments.errors import Conflict, Forbidden, InvalidInput, NotFound
from commitments.i18n import _
from commitments.lookup import level_by_code, period_by_code, scale_of_cycle
from commitments.mail import notices
from commitments.schemas import ApprovalIn, AssessmentIn, ResponseIn, ReviewIn
from commitments.services import audit, evidence
from commitments.services.assessments import ensure_rated, record_assessment
from commitments.services.evidence import Attachment
from commitments.tables import Assignment, RatingLevel, Recommendation, Response
from commitments.vocabulary import Approval, AssignmentState, Decision, ResponseState, Source

EDITABLE_STATES = (ResponseState.DRAFT, ResponseState.RETURNED)
_FIELDS = ("actions_taken", "challenges", "assistance_needed", "next_steps", "target_date")
_STALE = _("otra persona cambió esta respuesta después de que usted la abrió; vuelva a cargarla")


class SavedResponse(BaseModel):
    """What saving or reviewing a response left: its id, state and version."""

    id: int
    state: ResponseState
    version: int


def _may_answer(actor: Actor) -> None:
    # Reviewers read; focal points answer for their agency; the commission may answer on an
    # agency's behalf (e.g. from a signed letter).
    actor.require_authenticated()
    if actor.is_reviewer:
        raise Forbidden(_("los revisores no pueden responder asignaciones"))
    if actor.is_civil_society:
        raise Forbidden(_("la sociedad civil no responde asignaciones: registra su propia valoración"))


async def _assignment(actor: Actor, assignment_id: int) -> dict[str, Any]:
    row = (
        await Assignment.select(
            Assignment.id,
            Assignment.recommendation,
            Assignment.recommendation._.cycle.as_alias("cycle_id"),
            Assignment.recommendation._.kind.as_alias("kind"),
            Assignment.recommendation._.cycle._.mechanism._.code.as_alias("mechanism"),
            Assignment.agency._.requires_signoff.as_alias("requires_signoff"),
        )
        .where(Assignment.id == assignment_id, policy.assignments(actor))
        .first()
    )
    if not row:
        raise NotFound(_("asignación no encontrada"))
    return row


async def save_response(actor: Actor, assignment_id: int, data: ResponseIn) -> SavedResponse:
    """Create or replace the agency's response for a period while it is a draft or returned."""
    _may_answer(actor)
    async with writing():
        assignment = await _assignment(actor, assignment_id)
        period = await period_by_code(data.period)
        if not period["is_open"]:
            raise Conflict(_("el periodo %(period)s está cerrado"), period=data.period)
        level_id = None
        if data.proposed_level:
            ensure_rated(assignment["mechanism"], assignment["kind"])
            scale = await scale_of_cycle(assignment["cycle_id"])
            level_id = (await level_by_code(scale, data.proposed_level))["id"]
        if data.submit and not data.actions_taken.strip():
            raise InvalidInput(_("para enviar hay que describir las acciones realizadas"))
        values: dict[str, Any] = {f: getattr(data, f) for f in _FIELDS}
        values["proposed_level"] = level_id
        # An agency that requires sign-off sends its drafter's answer to its validating
        # authority first; an authority's own submission is its approval.
        to_approve = data.submit and assignment["requires_signoff"] and not signs_off(actor)
        if not data.submit:
            values["state"] = ResponseState.DRAFT
        else:
            values["state"] = ResponseState.TO_APPROVE if to_approve else ResponseState.SUBMITTED
            values.update(submitted_by=actor.user_id, submitted_at=clock.now())
            if assignment["requires_signoff"] and not to_approve:
                values.update(approved_by=actor.user_id, approved_at=clock.now())
        existing = (
            await Response.select()
            .where((Response.assignment == assignment_id) & (Response.period == period["id"]))
            .first()
        )
        if existing:
            response_id, version = await _replace(existing, values, data.version)
        else:
            row = Response(assignment=assignment_id, period=period["id"], **values)
            await row.save()
            response_id, version = int(row.id), 1
        if values["state"] == ResponseState.SUBMITTED:
            await Assignment.update({Assignment.state: AssignmentState.ANSWERED}).where(
                Assignment.id == assignment_id
            )
        if to_approve:
            await notices.to_approve(response_id)
        action = (
            "response.to_approve" if to_approve else "response.submit" if data.submit else "response.save"
        )
        await audit.record(
            actor,
            action,
            "response",
            response_id,
            after={
                "assignment": assignment_id,
                "period": data.period,
                **{f: getattr(data, f) for f in _FIELDS},
                "proposed_level": data.proposed_level,
            },
        )
    return SavedResponse(id=response_id, state=values["state"], version=version)


def signs_off(actor: Actor) -> bool:
    """Whether the actor's submission needs no further approval: a validating authority of
    the agency, or the commission answering on its behalf."""
    return actor.is_commission or (actor.is_focal_point and actor.approver)


async def approve_response(actor: Actor, response_id: int, data: ApprovalIn) -> SavedResponse:
    """The agency's validating authority approves an answer (it goes to the commission) or
    sends it back to its drafter with a comment."""
    actor.require_authenticated()
    if not (actor.is_focal_point and actor.approver):
        raise Forbidden(_("solo una autoridad de la institución puede aprobar sus respuestas"))
    async with writing():
        row = (
            await Response.select(Response.id, Response.state, Response.version, Response.assignment)
            .where(Response.id == response_id, policy.responses(actor))
            .first()
        )
        if not row:
            raise NotFound(_("respuesta no encontrada"))
        if row["state"] != ResponseState.TO_APPROVE:
            raise Conflict(
                _("solo se aprueban respuestas que esperan aprobación (esta está: %(state)s)"),
                state=row["state"],
            )
        approve = data.decision == Approval.APPROVE
        if not approve and not data.comment.strip():
            raise InvalidInput(_("indique qué hay que corregir (comentario)"))
        now = clock.now()
        changes: dict[Any, Any] = {
            Response.state: ResponseState.SUBMITTED if approve else ResponseState.DRAFT,
            Response.approval_comment: data.comment,
            Response.version: Response.version + 1,
        }
        if approve:
            changes.update(
                {Response.approved_by: actor.user_id, Response.approved_at: now, Response.submitted_at: now}
            )
        await Response.update(changes).where(Response.id == response_id)
        if approve:
            await Assignment.update({Assignment.state: AssignmentState.ANSWERED}).where(
                Assignment.id == row["assignment"]
            )
        else:
            await notices.sent_back(response_id, data.comment)
        await audit.record(
            actor,
            "response.approve" if approve else "response.send_back",
            "response",
            response_id,
            before={"state": ResponseState.TO_APPROVE},
            after={"state": changes[Response.state], "comment": data.comment},
        )
    return SavedResponse(id=response_id, state=changes[Response.state], version=row["version"] + 1)


async def _replace(existing: dict[str, Any], values: dict[str, Any], version: int | None) -> tuple[int, int]:
    if existing["state"] not in EDITABLE_STATES:
        raise Conflict(_("esta respuesta ya no puede cambiarse (estado: %(state)s)"), state=existing["state"])
    if version is not None and version != existing["version"]:
        raise Conflict(_STALE)
    new_version = existing["version"] + 1
    updated = (
        await Response.update(by_name({**values, "version": new_version}))
        .where((Response.id == existing["id"]) & (Response.version == existing["version"]))
        .returning(Response.id)
    )
    if not updated:
        raise Conflict(_STALE)
    return existing["id"], new_version


async def answer_assignment(
    actor: Actor, assignment_id: int, data: ResponseIn, attachments: Sequence[Attachment] = ()
) -> SavedResponse:
    """An agency's whole answer in one transaction: the response's fields, any files or links
    attached to it, and its submission when `data.submit`. Files are checked before anything is
    written; on any failure nothing of the answer is kept."""
    if not attachments:
        return await save_response(actor, assignment_id, data)
    _may_answer(actor)
    checked = [evidence.check_attachment(a) for a in attachments]
    stored = evidence.store_files(checked)
    async with writing():
        # Evidence attaches to a draft, so the response is saved as one, then submitted.
        saved = await save_response(actor, assignment_id, data.model_copy(update={"submit": False}))
        recommendation_id = (await _assignment(actor, assignment_id))["recommendation"]
        for attachment, check, file in zip(attachments, checked, stored, strict=True):
            await evidence.register_evidence(
                actor,
                recommendation_id,
                attachment.meta.model_copy(update={"response": saved.id}),
                file,
                check.name if check else "",
                check.media_type if check else "",
            )
        if data.submit:
            saved = await save_response(
                actor, assignment_id, data.model_copy(update={"version": saved.version})
            )
    return saved


async def review_response(actor: Actor, response_id: int, data: ReviewIn) -> SavedResponse:
    """Accept (recording the self-assessment) or return (with a comment) a submitted response."""
    await policy.ensure_commission_may_change(actor, policy.RESPONSE, response_id)
    async with writing():
        response = (
            await Response.select(
                *Response.all_columns(),
                Response.period._.code.as_alias("period_code"),
                Response.assignment._.recommendation.as_alias("recommendation_id"),
            )
            .where(Response.id == response_id)
            .first()
        )
        if not response:
            raise NotFound(_("respuesta no encontrada"))
        if response["state"] != ResponseState.SUBMITTED:
            raise Conflict(
                _("solo se revisan respuestas enviadas (esta está: %(state)s)"), state=response["state"]
            )
        if data.decision == Decision.RETURN and not data.comment.strip():
            raise InvalidInput(_("indique por qué se devuelve la respuesta (comentario)"))
        item = await _kind_of(response["recommendation_id"])
        rated = kinds.is_rated(item["mechanism"], item["kind"])
        if data.decision == Decision.ACCEPT and not rated and data.level:
            ensure_rated(item["mechanism"], item["kind"])
        if data.decision == Decision.ACCEPT and rated:
            level = data.level or await _level_code(response["proposed_level"])
            if not level:
                raise InvalidInput(_("elija el nivel que se registrará (no se propuso ninguno)"))
            await record_assessment(
                actor,
                response["recommendation_id"],
                AssessmentIn(
                    period=response["period_code"],
                    level=level,
                    source=Source.SELF,
                    narrative=response["actions_taken"],
                ),
            )
        state = ResponseState.ACCEPTED if data.decision == Decision.ACCEPT else ResponseState.RETURNED
        await Response.update(
            {
                Response.state: state,
                Response.review_comment: data.comment,
                Response.reviewed_by: actor.user_id,
                Response.reviewed_at: clock.now(),
                Response.version: Response.version + 1,
            }
        ).where(Response.id == response_id)
        await Assignment.update({Assignment.state: state}).where(Assignment.id == response["assignment"])
        await notices.reviewed(response_id, data.decision == Decision.ACCEPT, data.comment)
        await audit.record(
            actor,
            f"response.{data.decision}",
            "response",
            response_id,
            before={"state": ResponseState.SUBMITTED},
            after={"state": state, "comment": data.comment, "level": data.level},
        )
    return SavedResponse(id=response_id, state=state, version=response["version"] + 1)


async def _kind_of(recommendation_id: int) -> dict[str, Any]:
    """A recommendation's kind and mechanism (one query of its own: PostgreSQL cuts long join
    aliases to 63 characters, so two long paths from a response would collide)."""
    row = (
        await Recommendation.select(
            Recommendation.kind, Recommendation.cycle._.mechanism._.code.as_alias("mechanism")
        )
        .where(Recommendation.id == recommendation_id)
        .first()
    )
    assert row is not None  # the response's own recommendation
    return row


async def _level_code(level_id: int | None) -> str | None:
    if level_id is None:
        return None
    row = await RatingLevel.select(RatingLevel.code).where(RatingLevel.id == level_id).first()
    return row["code"] if row else None

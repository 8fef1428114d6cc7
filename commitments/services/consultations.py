"""The public consultation of a draft report: opened by the commission for a set period (OGP
asks for two weeks), commented on by anyone, answered (or, when abusive, hidden with a recorded
reason) by the commission, and summarised in the final report.

Comments are plain text, throttled per client with one atomic statement
(commitments.throttle), and accepted only while the consultation is open: the check and the
count of the consultation's `revision` are one UPDATE, so a comment never lands after a close.
A report is issued only once its consultation has closed and its draft was rendered with the
consultation as it stands (`ensure_settled`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from commitments import clock, policy, throttle
from commitments.actor import ANONYMOUS, Actor
from commitments.canonical import sha256_hex
from commitments.db import writing
from commitments.errors import Conflict, InvalidInput, NotFound, TooManyRequests
from commitments.i18n import _
from commitments.reports.civic_model import ConsultationSummary
from commitments.rules import consultation_state as state_at
from commitments.schemas import CommentIn, ConsultationIn, HideIn, ReplyIn, StatementIn
from commitments.services import audit
from commitments.services.users import normalise_email
from commitments.tables import Consultation, ConsultationComment, Report
from commitments.vocabulary import ConsultationState, RenderState, ReportState

C = Consultation
COMMENT = ConsultationComment


async def _report(actor: Actor, report_id: int) -> dict[str, Any]:
    """The report, for the commission (NotFound for anyone who may not read it)."""
    actor.require_commission()
    row = (
        await Report.select(Report.id, Report.state, Report.internal, Report.render_state, Report.file_sha256)
        .where(Report.id == report_id, policy.reports(actor))
        .first()
    )
    if not row:
        raise NotFound(_("informe no encontrado"))
    return row


def _draft_only(report: dict[str, Any]) -> None:
    # The consultation is frozen with the report: what an issued report says never changes.
    if report["state"] != ReportState.DRAFT:
        raise Conflict(
            _("el informe %(id)s ya no es un borrador: su consulta pública no cambia"), id=report["id"]
        )


async def open_consultation(actor: Actor, report_id: int, data: ConsultationIn) -> int:
    """Open a rendered public draft for comment for `data.days` days; returns the consultation's id."""
    async with writing():
        report = await _report(actor, report_id)
        _draft_only(report)
        if report["internal"]:
            raise InvalidInput(_("un informe de uso interno no se somete a consulta pública"))
        if report["render_state"] != RenderState.READY or not report["file_sha256"]:
            raise Conflict(_("genere el borrador antes de abrirlo a consulta pública"))
        if await C.exists().where(C.report == report_id):
            raise Conflict(_("este informe ya se sometió a consulta pública"))
        now = clock.now()
        row = C(
            report=report_id,
            opens_at=now,
            closes_at=now + dt.timedelta(days=data.days),
            opened_by=actor.user_id,
        )
        await row.save()  # one per report: the unique column refuses a second at once (409)
        await audit.record(
            actor, "consultation.open", "consultation", row.id, after={"report": report_id, "days": data.days}
        )
    return int(row.id)


async def _consultation(report_id: int) -> dict[str, Any]:
    row = await C.select().where(C.report == report_id).first()
    if not row:
        raise NotFound(_("este informe no se ha sometido a consulta pública"))
    return row


async def close_consultation(actor: Actor, report_id: int) -> None:
    """Close an open consultation now (before its set end)."""
    async with writing():
        _draft_only(await _report(actor, report_id))
        row = await _consultation(report_id)
        # Count the revision first: it locks the row, so the closing instant is read after any
        # comment being kept meanwhile, and every kept comment is dated before the close.
        await _bump(row["id"], None, {})
        now = clock.now()
        closed = (
            await C.update({C.closes_at: now, C.closed_by: actor.user_id, C.closed_early: True})
            .where((C.id == row["id"]) & (C.closes_at > now) & C.closed_early.eq(False))
            .returning(C.id)
        )
        if not closed:
            raise Conflict(_("la consulta pública ya está cerrada"))
        await audit.record(actor, "consultation.close", "consultation", row["id"], after={"closed_at": now})


async def write_statement(actor: Actor, report_id: int, data: StatementIn) -> None:
    """How the comments were taken into account, replacing the text of revision `data.revision`."""
    async with writing():
        _draft_only(await _report(actor, report_id))
        row = await _consultation(report_id)
        await _bump(row["id"], data.revision, {C.statement: data.text})
        await audit.record(
            actor, "consultation.statement", "consultation", row["id"], after={"text": data.text}
        )


async def _bump(consultation_id: int, revision: int | None, values: dict[Any, Any]) -> None:
    # Every change counts a revision; a stale one (someone changed it meanwhile) is refused.
    where: Any = C.id == consultation_id
    if revision is not None:
        where &= C.revision == revision
    if not await C.update({**values, C.revision: C.revision + 1}).where(where).returning(C.id):
        raise Conflict(
            _("la consulta cambió mientras la editaba: recargue la página para ver su estado actual")
        )


async def post_comment(consultation_id: int, data: CommentIn, client: str) -> int:
    """Keep a comment from anyone while the consultation is open (throttled per client)."""
    email = normalise_email(data.email) if data.email else ""
    wait = await throttle.admit_comment(client)
    if wait is not None:
        raise TooManyRequests(
            _(
                "demasiados comentarios seguidos desde su conexión: vuelva a intentarlo en %(minutes)s minutos"
            ),
            retry_after=wait,
            minutes=max(1, -(-wait // 60)),
        )
    async with writing():
        now = clock.now()
        opened = (
            await C.update({C.revision: C.revision + 1})
            .where(
                (C.id == consultation_id)
                & (C.closes_at > now)
                & C.closed_early.eq(False)
                & C.report.is_in(Report.select(Report.id).where(Report.country.is_in(policy.country())))
            )
            .returning(C.id)
        )
        if not opened:
            await _why_not_open(consultation_id)
        row = COMMENT(
            consultation=consultation_id,
            author_name=data.name,
            author_email=email,
            body=data.body,
            created_at=now,
        )
        await row.save()
        await audit.record(
            ANONYMOUS,
            "comment.create",
            "comment",
            row.id,
            after={
                "consultation": consultation_id,
                "sha256": sha256_hex(data.body),
                "length": len(data.body),
            },
        )
    return int(row.id)


def _when(value: dt.datetime) -> str:
    # In a message of either language: the local date and time, with the zone's offset.
    return clock.local(value).strftime("%Y-%m-%d %H:%M (UTC%z)")


async def _why_not_open(consultation_id: int) -> None:
    row = await C.select(C.closes_at).where(C.id == consultation_id).first()
    if row is None:
        raise NotFound(_("consulta pública no encontrada"))
    raise Conflict(
        _("la consulta pública cerró el %(when)s: ya no recibe comentarios"),
        when=_when(row["closes_at"]),
    )


async def _comment(actor: Actor, comment_id: int) -> dict[str, Any]:
    """A comment and its report, for the commission, while the report is a draft."""
    actor.require_commission()
    row = (
        await COMMENT.select(
            COMMENT.id,
            COMMENT.hidden,
            COMMENT.consultation,
            COMMENT.consultation._.report.as_alias("report"),
            COMMENT.consultation._.report._.state.as_alias("state"),
        )
        .where(
            (COMMENT.id == comment_id)
            & COMMENT.consultation._.report.is_in(Report.select(Report.id).where(policy.reports(actor)))
        )
        .first()
    )
    if not row:
        raise NotFound(_("comentario no encontrado"))
    _draft_only({"id": row["report"], "state": row["state"]})
    return row


async def reply_to_comment(actor: Actor, comment_id: int, data: ReplyIn) -> int:
    """The commission's answer to a comment (replaces an earlier one); returns the report's id."""
    async with writing():
        row = await _comment(actor, comment_id)
        await COMMENT.update(
            {COMMENT.reply: data.text, COMMENT.replied_by: actor.user_id, COMMENT.replied_at: clock.now()}
        ).where(COMMENT.id == comment_id)
        await _bump(row["consultation"], None, {})
        await audit.record(actor, "comment.reply", "comment", comment_id, after={"text": data.text})
    return int(row["report"])


async def hide_comment(actor: Actor, comment_id: int, data: HideIn) -> int:
    """Hide an abusive comment from the portal, with the reason (kept; the count stays public);
    returns the report's id."""
    async with writing():
        row = await _comment(actor, comment_id)
        hidden = (
            await COMMENT.update(
                {
                    COMMENT.hidden: True,
                    COMMENT.hidden_reason: data.reason.strip(),
                    COMMENT.hidden_by: actor.user_id,
                    COMMENT.hidden_at: clock.now(),
                }
            )
            .where((COMMENT.id == comment_id) & COMMENT.hidden.eq(False))
            .returning(COMMENT.id)
        )
        if not hidden:
            raise Conflict(_("el comentario ya está oculto"))
        await _bump(row["consultation"], None, {})
        await audit.record(
            actor, "comment.hide", "comment", comment_id, after={"reason": data.reason.strip()}
        )
    return int(row["report"])


async def ensure_settled(report_id: int, summary: ConsultationSummary | None) -> None:
    """Refuse to issue a report whose consultation is still open, or changed since its draft was
    rendered, or received comments without saying how they were taken into account."""
    row = (
        await C.select(C.closes_at, C.closed_early, C.revision, C.statement)
        .where(C.report == report_id)
        .first()
    )
    if row is None:
        return
    if state_at(row["closes_at"], clock.now(), row["closed_early"]) == ConsultationState.OPEN:
        raise Conflict(
            _("la consulta pública sigue abierta hasta el %(when)s: ciérrela antes de finalizar"),
            when=_when(row["closes_at"]),
        )
    if summary is None or summary.revision != row["revision"] or not summary.closed:
        raise Conflict(_("la consulta pública cambió después de generar el borrador: genérelo de nuevo"))
    if summary.received and not row["statement"].strip():
        raise InvalidInput(
            _("escriba cómo se tuvieron en cuenta los comentarios de la consulta pública antes de finalizar")
        )

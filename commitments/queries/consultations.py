"""Public consultations of draft reports, as the portal and the commission see them.

The portal shows every consultation of the country's public (not internal) reports: dates,
state, figures (comments received, answered, hidden), the comments that are not hidden with the
commission's answers, and the draft's PDF. Commenters' addresses, hidden comments and the
reasons for hiding them are for the commission only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from piccolo.query.functions.aggregate import Count
from pydantic import BaseModel

from commitments import clock, policy
from commitments.actor import Actor
from commitments.errors import NotFound
from commitments.i18n import _
from commitments.reports.model import CONSOLIDATED
from commitments.rules import consultation_state as state_at
from commitments.storage import read_bytes
from commitments.tables import Consultation, ConsultationComment, Report

C = Consultation
COMMENT = ConsultationComment
COMMENTS_PER_PAGE = 50


class PublicComment(BaseModel):
    id: int
    number: int  # its place among all the consultation's comments
    name: str
    text: str
    received_at: dt.datetime
    reply: str
    replied_at: dt.datetime | None


class CommentDetail(PublicComment):
    """A comment as the commission sees it."""

    email: str
    hidden: bool
    hidden_reason: str
    hidden_at: dt.datetime | None


class ConsultationOut(BaseModel):
    id: int
    report_id: int
    mechanism: str  # a mechanism code, or ALL
    cycle: str | None
    period: str
    locale: str
    report_state: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    state: str  # open | closed
    received: int
    answered: int
    hidden: int
    statement: str
    revision: int
    comments: list[PublicComment] = []
    page: int = 1
    pages: int = 1


class CommissionConsultation(ConsultationOut):
    comments: list[CommentDetail] = []  # type: ignore[assignment]


_COLUMNS = (
    C.id,
    C.opens_at,
    C.closes_at,
    C.closed_early,
    C.statement,
    C.revision,
    C.report.as_alias("report_id"),
    C.report._.locale.as_alias("locale"),
    C.report._.state.as_alias("report_state"),
    C.report._.mechanism._.code.as_alias("mechanism"),
    C.report._.cycle._.code.as_alias("cycle"),
    C.report._.period._.code.as_alias("period"),
)


def _public() -> Any:
    # A consultation anyone may read: of a public report of this country.
    return C.report.is_in(
        Report.select(Report.id).where(Report.country.is_in(policy.country()) & Report.internal.eq(False))
    )


async def _figures(ids: list[int]) -> dict[int, dict[str, int]]:
    """Comments received, answered and hidden per consultation (two grouped queries)."""
    figures = {i: {"received": 0, "answered": 0, "hidden": 0} for i in ids}
    if not ids:
        return figures
    by_state = (
        await COMMENT.select(COMMENT.consultation, COMMENT.hidden, Count(alias="n"))
        .where(COMMENT.consultation.is_in(ids))
        .group_by(COMMENT.consultation, COMMENT.hidden)
    )
    for row in by_state:
        figures[row["consultation"]]["received"] += row["n"]
        if row["hidden"]:
            figures[row["consultation"]]["hidden"] += row["n"]
    answered = (
        await COMMENT.select(COMMENT.consultation, Count(alias="n"))
        .where(COMMENT.consultation.is_in(ids) & (COMMENT.reply != ""))
        .group_by(COMMENT.consultation)
    )
    for row in answered:
        figures[row["consultation"]]["answered"] = row["n"]
    return figures


def _out(row: dict[str, Any], figures: dict[str, int]) -> dict[str, Any]:
    return {
        **row,
        "mechanism": row["mechanism"] or CONSOLIDATED,
        "state": state_at(row["closes_at"], clock.now(), row["closed_early"]),
        **figures,
    }


async def public_consultations() -> list[ConsultationOut]:
    """Every consultation on the portal: open ones first (closing soonest first), then closed."""
    rows = await C.select(*_COLUMNS).where(_public()).order_by(C.closes_at, ascending=False).limit(200)
    figures = await _figures([row["id"] for row in rows])
    found = [ConsultationOut(**_out(row, figures[row["id"]])) for row in rows]
    return sorted(found, key=lambda c: (c.state != "open", c.closes_at if c.state == "open" else -c.id))


async def _numbered(consultation_id: int, visible_only: bool) -> list[dict[str, Any]]:
    rows = (
        await COMMENT.select(*COMMENT.all_columns(exclude=[COMMENT.consultation]))
        .where(COMMENT.consultation == consultation_id)
        .order_by(COMMENT.id)
    )
    numbered = [{**row, "number": n} for n, row in enumerate(rows, start=1)]
    return [row for row in numbered if not (visible_only and row["hidden"])]


def _comment(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "name": row["author_name"],
        "email": row["author_email"],
        "text": row["body"],
        "received_at": row["created_at"],
    }


async def public_consultation(consultation_id: int, page: int = 1) -> ConsultationOut:
    """One consultation with one page of its comments that are not hidden, oldest first."""
    row = await C.select(*_COLUMNS).where((C.id == consultation_id) & _public()).first()
    if not row:
        raise NotFound(_("consulta pública no encontrada"))
    figures = (await _figures([consultation_id]))[consultation_id]
    # Numbers count hidden comments too, so a gap shows where one was hidden.
    visible = await _numbered(consultation_id, visible_only=True)
    pages = max(1, -(-len(visible) // COMMENTS_PER_PAGE))
    page = min(max(page, 1), pages)
    shown = visible[(page - 1) * COMMENTS_PER_PAGE : page * COMMENTS_PER_PAGE]
    comments = [PublicComment(**_comment(c)) for c in shown]
    return ConsultationOut(**_out(row, figures), comments=comments, page=page, pages=pages)


async def consultation_of_report(actor: Actor, report_id: int) -> CommissionConsultation | None:
    """A report's consultation with every comment, for the commission (None if never opened)."""
    actor.require_commission()
    row = (
        await C.select(*_COLUMNS)
        .where(
            (C.report == report_id) & C.report.is_in(Report.select(Report.id).where(policy.reports(actor)))
        )
        .first()
    )
    if not row:
        return None
    figures = (await _figures([row["id"]]))[row["id"]]
    comments = [CommentDetail(**_comment(c)) for c in await _numbered(row["id"], visible_only=False)]
    return CommissionConsultation(**_out(row, figures), comments=comments)


async def public_draft_pdf(consultation_id: int) -> tuple[ConsultationOut, bytes]:
    """The PDF of the report under consultation as it stands (the draft, or the issued report)."""
    found = await public_consultation(consultation_id)
    row = await Report.select(Report.file_sha256).where(Report.id == found.report_id).first()
    if not row or not row["file_sha256"]:
        raise NotFound(_("informe no encontrado"))
    return found, read_bytes(row["file_sha256"])


async def get_consultation_of_report(actor: Actor, report_id: int) -> CommissionConsultation:
    """A report's consultation for the commission; NotFound if it was never opened."""
    found = await consultation_of_report(actor, report_id)
    if found is None:
        raise NotFound(_("este informe no se ha sometido a consulta pública"))
    return found


async def public_comment(comment_id: int) -> PublicComment:
    """A comment as the portal shows it (just posted: not hidden), with its number."""
    row = await COMMENT.select().where(COMMENT.id == comment_id).first()
    if row is None or row["hidden"]:
        raise NotFound(_("comentario no encontrado"))
    number = await COMMENT.count().where(
        (COMMENT.consultation == row["consultation"]) & (COMMENT.id <= comment_id)
    )
    return PublicComment(**_comment(row), number=number)

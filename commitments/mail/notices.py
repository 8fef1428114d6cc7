"""Notices of workflow events, queued by the services inside the event's own transaction (so a
change that rolls back sends nothing, and one that commits cannot lose its notice)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from commitments.i18n import format_date, gettext, ngettext
from commitments.mail.letters import Letter, footer, greeting
from commitments.mail.outbox import Outgoing, Recipient, focal_points, link, queue
from commitments.tables import Assignment, Period, Response, User
from commitments.vocabulary import AssignmentState, MailKind, word


def short(text: str, limit: int = 140) -> str:
    """A recommendation's text cut at a word for a list line."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def item_line(row: dict[str, Any]) -> str:
    """`CODE — title or the start of the text`."""
    return f"{row['code']} — {short(row['title'] or row['text'])}"


def agency_name(row: dict[str, Any], locale: str) -> str:
    return str(row[f"agency_{locale}"] or row["agency_es"])


_ASSIGNMENT = (
    Assignment.id,
    Assignment.agency,
    Assignment.role,
    Assignment.recommendation._.code.as_alias("code"),
    Assignment.recommendation._.title.as_alias("title"),
    Assignment.recommendation._.text.as_alias("text"),
    Assignment.agency._.name_es.as_alias("agency_es"),
    Assignment.agency._.name_en.as_alias("agency_en"),
)


async def _open_deadline() -> Any:
    from commitments.lookup import country_id

    row = (
        await Period.select(Period.response_deadline)
        .where(Period.is_open.eq(True), Period.country == await country_id())
        .first()
    )
    return row["response_deadline"] if row else None


async def assigned(assignment_ids: Sequence[int]) -> int:
    """Tell each agency's focal points what was just assigned to it (one message per person
    per batch: an import of forty items sends one list, not forty mails)."""
    if not assignment_ids:
        return 0
    ids = list(assignment_ids)
    rows = []
    for start in range(0, len(ids), 900):
        rows += await Assignment.select(*_ASSIGNMENT).where(Assignment.id.is_in(ids[start : start + 900]))
    by_agency: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r["code"]):
        by_agency[row["agency"]].append(row)
    people = await focal_points(by_agency)
    deadline = await _open_deadline()
    out: list[Outgoing] = []
    for agency, items in by_agency.items():
        batch = hashlib.sha256(",".join(str(r["id"]) for r in items).encode()).hexdigest()[:16]
        for person in people.get(agency, []):
            out.append(
                Outgoing(
                    MailKind.ASSIGNED,
                    f"assigned:{batch}:{person.user_id}",
                    person,
                    _assigned_letter(person, items, deadline),
                )
            )
    return await queue(out)


def _assigned_letter(person: Recipient, items: list[dict[str, Any]], deadline: Any) -> Letter:
    loc, n = person.locale, len(items)
    agency = agency_name(items[0], loc)
    subject = (
        gettext(loc, "Nueva asignación: %(code)s", code=items[0]["code"])
        if n == 1
        else ngettext(loc, "%(n)s recomendación asignada", "%(n)s recomendaciones asignadas", n)
    )
    paragraphs = [
        ngettext(
            loc,
            "La comisión asignó a %(agency)s esta recomendación:",
            "La comisión asignó a %(agency)s estas %(n)s recomendaciones:",
            n,
            agency=agency,
        )
    ]
    if deadline:
        paragraphs.append(
            gettext(loc, "Informe lo realizado antes del %(date)s.", date=format_date(deadline, loc))
        )
    lines = tuple(f"{item_line(r)} ({word(loc, 'assignment_role', r['role'])})" for r in items)
    path = f"/inbox/{items[0]['id']}" if n == 1 else "/inbox"
    return Letter(
        subject=subject,
        greeting=greeting(loc, person.name),
        paragraphs=tuple(paragraphs),
        items=lines,
        action=gettext(loc, "Responder") if n == 1 else gettext(loc, "Ver mis asignaciones"),
        link=link(path),
        footer=footer(loc),
    )


async def reviewed(response_id: int, accepted: bool, comment: str) -> int:
    """Tell the agency (its focal points and whoever submitted) that the commission accepted
    its answer, or returned it with the commission's comment."""
    row = await _response_row(response_id)
    if not row:
        return 0
    people = list((await focal_points([row["agency"]])).get(row["agency"], []))
    if row["submitted_by"] and all(p.user_id != row["submitted_by"] for p in people):
        people += await _users([row["submitted_by"]])
    kind = MailKind.ACCEPTED if accepted else MailKind.RETURNED
    out = [
        Outgoing(
            kind,
            f"{kind}:{response_id}:{row['version']}:{p.user_id}",
            p,
            _review_letter(p, row, accepted, comment),
        )
        for p in people
    ]
    return await queue(out)


def _review_letter(person: Recipient, row: dict[str, Any], accepted: bool, comment: str) -> Letter:
    loc = person.locale
    if accepted:
        subject = gettext(loc, "Respuesta aceptada: %(code)s", code=row["code"])
        text = gettext(
            loc,
            "La comisión aceptó la respuesta de su institución para el periodo %(period)s.",
            period=row["period"],
        )
    else:
        subject = gettext(loc, "Respuesta devuelta: %(code)s", code=row["code"])
        text = gettext(
            loc,
            "La comisión devolvió la respuesta de su institución para el periodo %(period)s. "
            "Corríjala y envíela de nuevo.",
            period=row["period"],
        )
    extra = (
        (gettext(loc, "Comentario de la comisión: %(comment)s", comment=comment.strip()),)
        if comment.strip()
        else ()
    )
    return Letter(
        subject=subject,
        greeting=greeting(loc, person.name),
        paragraphs=(text,),
        items=(item_line(row),),
        extra=extra,
        action=gettext(loc, "Ver la respuesta") if accepted else gettext(loc, "Corregir la respuesta"),
        link=link(f"/inbox/{row['assignment']}"),
        footer=footer(loc),
    )


async def _users(user_ids: Sequence[int]) -> list[Recipient]:
    rows = await User.select(User.id, User.email, User.locale, User.display_name).where(
        User.id.is_in(list(user_ids)), User.active.eq(True)
    )
    return [Recipient(r["id"], r["email"], r["locale"] or "es", r["display_name"]) for r in rows]


async def period_opened(period_id: int) -> int:
    """Tell the focal points of every agency with work that a reporting period is open."""
    period = await Period.select().where(Period.id == period_id).first()
    if not period:
        return 0
    agencies = (
        await Assignment.select(Assignment.agency)
        .where(Assignment.state != AssignmentState.ACCEPTED, Assignment.agency._.active.eq(True))
        .distinct()
    )
    people = await focal_points(r["agency"] for r in agencies)
    out: list[Outgoing] = []
    for person in sorted({p for group in people.values() for p in group}, key=lambda p: p.email):
        loc = person.locale
        letter = Letter(
            subject=gettext(loc, "Periodo de informe %(period)s abierto", period=period["code"]),
            greeting=greeting(loc, person.name),
            paragraphs=(
                gettext(
                    loc,
                    "La comisión abrió el periodo de informe %(period)s (%(start)s – %(end)s). "
                    "Informe lo realizado en cada asignación de su institución antes del %(deadline)s.",
                    period=period["code"],
                    start=format_date(period["starts_on"], loc),
                    end=format_date(period["ends_on"], loc),
                    deadline=format_date(period["response_deadline"], loc),
                ),
            ),
            action=gettext(loc, "Ver mis asignaciones"),
            link=link("/inbox"),
            footer=footer(loc),
        )
        out.append(
            Outgoing(MailKind.PERIOD_OPENED, f"period_opened:{period_id}:{person.user_id}", person, letter)
        )
    return await queue(out)


async def _response_row(response_id: int) -> dict[str, Any] | None:
    return await (
        Response.select(
            Response.id,
            Response.version,
            Response.submitted_by,
            Response.period._.code.as_alias("period"),
            Response.assignment._.id.as_alias("assignment"),
            Response.assignment._.agency.as_alias("agency"),
            Response.assignment._.recommendation._.code.as_alias("code"),
            Response.assignment._.recommendation._.title.as_alias("title"),
            Response.assignment._.recommendation._.text.as_alias("text"),
        )
        .where(Response.id == response_id)
        .first()
    )


async def to_approve(response_id: int) -> int:
    """Tell the agency's validating authorities that an answer awaits their approval."""
    row = await _response_row(response_id)
    if not row:
        return 0
    from commitments.tables import Membership

    approvers = set(
        r["user"]
        for r in await Membership.select(Membership.user).where(
            Membership.agency == row["agency"], Membership.approver.eq(True)
        )
    )
    people = [
        p for p in (await focal_points([row["agency"]])).get(row["agency"], []) if p.user_id in approvers
    ]
    out = []
    for person in people:
        loc = person.locale
        letter = Letter(
            subject=gettext(loc, "Respuesta por aprobar: %(code)s", code=row["code"]),
            greeting=greeting(loc, person.name),
            paragraphs=(
                gettext(
                    loc,
                    "Una respuesta de su institución para el periodo %(period)s espera su aprobación antes de "
                    "llegar a la comisión.",
                    period=row["period"],
                ),
            ),
            items=(item_line(row),),
            action=gettext(loc, "Revisar y aprobar"),
            link=link(f"/inbox/{row['assignment']}"),
            footer=footer(loc),
        )
        out.append(
            Outgoing(
                MailKind.TO_APPROVE,
                f"to_approve:{response_id}:{row['version']}:{person.user_id}",
                person,
                letter,
            )
        )
    return await queue(out)


async def sent_back(response_id: int, comment: str) -> int:
    """Tell the drafter that their agency's authority sent the answer back, with the comment."""
    row = await _response_row(response_id)
    if not row or not row["submitted_by"]:
        return 0
    out = []
    for person in await _users([row["submitted_by"]]):
        loc = person.locale
        letter = Letter(
            subject=gettext(loc, "Respuesta devuelta por su institución: %(code)s", code=row["code"]),
            greeting=greeting(loc, person.name),
            paragraphs=(
                gettext(loc, "La autoridad de su institución devolvió la respuesta para que la corrija."),
            ),
            items=(item_line(row),),
            extra=(gettext(loc, "Comentario: %(comment)s", comment=comment.strip()),),
            action=gettext(loc, "Corregir la respuesta"),
            link=link(f"/inbox/{row['assignment']}"),
            footer=footer(loc),
        )
        out.append(
            Outgoing(
                MailKind.SENT_BACK,
                f"sent_back:{response_id}:{row['version']}:{person.user_id}",
                person,
                letter,
            )
        )
    return await queue(out)

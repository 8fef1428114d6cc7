"""Reminders computed from the open period's deadline, and the commission's daily digest.

Run on a schedule inside `serve` and on demand by `commitments remind`; both are idempotent.
Each reminder of a kind is given once per assignment and period (a `reminder` row with a unique
key), and its mail is queued in the same transaction, so a run that fails leaves nothing half
done and a second run finds nothing new. A focal point gets one message per kind listing their
agency's unanswered items, not one per item."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from commitments import clock
from commitments.db import writing
from commitments.i18n import format_date, gettext, ngettext
from commitments.lookup import country_id
from commitments.mail.letters import Letter, footer, greeting
from commitments.mail.notices import item_line
from commitments.mail.outbox import Outgoing, Recipient, commission, focal_points, link, queue
from commitments.settings import get_settings
from commitments.tables import Period, Reminder, Response
from commitments.vocabulary import MailKind, ResponseState

# Items listed in one message; the rest are counted ("and 12 more").
LISTED = 15

# Assignments of the country's active agencies with no submitted or accepted answer in the
# period: each gets a reminder row of this kind unless it has one; the new ones are returned.
_MARK = (
    "INSERT INTO reminder (key, assignment, sent_at) "
    "SELECT {} || CAST(a.id AS TEXT), a.id, {} FROM assignment a JOIN agency g ON g.id = a.agency "
    "WHERE g.country = {} AND g.active = {} AND NOT EXISTS (SELECT 1 FROM response r "
    "WHERE r.assignment = a.id AND r.period = {} AND r.state IN ('submitted', 'accepted')) "
    "ON CONFLICT (key) DO NOTHING RETURNING assignment"
)
# The reminders one run marked (their key's prefix and time), in one statement: each agency's
# first items by code, to list, and how many it has in all, to count the rest.
_LISTED = (
    "SELECT * FROM (SELECT a.id, a.agency, g.name_es AS agency_es, g.name_en AS agency_en, r.code, "
    "r.title, substr(r.text, 1, 300) AS text, "
    "ROW_NUMBER() OVER (PARTITION BY a.agency ORDER BY r.code, a.id) AS position, "
    "COUNT(*) OVER (PARTITION BY a.agency) AS total "
    "FROM reminder m JOIN assignment a ON a.id = m.assignment JOIN agency g ON g.id = a.agency "
    "JOIN recommendation r ON r.id = a.recommendation WHERE m.key LIKE {} AND m.sent_at = {}) AS t "
    "WHERE t.position <= {} ORDER BY t.agency, t.position"
)


@dataclass
class RemindResult:
    """What one run did: reminders given per kind, and mails queued."""

    reminders: dict[str, int] = field(default_factory=dict)
    mails: int = 0


def kind_for(days_left: int, escalation_days: int) -> list[MailKind]:
    """The reminders due `days_left` days before the deadline (negative: after it)."""
    if days_left > 7:
        return []
    if days_left >= 2:
        return [MailKind.DUE_7]
    if days_left >= 0:
        return [MailKind.DUE_1]
    kinds = [MailKind.OVERDUE]
    if -days_left >= escalation_days:
        kinds.append(MailKind.ESCALATION)
    return kinds


async def remind(today: dt.date | None = None) -> RemindResult:
    """Give every reminder now due, and today's digest; idempotent."""
    today = today or clock.today()
    settings = get_settings()
    result = RemindResult()
    async with writing():
        country = await country_id()
        period = await Period.select().where(Period.is_open.eq(True), Period.country == country).first()
        if period:
            days_left = (period["response_deadline"] - today).days
            for kind in kind_for(days_left, settings.escalation_days):
                items = await _mark(kind, period, country)
                result.reminders[kind.value] = sum(int(v[0]["_count"]) for v in items.values())
                if kind is MailKind.ESCALATION:
                    result.mails += await _escalate(period, items, today)
                else:
                    result.mails += await _remind_agencies(kind, period, items, today)
            if 0 <= (period["ends_on"] - today).days <= 7:
                result.mails += await _period_closing(period)
        result.mails += await _digest(period, today)
    return result


async def _mark(kind: MailKind, period: dict[str, Any], country: int) -> dict[int, list[dict[str, Any]]]:
    """Record the reminders of this kind not yet given; the new ones' items, by agency."""
    prefix, now = f"{kind.value}:{period['id']}:", clock.now()
    marked = await Reminder.raw(_MARK, prefix, now, country, True, period["id"])
    by_agency: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not marked:
        return by_agency
    for row in await Reminder.raw(_LISTED, prefix + "%", now, LISTED):
        by_agency[row["agency"]].append(row)
    for items in by_agency.values():
        items[0]["_count"] = int(items[0]["total"])
        items[0]["_ids"] = ",".join(str(r["id"]) for r in items)
    return by_agency


def _batch(kind: MailKind, period: dict[str, Any], agency: int, today: dt.date) -> str:
    # Rows marked in this run are new, so a run's batch is new too; the date and agency keep
    # two runs' batches apart.
    return f"{kind.value}:{period['id']}:{agency}:{today.isoformat()}"


def _listed(loc: str, items: list[dict[str, Any]]) -> tuple[str, ...]:
    lines = [item_line(r) for r in items]
    more = items[0]["_count"] - len(items)
    if more > 0:
        lines.append(ngettext(loc, "y %(n)s más", "y %(n)s más", more))
    return tuple(lines)


def _agency(items: list[dict[str, Any]], loc: str) -> str:
    return str(items[0][f"agency_{loc}"] or items[0]["agency_es"])


async def _remind_agencies(
    kind: MailKind, period: dict[str, Any], by_agency: dict[int, list[dict[str, Any]]], today: dt.date
) -> int:
    people = await focal_points(by_agency)
    out: list[Outgoing] = []
    for agency, items in by_agency.items():
        digest = hashlib.sha256(items[0]["_ids"].encode()).hexdigest()[:12]
        for person in people.get(agency, []):
            out.append(
                Outgoing(
                    kind,
                    f"{_batch(kind, period, agency, today)}:{digest}:{person.user_id}",
                    person,
                    _reminder_letter(kind, person, period, items),
                )
            )
    return await queue(out)


def _reminder_letter(
    kind: MailKind, person: Recipient, period: dict[str, Any], items: list[dict[str, Any]]
) -> Letter:
    loc, n = person.locale, items[0]["_count"]
    deadline = format_date(period["response_deadline"], loc)
    agency = _agency(items, loc)
    if kind is MailKind.DUE_7:
        subject = gettext(
            loc,
            "Recordatorio: el informe del periodo %(period)s vence el %(date)s",
            period=period["code"],
            date=deadline,
        )
    elif kind is MailKind.DUE_1:
        subject = gettext(
            loc,
            "Último aviso: el informe del periodo %(period)s vence el %(date)s",
            period=period["code"],
            date=deadline,
        )
    else:
        subject = gettext(loc, "Plazo vencido: informe del periodo %(period)s", period=period["code"])
    if kind is MailKind.OVERDUE:
        text = ngettext(
            loc,
            "El plazo venció el %(date)s y %(agency)s no ha enviado la respuesta de %(n)s asignación:",
            "El plazo venció el %(date)s y %(agency)s no ha enviado las respuestas de %(n)s asignaciones:",
            n,
            date=deadline,
            agency=agency,
        )
    else:
        text = ngettext(
            loc,
            "%(agency)s tiene %(n)s asignación sin respuesta enviada; el plazo vence el %(date)s:",
            "%(agency)s tiene %(n)s asignaciones sin respuesta enviada; el plazo vence el %(date)s:",
            n,
            date=deadline,
            agency=agency,
        )
    return Letter(
        subject=subject,
        greeting=greeting(loc, person.name),
        paragraphs=(text,),
        items=_listed(loc, items),
        action=gettext(loc, "Ver mis asignaciones"),
        link=link("/inbox"),
        footer=footer(loc),
    )


async def _escalate(
    period: dict[str, Any], by_agency: dict[int, list[dict[str, Any]]], today: dt.date
) -> int:
    """Past the escalation threshold: the commission learns which agencies have not answered,
    and each agency's focal points learn that the commission was told."""
    if not by_agency:
        return 0
    out: list[Outgoing] = []
    key = hashlib.sha256(",".join(i[0]["_ids"] for i in by_agency.values()).encode()).hexdigest()[:12]
    ordered = sorted(by_agency.values(), key=lambda items: -int(items[0]["_count"]))
    for person in await commission():
        loc = person.locale
        lines = tuple(
            ngettext(
                loc,
                "%(agency)s: %(n)s asignación",
                "%(agency)s: %(n)s asignaciones",
                items[0]["_count"],
                agency=_agency(items, loc),
            )
            for items in ordered
        )
        letter = Letter(
            subject=gettext(loc, "Instituciones sin responder: periodo %(period)s", period=period["code"]),
            greeting=greeting(loc, person.name),
            paragraphs=(
                gettext(
                    loc,
                    "El plazo del periodo %(period)s venció el %(date)s. Estas instituciones siguen sin enviar respuestas:",
                    period=period["code"],
                    date=format_date(period["response_deadline"], loc),
                ),
            ),
            items=lines,
            action=gettext(loc, "Ver las asignaciones"),
            link=link("/recommendations"),
            footer=footer(loc),
        )
        out.append(
            Outgoing(
                MailKind.ESCALATION,
                f"escalation:{period['id']}:{today.isoformat()}:{key}:{person.user_id}",
                person,
                letter,
            )
        )
    people = await focal_points(by_agency)
    for agency, items in by_agency.items():
        for person in people.get(agency, []):
            loc = person.locale
            letter = Letter(
                subject=gettext(
                    loc,
                    "Aviso a la comisión: respuestas vencidas del periodo %(period)s",
                    period=period["code"],
                ),
                greeting=greeting(loc, person.name),
                paragraphs=(
                    gettext(
                        loc,
                        "El plazo venció el %(date)s. Como %(agency)s sigue sin responder, se informó a la comisión.",
                        date=format_date(period["response_deadline"], loc),
                        agency=_agency(items, loc),
                    ),
                ),
                items=_listed(loc, items),
                action=gettext(loc, "Ver mis asignaciones"),
                link=link("/inbox"),
                footer=footer(loc),
            )
            out.append(
                Outgoing(
                    MailKind.ESCALATION,
                    f"{_batch(MailKind.ESCALATION, period, agency, today)}:{key}:{person.user_id}",
                    person,
                    letter,
                )
            )
    return await queue(out)


async def _period_closing(period: dict[str, Any]) -> int:
    out: list[Outgoing] = []
    for person in await commission():
        loc = person.locale
        letter = Letter(
            subject=gettext(
                loc,
                "El periodo %(period)s termina el %(date)s",
                period=period["code"],
                date=format_date(period["ends_on"], loc),
            ),
            greeting=greeting(loc, person.name),
            paragraphs=(
                gettext(
                    loc,
                    "El periodo de informe %(period)s termina el %(date)s. Revise las respuestas enviadas antes de cerrarlo.",
                    period=period["code"],
                    date=format_date(period["ends_on"], loc),
                ),
            ),
            action=gettext(loc, "Revisar respuestas"),
            link=link("/review"),
            footer=footer(loc),
        )
        out.append(
            Outgoing(
                MailKind.PERIOD_CLOSING, f"period_closing:{period['id']}:{person.user_id}", person, letter
            )
        )
    return await queue(out)


_OVERDUE_BY_AGENCY = (
    "SELECT g.name_es AS agency_es, g.name_en AS agency_en, COUNT(*) AS n FROM assignment a "
    "JOIN agency g ON g.id = a.agency WHERE g.country = {} AND g.active = {} AND NOT EXISTS ("
    "SELECT 1 FROM response r WHERE r.assignment = a.id AND r.period = {} "
    "AND r.state IN ('submitted', 'accepted')) GROUP BY g.id, g.name_es, g.name_en ORDER BY n DESC, g.name_es"
)


async def _digest(period: dict[str, Any] | None, today: dt.date) -> int:
    """Once a day, for the commission: answers awaiting review and, past the deadline, who
    has not answered. Nothing is sent on a day with nothing to say."""
    waiting = await Response.count().where(
        Response.state == ResponseState.SUBMITTED, Response.period._.country == await country_id()
    )
    late: list[dict[str, Any]] = []
    if period and period["response_deadline"] < today:
        late = list(await Reminder.raw(_OVERDUE_BY_AGENCY, await country_id(), True, period["id"]))
    if not waiting and not late:
        return 0
    out: list[Outgoing] = []
    for person in await commission():
        loc = person.locale
        paragraphs = [
            ngettext(
                loc,
                "%(n)s respuesta enviada espera revisión.",
                "%(n)s respuestas enviadas esperan revisión.",
                waiting,
            )
        ]
        if late:
            paragraphs.append(gettext(loc, "Asignaciones vencidas sin respuesta, por institución:"))
        lines = tuple(
            ngettext(
                loc,
                "%(agency)s: %(n)s asignación",
                "%(agency)s: %(n)s asignaciones",
                int(r["n"]),
                agency=r[f"agency_{loc}"] or r["agency_es"],
            )
            for r in late[:30]
        )
        letter = Letter(
            subject=gettext(loc, "Resumen del día %(date)s", date=format_date(today, loc)),
            greeting=greeting(loc, person.name),
            paragraphs=tuple(paragraphs),
            items=lines,
            action=gettext(loc, "Revisar respuestas"),
            link=link("/review"),
            footer=footer(loc),
        )
        out.append(Outgoing(MailKind.DIGEST, f"digest:{today.isoformat()}:{person.user_id}", person, letter))
    return await queue(out)

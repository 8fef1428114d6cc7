"""The outbox: who a notice goes to, and writing it in the caller's transaction.

A message is queued with a key naming what it is about (`returned:<response>:<version>:<user>`);
the key is unique, so queuing the same notice twice (a retried request, two reminder runs, two
workers) keeps one message."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from commitments import clock, policy
from commitments.actor import Actor
from commitments.i18n import normalise_locale
from commitments.mail.letters import Letter, html_body, text_body
from commitments.settings import get_settings
from commitments.tables import Mail, Membership
from commitments.vocabulary import MailKind, MailState, Role

# Rows per INSERT: well under SQLite's limit of bound parameters per statement.
_CHUNK = 400


@dataclass(frozen=True)
class Recipient:
    user_id: int
    email: str
    locale: str
    name: str


@dataclass(frozen=True)
class Outgoing:
    kind: MailKind
    key: str
    to: Recipient
    letter: Letter


def link(path: str) -> str:
    """An absolute link to a page of this instance (COMMITMENTS_BASE_URL)."""
    return f"{get_settings().base_url}{path}"


_RECIPIENT = (
    Membership.user._.id.as_alias("user_id"),
    Membership.user._.email.as_alias("email"),
    Membership.user._.locale.as_alias("locale"),
    Membership.user._.display_name.as_alias("name"),
    Membership.agency.as_alias("agency"),
)


def _recipient(row: dict[str, object]) -> Recipient:
    return Recipient(
        user_id=int(row["user_id"]),  # type: ignore[call-overload]
        email=str(row["email"]),
        locale=normalise_locale(str(row["locale"] or "")),
        name=str(row["name"] or ""),
    )


async def focal_points(agency_ids: Iterable[int]) -> dict[int, list[Recipient]]:
    """The active focal points of each agency (an agency with none is absent)."""
    ids = sorted(set(agency_ids))
    found: dict[int, list[Recipient]] = defaultdict(list)
    if not ids:
        return found
    rows = await Membership.select(*_RECIPIENT).where(
        policy.members(),
        Membership.role == Role.FOCAL_POINT,
        Membership.agency.is_in(ids),
        Membership.user._.active.eq(True),
    )
    for row in sorted(rows, key=lambda r: r["email"]):
        found[row["agency"]].append(_recipient(row))
    return found


async def commission() -> list[Recipient]:
    """The commission's analysts (its admins where it has no analyst)."""
    rows = await Membership.select(*_RECIPIENT, Membership.role).where(
        policy.members(),
        Membership.role.is_in([Role.ANALYST, Role.ADMIN]),
        Membership.user._.active.eq(True),
    )
    analysts = [r for r in rows if r["role"] == Role.ANALYST] or rows
    return [_recipient(r) for r in sorted(analysts, key=lambda r: r["email"])]


async def queue(messages: Sequence[Outgoing]) -> int:
    """Write messages to the outbox (in the caller's transaction); return how many were new."""
    if not messages:
        return 0
    now = clock.now()
    rows = [
        Mail(
            key=m.key[:300],
            kind=m.kind,
            user=m.to.user_id,
            to_email=m.to.email,
            locale=m.to.locale,
            subject=m.letter.subject[:300],
            body_text=text_body(m.letter),
            body_html=html_body(m.letter, m.to.locale),
            link=m.letter.link[:1000],
            created_at=now,
            state=MailState.QUEUED,
            attempts=0,
            next_attempt_at=now,
        )
        for m in messages
    ]
    new = 0
    for start in range(0, len(rows), _CHUNK):
        added = (
            await Mail.insert(*rows[start : start + _CHUNK])
            .on_conflict(action="DO NOTHING")
            .returning(Mail.id)
        )
        new += len(added)
    return new


async def sent_to(actor: Actor, limit: int = 100) -> list[dict[str, object]]:
    """The messages queued or sent to the signed-in user, newest first. A password-reset link
    is for the mailbox only: the list never repeats it."""
    actor.require_authenticated()
    rows = (
        await Mail.select(
            Mail.id, Mail.kind, Mail.subject, Mail.link, Mail.state, Mail.created_at, Mail.sent_at
        )
        .where(Mail.user == actor.user_id)
        .order_by(Mail.id, ascending=False)
        .limit(limit)
    )
    return [{**row, "link": "" if row["kind"] == MailKind.PASSWORD_RESET else row["link"]} for row in rows]


async def listing(state: str | None = None, limit: int = 100) -> list[dict[str, object]]:
    """The outbox as the operator sees it (`commitments mail list`), newest first."""
    query = Mail.select(
        Mail.id,
        Mail.kind,
        Mail.to_email,
        Mail.locale,
        Mail.subject,
        Mail.state,
        Mail.attempts,
        Mail.created_at,
        Mail.sent_at,
        Mail.last_error,
    )
    if state:
        query = query.where(Mail.state == state)
    return list(await query.order_by(Mail.id, ascending=False).limit(limit))

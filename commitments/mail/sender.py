"""Delivering the outbox over SMTP (aiosmtplib), with retries and backoff.

A message is claimed (queued -> sending, one atomic UPDATE, so two senders never take the same
one), handed to the SMTP server, then marked sent. A refused recipient (5xx) fails at once; a
server that is down or slow (connection errors, 4xx) leaves the message queued for a later try,
after 1, 5, 15, 60, 180 and 360 minutes, then it fails. A sender that dies mid-delivery leaves
its claims `sending`; after the lease they are queued again. The only way a message can arrive
twice is a crash in the instant between the server's "250 accepted" and the mark: the retry then
carries the same Message-ID, which mail systems use to drop the repeat."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from urllib.parse import unquote, urlparse

import aiosmtplib

from commitments import clock
from commitments.db import writing
from commitments.settings import Settings, get_settings
from commitments.tables import Mail
from commitments.vocabulary import MailState

log = logging.getLogger(__name__)

BACKOFF_MINUTES = (1, 5, 15, 60, 180, 360)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
LEASE = dt.timedelta(minutes=10)
BATCH = 20

_CLAIM = (
    "UPDATE mail SET state = 'sending', claimed_at = {}, attempts = attempts + 1 "
    "WHERE state = 'queued' AND next_attempt_at <= {} AND id IN ("
    "SELECT id FROM mail WHERE state = 'queued' AND next_attempt_at <= {} ORDER BY id LIMIT {}) "
    "RETURNING id"
)


@dataclass
class Delivery:
    """What one delivery run did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    recovered: int = 0


@dataclass(frozen=True)
class SmtpTarget:
    hostname: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool


def target(url: str) -> SmtpTarget:
    """`smtp://user:pass@host:port` (STARTTLS when the server offers it) or `smtps://` (TLS)."""
    parts = urlparse(url)
    use_tls = parts.scheme == "smtps"
    return SmtpTarget(
        hostname=parts.hostname or "localhost",
        port=parts.port or (465 if use_tls else 587),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_tls=use_tls,
    )


def message_id(row: dict[str, Any], sender: str) -> str:
    """Stable for a message across retries: a repeat is recognisable as the same message."""
    domain = sender.rpartition("@")[2] or "localhost"
    return f"<mail-{row['id']}.{hashlib.sha256(row['key'].encode()).hexdigest()[:16]}@{domain}>"


def compose(row: dict[str, Any], settings: Settings) -> EmailMessage:
    """The MIME message of an outbox row: plain text with an HTML alternative."""
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = Address(addr_spec=row["to_email"])
    message["Subject"] = row["subject"]
    message["Message-ID"] = message_id(row, settings.mail_from)
    message["Date"] = format_datetime(row["created_at"])
    message["Content-Language"] = row["locale"]
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(row["body_text"])
    message.add_alternative(row["body_html"], subtype="html")
    return message


async def recover_stranded() -> int:
    """Queue again the messages a sender claimed and never finished (it died)."""
    now = clock.now()
    async with writing():
        rows = (
            await Mail.update({Mail.state: MailState.QUEUED, Mail.next_attempt_at: now})
            .where((Mail.state == MailState.SENDING) & (Mail.claimed_at < now - LEASE))
            .returning(Mail.id)
        )
    return len(rows)


async def claim(limit: int = BATCH) -> list[dict[str, Any]]:
    """Take up to `limit` due messages for this sender."""
    now = clock.now()
    async with writing():
        ids = [int(r["id"]) for r in await Mail.raw(_CLAIM, now, now, now, limit)]
    if not ids:
        return []
    return list(await Mail.select().where(Mail.id.is_in(ids)).order_by(Mail.id))


async def _sent(mail_id: int) -> None:
    await Mail.update({Mail.state: MailState.SENT, Mail.sent_at: clock.now(), Mail.last_error: ""}).where(
        (Mail.id == mail_id) & (Mail.state == MailState.SENDING)
    )


async def _retry_or_fail(row: dict[str, Any], error: str, permanent: bool = False) -> bool:
    """Back to the queue with a delay, or failed for good; True when it failed."""
    failed = permanent or row["attempts"] >= MAX_ATTEMPTS
    delay = dt.timedelta(minutes=BACKOFF_MINUTES[min(row["attempts"], len(BACKOFF_MINUTES)) - 1])
    await Mail.update(
        {
            Mail.state: MailState.FAILED if failed else MailState.QUEUED,
            Mail.next_attempt_at: clock.now() + delay,
            Mail.last_error: error[:1000],
        }
    ).where((Mail.id == row["id"]) & (Mail.state == MailState.SENDING))
    return failed


async def deliver(limit: int | None = None, settings: Settings | None = None) -> Delivery:
    """Send what is due (all of it, or up to `limit`), batch by batch over one connection each.
    Without COMMITMENTS_SMTP_URL nothing is sent: the outbox keeps everything."""
    settings = settings or get_settings()
    done = Delivery()
    if not settings.smtp_url:
        return done
    done.recovered = await recover_stranded()
    while limit is None or done.sent + done.retried + done.failed < limit:
        batch = await claim(
            BATCH if limit is None else min(BATCH, limit - done.sent - done.retried - done.failed)
        )
        if not batch:
            break
        if not await _send_batch(batch, settings, done):
            break  # the server is unreachable: the rest waits for the next run
    return done


async def _send_batch(batch: list[dict[str, Any]], settings: Settings, done: Delivery) -> bool:
    smtp_url = settings.smtp_url or ""
    where = target(smtp_url)
    client = aiosmtplib.SMTP(
        hostname=where.hostname,
        port=where.port,
        username=where.username,
        password=where.password,
        use_tls=where.use_tls,
        timeout=30,
    )
    try:
        await client.connect()
    except (aiosmtplib.SMTPException, OSError) as exc:
        log.warning("the SMTP server %s:%s is unreachable: %s", where.hostname, where.port, exc)
        for row in batch:
            if await _retry_or_fail(row, f"connect: {exc}"):
                done.failed += 1
            else:
                done.retried += 1
        return False
    reachable = True
    try:
        for row in batch:
            if not reachable:
                if await _retry_or_fail(row, "not tried: the connection was lost"):
                    done.failed += 1
                else:
                    done.retried += 1
                continue
            try:
                await client.send_message(compose(row, settings))
            except aiosmtplib.SMTPRecipientsRefused as exc:
                await _retry_or_fail(row, f"refused: {exc}", permanent=True)
                done.failed += 1
            except aiosmtplib.SMTPResponseException as exc:
                permanent = 500 <= exc.code < 600
                if await _retry_or_fail(row, f"{exc.code} {exc.message}", permanent=permanent):
                    done.failed += 1
                else:
                    done.retried += 1
            except (aiosmtplib.SMTPException, OSError) as exc:
                reachable = False
                log.warning("SMTP delivery interrupted: %s", exc)
                if await _retry_or_fail(row, f"interrupted: {exc}"):
                    done.failed += 1
                else:
                    done.retried += 1
            else:
                await _sent(row["id"])
                done.sent += 1
    finally:
        if reachable:
            with contextlib.suppress(aiosmtplib.SMTPException, OSError):
                await client.quit()
    return reachable


async def waiting() -> int:
    """Messages not yet sent (queued or being sent)."""
    return int(await Mail.count().where(Mail.state.is_in([MailState.QUEUED, MailState.SENDING])))

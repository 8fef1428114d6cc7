"""Who renders a draft, and when: a renderer claims the draft atomically and keeps a lease on it
while it works; a failure that may pass is tried again after a growing delay; a claim whose
renderer went silent, or a queued draft nobody took, is found and rendered again
(`commitments.services.reports.stranded_reports`). The report row is the job's record, whichever
runs it (the web worker, or `commitments worker` through the queue)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from commitments import clock
from commitments.db import writing
from commitments.errors import Conflict, DomainError
from commitments.i18n import _
from commitments.tables import Report
from commitments.vocabulary import RenderState, ReportState

log = logging.getLogger(__name__)

# A renderer renews its lease on the draft (render_at) every LEASE_RENEWAL; one not heard from
# for STALE_RUNNING died (a killed process, a lost host). A draft queued, or due for a retry,
# STALE_PENDING ago and not taken up found no worker (the server stopped first).
LEASE_RENEWAL = dt.timedelta(seconds=20)
STALE_RUNNING = dt.timedelta(minutes=2)
STALE_PENDING = dt.timedelta(seconds=30)
# A failed rendering is tried again after 10 s, then 40 s; the third failure is final.
MAX_RENDER_ATTEMPTS = 3
FIRST_RETRY = dt.timedelta(seconds=10)


def retry_delay(attempt: int) -> dt.timedelta:
    """How long after failed attempt number `attempt` the next one is due."""
    return FIRST_RETRY * 4 ** (attempt - 1)


@dataclass(frozen=True)
class Claim:
    """A renderer's hold on a draft: which attempt it is, and the token only it knows."""

    report_id: int
    attempt: int
    token: str

    def held(self) -> Any:
        """The condition under which the draft is still this renderer's: nobody asked for a
        new rendering (back to pending) nor took it up since."""
        return (
            (Report.id == self.report_id)
            & (Report.render_state == RenderState.RUNNING)
            & (Report.render_claim == self.token)
        )


async def take_up(report_id: int) -> Claim:
    """Mark the draft as being rendered, unless another worker is rendering it right now."""
    now = clock.now()
    token = secrets.token_hex(16)
    free = (Report.render_state != RenderState.RUNNING) | Report.render_at.is_null()
    taken = (
        await Report.update(
            {
                Report.render_state: RenderState.RUNNING,
                Report.error: "",
                Report.render_at: now,
                Report.render_attempts: Report.render_attempts + 1,
                Report.render_claim: token,
            }
        )
        .where((Report.id == report_id) & (free | (Report.render_at < now - STALE_RUNNING)))
        .returning(Report.render_attempts)
    )
    if not taken:
        raise Conflict(_("el informe %(id)s ya se está generando"), id=report_id)
    return Claim(report_id, int(taken[0]["render_attempts"]), token)


@contextlib.asynccontextmanager
async def lease(claim: Claim) -> AsyncIterator[None]:
    """Renew the renderer's claim on the draft while the block runs."""

    async def renew() -> None:
        while True:
            await asyncio.sleep(LEASE_RENEWAL.total_seconds())
            try:
                async with writing():
                    await Report.update({Report.render_at: clock.now()}).where(claim.held())
            except Exception:  # a missed renewal only risks a second rendering
                log.warning("report %s: could not renew the rendering lease", claim.report_id, exc_info=True)

    task = asyncio.create_task(renew())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def failure_text(exc: Exception) -> str:
    """What went wrong, for the report's page: a domain error's message, else the exception."""
    text = exc.message if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
    return text[:2000]


async def record_failure(claim: Claim, exc: Exception, retry: bool) -> None:
    """`failed` with the error, or `retrying` when another attempt may succeed (never after a
    domain error: the same data gives the same refusal)."""
    again = retry and claim.attempt < MAX_RENDER_ATTEMPTS and not isinstance(exc, DomainError)
    values: dict[Any, Any] = {
        Report.render_state: RenderState.RETRYING if again else RenderState.FAILED,
        Report.error: failure_text(exc),
    }
    if again:
        values[Report.render_at] = clock.now() + retry_delay(claim.attempt)
    async with writing():
        # Only this renderer's claim: a draft asked for again meanwhile stays queued.
        await Report.update(values).where(claim.held())


async def render_due(report_id: int, requested_at: dt.datetime | None) -> bool:
    """Whether a rendering asked for at `requested_at` still has work to do: not when the
    report is no longer a draft, nor when a rendering taken up since then finished (ready) or
    failed for good. What makes a repeated or late job harmless."""
    row = (
        await Report.select(Report.state, Report.render_state, Report.render_at)
        .where(Report.id == report_id)
        .first()
    )
    if not row or row["state"] != ReportState.DRAFT:
        return False
    settled = row["render_state"] in (RenderState.READY, RenderState.FAILED)
    return not (settled and requested_at and row["render_at"] and row["render_at"] >= requested_at)


async def render_requested_at(report_id: int) -> dt.datetime | None:
    """When the draft's pending rendering was asked for (or last claimed): a job's identity."""
    row = await Report.select(Report.render_at).where(Report.id == report_id).first()
    return row["render_at"] if row else None

"""Rendering a draft as a job: one attempt, idempotent, whoever runs it."""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures.process import BrokenProcessPool
from enum import StrEnum

from commitments.actor import SYSTEM, Actor
from commitments.errors import DomainError
from commitments.jobs.pdf_process import discard_broken_pool, render_executor
from commitments.services import render_claims, reports

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    READY = "ready"
    SKIPPED = "skipped"  # nothing to do: rendered since it was asked for, no longer a draft, or taken
    RETRY = "retry"  # failed; the draft is `retrying`, due again after a delay
    BROKEN = "broken"  # the layout process died under it; retry at once with a new one
    FAILED = "failed"  # failed for good; the error is on the draft


async def render_once(
    actor: Actor, report_id: int, requested_at: dt.datetime | None, use_process: bool = True
) -> Outcome:
    """One attempt at the rendering asked for at `requested_at` (a repeat is a no-op)."""
    if not await render_claims.render_due(report_id, requested_at):
        return Outcome.SKIPPED
    try:
        await reports.render_report(
            report_id, actor=actor, executor=render_executor() if use_process else None, retry=True
        )
        return Outcome.READY
    except DomainError as exc:  # another renderer holds it, or the data refuses: on the row
        log.warning("report %s not rendered: %s", report_id, exc.message)
        return Outcome.SKIPPED
    except BrokenProcessPool:
        log.error("report %s: the PDF layout process died; starting a new one", report_id)
        discard_broken_pool()
        return Outcome.BROKEN
    except Exception:  # recorded on the row by render_report; the caller keeps serving
        log.exception("report %s failed to render", report_id)
    return Outcome.RETRY if await render_claims.render_due(report_id, requested_at) else Outcome.FAILED


async def render_here(actor: Actor, report_id: int, use_process: bool = True) -> Outcome:
    """Render a queued draft in this process: what `serve` does with no queue configured. A
    later retry is left to the sweep (`resume_here`), which also survives a restart."""
    requested_at = await render_claims.render_requested_at(report_id)
    outcome = await render_once(actor, report_id, requested_at, use_process)
    if outcome == Outcome.BROKEN:
        outcome = await render_once(actor, report_id, requested_at, use_process)
    return outcome


async def resume_here(use_process: bool = True) -> list[int]:
    """Render in this process the drafts a restart or a dead worker left queued, half-rendered
    or due for a retry."""
    found = await reports.stranded_reports()
    for report_id in found:
        log.warning("report %s was interrupted or is due again; rendering it", report_id)
        await render_here(SYSTEM, report_id, use_process)
    return found

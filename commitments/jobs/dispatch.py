"""What the web layer calls once a draft is queued (created, or asked for again)."""

from __future__ import annotations

import logging

from commitments.actor import Actor
from commitments.jobs import queue
from commitments.jobs.rendering import render_here
from commitments.services import render_claims

log = logging.getLogger(__name__)


async def rendering_requested(actor: Actor, report_id: int, use_process: bool = True) -> None:
    """Hand the draft to the queue, or render it in this process when none is configured.
    Never raises: a draft the queue did not take is found by the sweep within a minute."""
    if not queue.configured():
        await render_here(actor, report_id, use_process)
        return
    try:
        requested_at = await render_claims.render_requested_at(report_id)
        await queue.enqueue_render(report_id, actor.user_id, requested_at)
    except Exception:
        log.warning("report %s could not be queued now; the sweep will queue it", report_id, exc_info=True)

"""The job queue: SAQ on Redis (`redis://…`) or on PostgreSQL (`postgresql://…`, in SAQ's own
tables), named by COMMITMENTS_QUEUE_URL. Web servers enqueue; `commitments worker` runs."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import weakref
from typing import Any

from saq import Queue

from commitments.services.render_claims import FIRST_RETRY, MAX_RENDER_ATTEMPTS
from commitments.settings import get_settings

log = logging.getLogger(__name__)

RENDER = "render_report"  # the job function's name, as the worker registers it
# A rendering that runs this long is cancelled and retried (a 5,000-item report takes under a
# minute); a renderer that dies is noticed sooner, by its lease (services.render_claims).
RENDER_TIMEOUT = 15 * 60
RETRY_CEILING = 5 * 60  # SAQ's growing delay between attempts stops growing here

# One connection (pool) per event loop: the CLI runs a loop per command, tests one per session.
_queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Queue] = weakref.WeakKeyDictionary()
_opening: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()
_pool_size = 4


def configured() -> bool:
    """Whether a queue is configured (else jobs run inside `serve`)."""
    return bool(get_settings().queue_url)


def configure(pool_size: int) -> None:
    """Connections a PostgreSQL queue may hold in this process (a worker needs one per job)."""
    global _pool_size
    _pool_size = max(2, pool_size)


def _open(url: str, name: str) -> Queue:
    if url.startswith(("postgres://", "postgresql://")):
        from saq.queue.postgres import PostgresQueue

        return PostgresQueue.from_url(url, name=name, min_size=1, max_size=_pool_size)
    return Queue.from_url(url, name=name)


async def job_queue() -> Queue:
    """This event loop's connection to the configured queue."""
    loop = asyncio.get_running_loop()
    async with _opening.setdefault(loop, asyncio.Lock()):
        queue = _queues.get(loop)
        if queue is None:
            settings = get_settings()
            if not settings.queue_url:
                raise RuntimeError("COMMITMENTS_QUEUE_URL is not set")
            queue = _open(settings.queue_url, settings.resolved_queue_name)
            await queue.connect()
            _queues[loop] = queue
    return queue


async def close() -> None:
    """Disconnect this event loop's queue (at shutdown)."""
    queue = _queues.pop(asyncio.get_running_loop(), None)
    if queue is not None:
        await queue.disconnect()


def render_key(report_id: int, requested_at: dt.datetime | None) -> str:
    """One job per request to render: a repeat of the same request (a retried enqueue, the
    sweep) is the same job, a later request a new one."""
    stamp = int(requested_at.timestamp() * 1_000_000) if requested_at else 0
    return f"render:{report_id}:{stamp}"


async def enqueue_render(report_id: int, actor_id: int | None, requested_at: dt.datetime | None) -> bool:
    """Queue the rendering of a draft; False when that same request is already queued."""
    queue = await job_queue()
    job = await queue.enqueue(
        RENDER,
        key=render_key(report_id, requested_at),
        timeout=RENDER_TIMEOUT,
        retries=MAX_RENDER_ATTEMPTS,
        retry_delay=FIRST_RETRY.total_seconds(),
        retry_backoff=RETRY_CEILING,
        ttl=24 * 3600,  # what happened stays readable for a day
        report_id=report_id,
        actor_id=actor_id,
        requested_at=requested_at.isoformat() if requested_at else None,
    )
    return job is not None


async def state() -> dict[str, Any]:
    """For `/health`: `in-process`, or whether the queue answers and how many workers it has."""
    if not configured():
        return {"queue": "in-process"}
    try:
        info = await asyncio.wait_for((await job_queue()).info(), timeout=5)
    except Exception as exc:  # Redis or PostgreSQL unreachable
        log.warning("the job queue does not answer: %s", exc)
        return {"queue": "unreachable"}
    return {"queue": "ok", "queue_workers": len(info["workers"]), "queue_waiting": info["queued"]}

"""`commitments worker`: run the queue's jobs on this host. Any number of workers, on any
hosts, may serve one queue: each job is taken by one of them, and scheduled work (mail every
5 s, reminders, the sweep for stranded drafts) is enqueued under one key, so it runs once."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import os
from typing import Any

from piccolo.engine.postgres import PostgresEngine
from saq import CronJob, Worker
from saq.types import Context

from commitments.actor import SYSTEM, Actor
from commitments.db import engine, start_pool
from commitments.jobs import pdf_process, queue
from commitments.jobs.rendering import Outcome, render_once
from commitments.services import render_claims
from commitments.settings import get_settings

log = logging.getLogger(__name__)


class AttemptFailed(Exception):
    """A rendering attempt failed in a way another attempt may not: SAQ retries the job."""


async def _actor(actor_id: int | None) -> Actor:
    from commitments.services.users import actor_for_user

    found = await actor_for_user(actor_id) if actor_id else None
    return found or SYSTEM  # a user deactivated since asking: the service renders it


async def render_report(
    ctx: Context, *, report_id: int, actor_id: int | None = None, requested_at: str | None = None
) -> str:
    """The job: one attempt at rendering a draft (a repeat, or one rendered since, is a no-op)."""
    asked = dt.datetime.fromisoformat(requested_at) if requested_at else None
    outcome = await render_once(await _actor(actor_id), report_id, asked)
    if outcome in (Outcome.RETRY, Outcome.BROKEN):
        raise AttemptFailed(f"report {report_id}: rendering attempt failed ({outcome})")
    return outcome.value


async def deliver_mail(ctx: Context) -> dict[str, int]:
    """Send what the outbox has due (the outbox keeps each message's retries and backoff)."""
    from commitments.mail.sender import deliver

    return dataclasses.asdict(await deliver())


async def give_reminders(ctx: Context) -> dict[str, Any]:
    """Queue the reminders now due and the day's digest (idempotent)."""
    from commitments.mail.reminders import remind

    return dataclasses.asdict(await remind())


async def resume_reports(ctx: Context) -> list[int]:
    """Queue again the drafts a restart or a dead worker left behind, or due for a retry."""
    from commitments.services.reports import stranded_reports

    found = await stranded_reports()
    for report_id in found:
        await queue.enqueue_render(report_id, None, await render_claims.render_requested_at(report_id))
    if found:
        log.warning("reports %s were interrupted or are due again; queued", found)
    return found


def every(minutes: int) -> str:
    """A cron line for "every `minutes` minutes" (whole hours above 60)."""
    if minutes < 60:
        return f"*/{minutes} * * * *"
    return f"0 */{min(24, minutes // 60)} * * *"


def cron_jobs() -> list[CronJob[Context]]:
    """Scheduled work, each under one key in the queue however many workers there are."""
    jobs: list[CronJob[Context]] = [
        CronJob(deliver_mail, cron="* * * * * */5", timeout=300),
        CronJob(resume_reports, cron="* * * * * */15", timeout=120),
    ]
    minutes = get_settings().remind_every_minutes
    if minutes:
        jobs.append(CronJob(give_reminders, cron=every(minutes), timeout=900))
    return jobs


async def _startup(ctx: Context) -> None:
    db = engine()
    if isinstance(db, PostgresEngine):
        await start_pool(db, min_size=1, max_size=ctx["worker"].concurrency + 4)
    try:
        await resume_reports(ctx)  # a worker coming up after a crash picks up at once
    except Exception:  # the scheduled sweep tries again in 15 s
        log.warning("could not look for interrupted reports at start", exc_info=True)


async def _shutdown(ctx: Context) -> None:
    db = engine()
    if isinstance(db, PostgresEngine):
        await db.close_connection_pool()
    pdf_process.shutdown_render_executor()


class _Worker(Worker[Context]):
    """SAQ's worker, except that stopping waits only for jobs under way: its upkeep loops (one
    sleeps a minute between rounds) are cancelled at once, and an idle slot gives up waiting for
    a job within a second. Without this every stop took the whole grace period (a minute)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._upkeep_tasks: list[asyncio.Task[None]] = []  # none until `upkeep` starts them

    async def upkeep(self) -> list[asyncio.Task[None]]:
        self._upkeep_tasks = await super().upkeep()
        return self._upkeep_tasks

    async def stop(self) -> None:
        for task in self._upkeep_tasks:
            task.cancel()
        await super().stop()


async def work(concurrency: int = 4, burst: bool = False) -> None:
    """Run jobs until SIGTERM/SIGINT (a job under way gets a minute to finish), or, in `burst`
    mode, until the queue is empty."""
    pdf_process.configure(min(concurrency, os.cpu_count() or 1))
    queue.configure(concurrency + 4)
    worker = _Worker(
        await queue.job_queue(),
        functions=[render_report],
        cron_jobs=[] if burst else cron_jobs(),
        concurrency=concurrency,
        startup=_startup,
        shutdown=_shutdown,
        shutdown_grace_period_s=60,
        burst=burst,
        # An idle slot looks again every second, so a stop never waits on an empty queue.
        dequeue_timeout=1.0,
    )
    log.info("worker on queue %s: %s jobs at once", get_settings().resolved_queue_name, concurrency)
    try:
        await worker.start()
    finally:
        await queue.close()

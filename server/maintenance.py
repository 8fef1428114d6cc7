"""Housekeeping the running service does by itself, on a schedule: render again the reports a
restart interrupted, forget expired sessions, collect stored files no row names. Each job is safe to run in several
workers at once (a report is taken up atomically; one sweep holds a lock). With a job queue
configured, rendering, mail and reminders are the workers' (commitments.jobs.worker)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.stores.file import FileStore
from litestar.stores.memory import MemoryStore

from commitments.errors import Conflict

log = logging.getLogger(__name__)


async def sweep_files(app: Litestar) -> None:
    """Collect stored files no row names (see commitments.files)."""
    from commitments.files import sweep

    result = await sweep()
    if result.removed:
        log.info("swept %s unreferenced files (%s bytes)", result.removed, result.removed_bytes)


async def resume_reports(app: Litestar) -> None:
    """Render again the drafts a restart or a dead worker interrupted, or due for a retry."""
    from server.rendering import resume_stranded

    await resume_stranded()


async def purge_sessions(app: Litestar) -> None:
    """Forget expired sessions (Redis expires its keys itself; a file store needs telling) and
    closed sign-in counting windows."""
    from commitments import throttle
    from server import idempotency

    await throttle.forget_old()
    await idempotency.forget_old()
    store = app.stores.get("sessions")
    if isinstance(store, FileStore | MemoryStore):
        await store.delete_expired()


async def deliver_mail(app: Litestar) -> None:
    """Send what the outbox holds (when COMMITMENTS_SMTP_URL is set)."""
    from commitments.mail.sender import deliver

    done = await deliver()
    if done.sent or done.failed:
        log.info("mail: %s sent, %s to retry, %s failed", done.sent, done.retried, done.failed)


async def give_reminders(app: Litestar) -> None:
    """Queue the reminders now due and the day's digest (idempotent across workers and runs)."""
    from commitments.mail.reminders import remind

    result = await remind()
    if result.mails:
        log.info("reminders: %s (%s messages queued)", result.reminders, result.mails)


Job = Callable[[Litestar], Awaitable[None]]
# (job, seconds before its first run, seconds between runs)
HOUSEKEEPING: tuple[tuple[Job, float, float], ...] = (
    (purge_sessions, 60.0, 3600.0),
    (sweep_files, 600.0, 6 * 3600.0),  # let a restarting fleet settle first
)
# Without a queue, this process is also the worker.
IN_PROCESS: tuple[tuple[Job, float, float], ...] = (
    (resume_reports, 5.0, 15.0),  # also gives failed renderings their retry when due
    (deliver_mail, 2.0, 5.0),
)


def jobs() -> tuple[tuple[Job, float, float], ...]:
    """HOUSEKEEPING; without a queue also IN_PROCESS and reminders at the configured interval
    (COMMITMENTS_REMIND_EVERY_MINUTES; 0: off, e.g. when cron runs `commitments remind`)."""
    from commitments.settings import get_settings

    settings = get_settings()
    if settings.queue_url:
        return HOUSEKEEPING
    minutes = settings.remind_every_minutes
    return HOUSEKEEPING + IN_PROCESS + (((give_reminders, 30.0, minutes * 60.0),) if minutes else ())


async def _every(app: Litestar, job: Job, first: float, every: float) -> None:
    await asyncio.sleep(first)
    while True:
        try:
            await job(app)
        except Conflict:
            pass  # another worker is running it
        except Exception:
            log.exception("maintenance job %s failed", job.__name__)
        await asyncio.sleep(every)


@asynccontextmanager
async def scheduled_jobs(app: Litestar) -> AsyncIterator[None]:
    """Run JOBS periodically while the app serves."""
    tasks = [asyncio.create_task(_every(app, job, first, every)) for job, first, every in jobs()]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

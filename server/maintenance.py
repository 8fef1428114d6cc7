"""Housekeeping the running service does by itself, on a schedule: collect stored files no row
names. Each job takes its own lock, so several workers or hosts never run one twice at once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from litestar import Litestar

from commitments.errors import Conflict

log = logging.getLogger(__name__)
FIRST_RUN_SECONDS = 600.0  # let a restarting fleet settle first
EVERY_SECONDS = 6 * 3600.0


async def sweep_files() -> None:
    """Collect stored files no row names (see commitments.files)."""
    from commitments.files import sweep

    result = await sweep()
    if result.removed:
        log.info("swept %s unreferenced files (%s bytes)", result.removed, result.removed_bytes)


JOBS: tuple[Callable[[], Awaitable[None]], ...] = (sweep_files,)


async def _every(job: Callable[[], Awaitable[None]], first: float, every: float) -> None:
    await asyncio.sleep(first)
    while True:
        try:
            await job()
        except Conflict:
            pass  # another worker is running it
        except Exception:
            log.exception("maintenance job %s failed", job.__name__)
        await asyncio.sleep(every)


@asynccontextmanager
async def scheduled_jobs(app: Litestar) -> AsyncIterator[None]:
    """Run JOBS periodically while the app serves."""
    tasks = [asyncio.create_task(_every(job, FIRST_RUN_SECONDS, EVERY_SECONDS)) for job in JOBS]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

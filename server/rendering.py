"""Report rendering off the request path: a background task per report, PDF layout in a
separate process so the server's event loop never waits on ReportLab."""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor

from commitments.actor import Actor
from commitments.errors import DomainError
from commitments.services import reports

log = logging.getLogger(__name__)
_pool: Executor | None = None


def render_executor() -> Executor:
    """One worker process for PDF layout (spawned, so it holds no copy of the server's state)."""
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return _pool


async def render_in_background(actor: Actor, report_id: int, use_process: bool = True) -> None:
    """Render a draft; failures are recorded on the report (render_state=failed, error)."""
    try:
        await reports.render_report(report_id, actor=actor,
                                    executor=render_executor() if use_process else None)
    except DomainError as exc:
        log.warning("report %s not rendered: %s", report_id, exc.message)
    except Exception:  # recorded on the row by render_report; the server must keep serving
        log.exception("report %s failed to render", report_id)

"""Report rendering off the request path: a background task per report, PDF layout in a
separate process so the server's event loop never waits on ReportLab."""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from litestar import Request, Response
from litestar.background_tasks import BackgroundTask

from commitments.actor import SYSTEM, Actor
from commitments.errors import Conflict, DomainError
from commitments.i18n import _
from commitments.services import reports
from commitments.services.reports import ReportOut
from server.api.workflow import content_disposition

log = logging.getLogger(__name__)
_pool: Executor | None = None


def render_executor() -> Executor:
    """One worker process for PDF layout (spawned, so it holds no copy of the server's state)."""
    global _pool
    if _pool is not None and getattr(_pool, "_broken", False):
        _discard_broken_pool()  # its worker died while idle (killed, out of memory)
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def shutdown_render_executor() -> None:
    """Stop the worker process (and multiprocessing's resource tracker with the last pool)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
    _pool = None


def _discard_broken_pool() -> None:
    # A worker killed mid-render (out of memory, signal) breaks the pool for good: every later
    # submit would fail at once. Drop it so the next report starts a fresh worker.
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
    _pool = None


def executor_for(request: Request[Any, Any, Any]) -> Executor | None:
    """The worker process, or None (a thread) for an app built with render_inline (tests)."""
    return None if request.app.state.get("render_inline", False) else render_executor()


def render_task(request: Request[Any, Any, Any], actor: Actor, report_id: int) -> BackgroundTask:
    """The task that renders a newly created draft after the response is sent."""
    use_process = not request.app.state.get("render_inline", False)
    return BackgroundTask(render_in_background, actor, report_id, use_process)


async def finalize(request: Request[Any, Any, Any], actor: Actor, report_id: int) -> ReportOut:
    """Freeze a draft, laying its final PDF out in the worker process."""
    try:
        return await reports.finalize_report(actor, report_id, executor=executor_for(request))
    except BrokenProcessPool:
        _discard_broken_pool()
        raise Conflict(_("el proceso que compone los PDF se detuvo; vuelva a intentarlo")) from None


async def pdf_download(actor: Actor, report_id: int) -> Response[bytes]:
    """The report's PDF as an attachment named after what it covers."""
    report = await reports.get_report(actor, report_id)
    data = await reports.report_pdf(actor, report_id)
    name = reports.file_name(report, "pdf")
    return Response(
        data, media_type="application/pdf", headers={"Content-Disposition": content_disposition(name)}
    )


async def docx_download(actor: Actor, report_id: int) -> Response[bytes]:
    """The report as an editable .docx attachment, named like its PDF."""
    report = await reports.get_report(actor, report_id)
    data = await reports.report_docx(actor, report_id)
    return Response(
        data,
        media_type=reports.DOCX_TYPE,
        headers={"Content-Disposition": content_disposition(reports.file_name(report, "docx"))},
    )


async def resume_stranded(use_process: bool = True) -> list[int]:
    """Render again the drafts a restart or a dead worker left queued or half-rendered."""
    found = await reports.stranded_reports()
    for report_id in found:
        log.warning("report %s was interrupted; rendering it again", report_id)
        await render_in_background(SYSTEM, report_id, use_process)
    return found


async def render_in_background(actor: Actor, report_id: int, use_process: bool = True) -> None:
    """Render a draft; failures are recorded on the report (render_state=failed, error). A
    worker that dies under it is replaced and the rendering tried once more."""
    for attempt in (1, 2):
        try:
            await reports.render_report(
                report_id, actor=actor, executor=render_executor() if use_process else None
            )
            return
        except DomainError as exc:
            log.warning("report %s not rendered: %s", report_id, exc.message)
            return
        except BrokenProcessPool:
            log.error(
                "report %s: the rendering worker died (attempt %s); starting a new one", report_id, attempt
            )
            _discard_broken_pool()
        except Exception:  # recorded on the row by render_report; the server must keep serving
            log.exception("report %s failed to render", report_id)
            return

"""Report rendering off the request path: the draft is handed to the job queue, or, with none
configured, rendered by this web worker after the response is sent, its PDF laid out in a
separate process so the event loop never waits on ReportLab (commitments.jobs)."""

from __future__ import annotations

from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from litestar import Request, Response
from litestar.background_tasks import BackgroundTask

from commitments.actor import Actor
from commitments.errors import Conflict
from commitments.i18n import _
from commitments.jobs.dispatch import rendering_requested
from commitments.jobs.pdf_process import discard_broken_pool, render_executor, shutdown_render_executor
from commitments.jobs.rendering import render_here, resume_here
from commitments.services import reports
from commitments.services.reports import ReportOut
from server.api.workflow import content_disposition

__all__ = ["render_executor", "shutdown_render_executor"]


def executor_for(request: Request[Any, Any, Any]) -> Executor | None:
    """The worker process, or None (a thread) for an app built with render_inline (tests)."""
    return None if request.app.state.get("render_inline", False) else render_executor()


def render_task(request: Request[Any, Any, Any], actor: Actor, report_id: int) -> BackgroundTask:
    """The task that queues (or renders) a newly queued draft after the response is sent."""
    use_process = not request.app.state.get("render_inline", False)
    return BackgroundTask(rendering_requested, actor, report_id, use_process)


async def finalize(request: Request[Any, Any, Any], actor: Actor, report_id: int) -> ReportOut:
    """Freeze a draft, laying its final PDF out in the worker process."""
    try:
        return await reports.finalize_report(actor, report_id, executor=executor_for(request))
    except BrokenProcessPool:
        discard_broken_pool()
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
    """Render again, here, the drafts a restart or a dead worker left behind."""
    return await resume_here(use_process)


async def render_in_background(actor: Actor, report_id: int, use_process: bool = True) -> None:
    """Render a queued draft in this process (a layout process that dies under it is replaced
    and the rendering tried again at once)."""
    await render_here(actor, report_id, use_process)

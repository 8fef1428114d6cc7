"""A report is never stranded: one a restart left queued or half-rendered is rendered again by
the service, one being rendered is not taken twice, and a PDF worker that died while idle is
replaced before the next report needs it."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time

import pytest

from commitments import clock
from commitments.errors import Conflict
from commitments.services.reports import create_report, get_report, render_report, stranded_reports
from commitments.tables import Report
from commitments.vocabulary import RenderState
from server import rendering
from tests.report_helpers import build_workflow


async def _draft(cast) -> int:
    await build_workflow(cast)
    return await create_report(cast["analyst"], "OGP", None, "2026-S2", "es")


async def test_a_rendering_a_restart_interrupted_is_resumed(cast):
    report_id = await _draft(cast)
    an_hour_ago = clock.now() - dt.timedelta(hours=1)
    await Report.update({Report.render_state: RenderState.RUNNING, Report.render_at: an_hour_ago}).where(
        Report.id == report_id
    )
    assert await rendering.resume_stranded(use_process=False) == [report_id]
    report = await get_report(cast["analyst"], report_id)
    assert report.render_state == RenderState.READY and report.pages


async def test_a_queued_report_no_worker_took_is_rendered_and_a_fresh_one_is_left_alone(cast):
    report_id = await _draft(cast)
    assert await stranded_reports() == []  # just queued: its own background task will take it
    with clock.pinned(clock.now() + dt.timedelta(minutes=2)):
        assert await rendering.resume_stranded(use_process=False) == [report_id]
    assert (await get_report(cast["analyst"], report_id)).render_state == RenderState.READY


async def test_a_report_being_rendered_is_not_taken_twice(cast):
    report_id = await _draft(cast)
    await Report.update({Report.render_state: RenderState.RUNNING, Report.render_at: clock.now()}).where(
        Report.id == report_id
    )
    with pytest.raises(Conflict):
        await render_report(report_id, actor=cast["analyst"])
    assert await stranded_reports() == []


async def test_a_pdf_worker_that_died_while_idle_is_replaced(cast):
    report_id = await _draft(cast)
    pool = rendering.render_executor()
    try:
        pool.submit(time.sleep, 0).result(timeout=60)  # the worker process is up
        for pid in list(pool._processes):  # type: ignore[attr-defined]
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while not getattr(pool, "_broken", False) and time.monotonic() < deadline:
            time.sleep(0.1)
        await rendering.render_in_background(cast["analyst"], report_id)
        assert (await get_report(cast["analyst"], report_id)).render_state == RenderState.READY
        assert rendering.render_executor() is not pool
    finally:
        rendering.shutdown_render_executor()

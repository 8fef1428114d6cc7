"""Background jobs: a rendering is one idempotent attempt, retried with a growing delay and
then failed for good, its state on the report; the queue (SAQ on Redis or PostgreSQL) takes one
job per request to render; the worker's jobs render, deliver the outbox and give reminders; with
no queue, `serve` is the worker."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import signal
import sqlite3
import time
import uuid
from pathlib import Path

import pytest

from commitments import clock
from commitments.errors import Conflict
from commitments.jobs import queue, worker
from commitments.jobs.rendering import Outcome, render_here, render_once, resume_here
from commitments.services import render_claims, reports
from commitments.services.reports import create_report, get_report, request_render, stranded_reports
from commitments.settings import Settings
from commitments.tables import Report
from commitments.vocabulary import RenderState
from server import maintenance
from tests.clirun import drop_postgres, init_demo, run_cli, scratch_postgres
from tests.conftest import TEST_DATABASE_URL, TEST_NOW
from tests.fleet import REDIS_URL, Process, fleet, queue_env, redis_absent
from tests.mailtrap import smtp_trap
from tests.report_helpers import build_workflow


async def _draft(cast) -> int:
    await build_workflow(cast)
    return await create_report(cast["analyst"], "OGP", None, "2026-S2", "es")


def _break_the_pdf(monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("ReportLab ran out of memory")

    monkeypatch.setattr(reports, "build_pdf", broken)


async def test_a_failed_rendering_is_retried_with_a_growing_delay_then_fails_for_good(cast, monkeypatch):
    report_id = await _draft(cast)
    _break_the_pdf(monkeypatch)
    assert await render_here(cast["analyst"], report_id, use_process=False) == Outcome.RETRY
    report = await get_report(cast["analyst"], report_id)
    assert (report.render_state, report.render_attempts) == (RenderState.RETRYING, 1)
    assert "ReportLab ran out of memory" in report.error
    assert await stranded_reports() == []  # not due yet: 10 s, then the sweep's 30 s of grace
    later = clock.now()
    for attempt, state in ((2, RenderState.RETRYING), (3, RenderState.FAILED)):
        later += render_claims.retry_delay(attempt - 1) + dt.timedelta(seconds=31)
        with clock.pinned(later):
            assert await resume_here(use_process=False) == [report_id]
        report = await get_report(cast["analyst"], report_id)
        assert (report.render_state, report.render_attempts) == (state, attempt)
    with clock.pinned(later + dt.timedelta(hours=1)):
        assert await stranded_reports() == []  # failed for good: a person asks again
    monkeypatch.undo()
    await request_render(cast["analyst"], report_id)
    assert await render_here(cast["analyst"], report_id, use_process=False) == Outcome.READY
    assert (await get_report(cast["analyst"], report_id)).render_attempts == 1


async def test_a_rendering_overtaken_by_a_newer_request_stores_nothing_and_the_newer_one_renders(
    cast, monkeypatch
):
    """Asked for again while rendering (an answer published, a consultation closed): the older
    rendering's result, from older data, is dropped, and the newer request still renders, even
    when its job starts only after the older one ended."""
    import threading

    report_id = await _draft(cast)
    laid_out, release = threading.Event(), threading.Event()
    real_build = reports.build_pdf

    def slow_build(*args, **kwargs):
        laid_out.set()
        assert release.wait(30)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(reports, "build_pdf", slow_build)
    older = asyncio.create_task(reports.render_report(report_id, actor=cast["analyst"]))
    while not laid_out.is_set():
        await asyncio.sleep(0.01)
    with clock.pinned(clock.now() + dt.timedelta(seconds=5)):
        await request_render(cast["analyst"], report_id)  # the data changed meanwhile
    release.set()
    with pytest.raises(Conflict) as refused:
        await older
    assert "de nuevo" in refused.value.message
    report = await get_report(cast["analyst"], report_id)
    assert report.render_state == RenderState.PENDING and report.version == 1
    monkeypatch.undo()
    with clock.pinned(clock.now() + dt.timedelta(seconds=6)):
        assert await render_here(cast["analyst"], report_id, use_process=False) == Outcome.READY
    report = await get_report(cast["analyst"], report_id)
    assert report.render_state == RenderState.READY and report.version == 2


async def test_a_rendering_job_run_twice_or_late_renders_once(cast):
    report_id = await _draft(cast)
    asked = await render_claims.render_requested_at(report_id)
    assert await render_once(cast["analyst"], report_id, asked, use_process=False) == Outcome.READY
    assert await render_once(cast["analyst"], report_id, asked, use_process=False) == Outcome.SKIPPED
    report = await get_report(cast["analyst"], report_id)
    assert report.render_attempts == 1 and report.version == 2
    await request_render(cast["analyst"], report_id)  # a new request is new work
    again = await render_claims.render_requested_at(report_id)
    assert await render_once(cast["analyst"], report_id, again, use_process=False) == Outcome.READY


async def test_a_renderer_heard_from_keeps_its_claim_and_a_silent_one_loses_it(cast):
    report_id = await _draft(cast)
    for silent, stranded in ((dt.timedelta(minutes=1), []), (dt.timedelta(minutes=3), [report_id])):
        await Report.update(
            {Report.render_state: RenderState.RUNNING, Report.render_at: clock.now() - silent}
        ).where(Report.id == report_id)
        assert await stranded_reports() == stranded


async def test_the_reports_page_shows_a_retry_with_its_attempt_and_error(cast, client):
    from tests.web import login

    report_id = await _draft(cast)
    await Report.update(
        {Report.render_state: RenderState.RETRYING, Report.render_attempts: 2, Report.error: "OSError: disk"}
    ).where(Report.id == report_id)
    await login(client, "analyst")
    row = (await client.get(f"/reports/{report_id}/status")).text
    assert "Se reintentará" in row and "intento 2 de 3" in row and "OSError: disk" in row
    assert 'hx-trigger="every 2s"' in row  # still polled: not settled
    detail = (await client.get(f"/reports/{report_id}?lang=en")).text
    assert "Will retry" in detail and "attempt 2 of 3" in detail
    assert (await client.get(f"/api/v1/reports/{report_id}")).json()["render_attempts"] == 2


async def test_without_a_queue_serve_is_the_worker_and_with_one_only_housekeeping_stays(
    settings, monkeypatch
):
    names = {job.__name__ for job, _first, _every in maintenance.jobs()}
    assert {"resume_reports", "deliver_mail", "give_reminders"} <= names
    monkeypatch.setattr(settings, "queue_url", "redis://127.0.0.1:6379/7")
    assert {job.__name__ for job, _first, _every in maintenance.jobs()} == {"purge_sessions", "sweep_files"}


async def test_the_workers_mail_job_delivers_the_outbox(cast, settings, monkeypatch):
    from commitments.schemas import AssignmentIn
    from commitments.services.assignments import assign
    from commitments.tables import Recommendation

    rec = await Recommendation.select(Recommendation.id).order_by(Recommendation.id).first()
    await assign(cast["analyst"], rec["id"], AssignmentIn(agency="MINFIN"))
    with smtp_trap() as trap:
        monkeypatch.setattr(settings, "smtp_url", trap.url)
        assert (await worker.deliver_mail({}))["sent"] == 1
        assert len(trap.to("minfin@test.gt")) == 1


def test_reminders_follow_the_configured_interval_on_the_queue():
    assert worker.every(15) == "*/15 * * * *"
    assert worker.every(60) == "0 */1 * * *"
    assert worker.every(24 * 60) == "0 */24 * * *"


def test_worker_needs_a_queue(cli_env):
    result = run_cli(cli_env, "worker")
    assert result.returncode == 1 and "COMMITMENTS_QUEUE_URL" in result.stderr


def test_a_queue_url_names_redis_or_postgresql():
    assert Settings(queue_url="postgresql://u@h/db").queue_url == "postgresql://u@h/db"
    assert Settings(country="HN").resolved_queue_name == "commitments-hn"
    with pytest.raises(ValueError):
        Settings(queue_url="amqp://guest@localhost")


def _queue_urls() -> list:
    reason = redis_absent()
    redis = pytest.param("redis", marks=pytest.mark.skipif(bool(reason), reason=reason or "-"))
    postgres = pytest.param(
        "postgres",
        marks=pytest.mark.skipif(not TEST_DATABASE_URL, reason="the PostgreSQL queue needs PostgreSQL"),
    )
    return [redis, postgres]


@pytest.fixture(params=_queue_urls())
async def on_a_queue(request, settings, monkeypatch):
    """The configured queue: a Redis database, or a scratch PostgreSQL database of its own."""
    name = f"test-jobs-{uuid.uuid4().hex[:8]}"
    postgres = request.param == "postgres"
    url = await asyncio.to_thread(scratch_postgres, TEST_DATABASE_URL) if postgres else REDIS_URL
    monkeypatch.setattr(settings, "queue_url", url)
    monkeypatch.setattr(settings, "queue_name", name)
    try:
        yield await queue.job_queue()
    finally:
        await queue.close()
        if postgres:
            await asyncio.to_thread(drop_postgres, url)
        else:
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            for pattern in (f"saq:{name}:*", f"saq:job:{name}:*"):
                for key in client.scan_iter(match=pattern):
                    client.delete(key)


async def test_the_queue_takes_one_job_per_request_to_render_and_the_job_renders(cast, on_a_queue):
    report_id = await _draft(cast)
    asked = await render_claims.render_requested_at(report_id)
    assert await queue.enqueue_render(report_id, cast["analyst"].user_id, asked) is True
    assert await queue.enqueue_render(report_id, None, asked) is False  # the same request: one job
    job = await on_a_queue.job(queue.render_key(report_id, asked))
    assert job is not None and job.retries == render_claims.MAX_RENDER_ATTEMPTS and job.retry_backoff
    assert await worker.render_report({}, **job.kwargs) == "ready"  # type: ignore[arg-type]
    assert await worker.render_report({}, **job.kwargs) == "skipped"  # type: ignore[arg-type]
    assert (await get_report(cast["analyst"], report_id)).render_state == RenderState.READY
    state = await queue.state()
    assert state["queue"] == "ok" and state["queue_waiting"] == 1


async def test_a_failed_attempt_on_the_queue_raises_so_the_queue_retries_it(cast, on_a_queue, monkeypatch):
    report_id = await _draft(cast)
    _break_the_pdf(monkeypatch)
    monkeypatch.setattr("commitments.jobs.rendering.render_executor", lambda: None)
    asked = await render_claims.render_requested_at(report_id)
    with pytest.raises(worker.AttemptFailed):
        await worker.render_report({}, report_id=report_id, requested_at=asked.isoformat())
    assert (await get_report(cast["analyst"], report_id)).render_state == RenderState.RETRYING
    with clock.pinned(clock.now() + dt.timedelta(minutes=2)):
        assert await worker.resume_reports({}) == [report_id]  # due and not retried: queued again


@pytest.mark.engine_independent
def test_a_worker_told_to_stop_finishes_the_job_under_way_and_stops_at_once_when_idle(cli_env, tmp_path):
    """SIGTERM: the rendering under way is finished and stored, the queued ones wait for the
    next worker; an idle worker stops in a moment, not after its grace period (a minute)."""
    if reason := redis_absent():
        pytest.skip(reason)
    if "COMMITMENTS_DATABASE_URL" in cli_env:
        pytest.skip("reads the SQLite file directly (the same code runs on PostgreSQL)")
    env = queue_env({**cli_env, "COMMITMENTS_SECRET_KEY": "stop-secret-0123456789abcdef0123456789abcdef"})
    assert init_demo(env).returncode == 0  # with a queue configured, the demo's drafts wait
    database = Path(env["COMMITMENTS_DATA_DIR"]) / "commitments.sqlite3"
    later = {
        **env,
        "COMMITMENTS_CLOCK_AT": (dt.datetime.fromisoformat(TEST_NOW) + dt.timedelta(minutes=1)).isoformat(),
    }

    def states() -> dict[int, str]:
        with contextlib.closing(sqlite3.connect(database)) as connection:
            rows = connection.execute("SELECT id, render_state FROM report WHERE state = 'draft'")
            return dict(rows.fetchall())

    with fleet(env) as (processes, _sessions):
        busy = Process(later, "worker", "--concurrency", "1", log=tmp_path / "busy.log")
        processes.append(busy)
        deadline = time.monotonic() + 60
        while "running" not in states().values():
            assert time.monotonic() < deadline and busy.popen.poll() is None, (
                tmp_path / "busy.log"
            ).read_text()
            time.sleep(0.05)
        running = next(id_ for id_, state in states().items() if state == "running")
        busy.popen.send_signal(signal.SIGTERM)  # the worker, not its layout process
        assert busy.popen.wait(timeout=90) == 0
        after = states()
        assert after[running] == "ready", after
        assert list(after.values()).count("pending") >= len(after) - 2, after  # the rest still wait

        with contextlib.closing(sqlite3.connect(database)) as connection, connection:
            connection.execute("UPDATE report SET state = 'final' WHERE state = 'draft'")
        idle = Process(later, "worker", log=tmp_path / "idle.log")
        processes.append(idle)
        deadline = time.monotonic() + 30
        while "jobs at once" not in (tmp_path / "idle.log").read_text():
            assert time.monotonic() < deadline, (tmp_path / "idle.log").read_text()
            time.sleep(0.1)
        time.sleep(1)
        asked = time.monotonic()
        idle.popen.send_signal(signal.SIGTERM)
        assert idle.popen.wait(timeout=90) == 0
        # Before, a stop waited out SAQ's upkeep loops: 57 s for a worker with nothing to do.
        assert time.monotonic() - asked < 15

"""Several app servers for real: two `commitments serve` on different ports share PostgreSQL,
Redis sessions and the job queue, and one `commitments worker` renders. A browser's session
moves between them; a report asked for on one is rendered by the worker and downloaded from
the other; killing one server mid-run (kill -9) loses no acknowledged write. A worker that
starts after a crash renders what nobody took."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import http.client
import json
import sqlite3
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.clirun import call, init_demo, multipart, run_cli, user_token
from tests.conftest import TEST_DATABASE_URL, TEST_NOW
from tests.fleet import REDIS_URL, Process, fleet, queue_env, redis_absent, serve

PASSWORD = "correct horse battery"


def _absent() -> str:
    missing = [] if TEST_DATABASE_URL else ["PostgreSQL (COMMITMENTS_TEST_DATABASE_URL)"]
    if reason := redis_absent():
        missing.append(reason)
    return "several app servers need " + " and ".join(missing) if missing else ""


def _upload_until(
    stop: threading.Event, base: str, token: str, rec: int, acknowledged: dict[int, str]
) -> None:
    """Upload unique files to one server until told to stop or it dies; record each 201."""
    while not stop.is_set():
        content = b"%PDF-1.4 fleet " + uuid.uuid4().bytes * 500
        body, content_type = multipart({"title": "Acta"}, content)
        try:
            status, answer = call(
                base, token, "POST", f"/api/v1/recommendations/{rec}/evidence", body, content_type
            )
        except (OSError, http.client.HTTPException):
            return  # the server died under this request (even mid-answer): not acknowledged
        if status == 201:
            acknowledged[json.loads(answer)["id"]] = hashlib.sha256(content).hexdigest()


def _sign_in(browser: httpx.Client, base: str, email: str) -> None:
    signed = browser.post(f"{base}/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    browser.get(f"{base}/api/v1/auth/me")  # a safe request hands out the csrftoken cookie


def _csrf(browser: httpx.Client) -> dict[str, str]:
    return {"X-CSRFToken": browser.cookies.get("csrftoken") or ""}


def _chromium_signed_in(stack: contextlib.ExitStack, base: str):
    """Chromium signed in through the login form (None where Debian's Chromium is missing)."""
    from tests.test_browser import ARGS, CHROMIUM, sign_in

    if not Path(CHROMIUM).exists():
        return None
    from playwright.sync_api import sync_playwright

    playwright = stack.enter_context(sync_playwright())
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    stack.callback(chromium.close)
    return sign_in(chromium, base, "analista@fleet.example.org")


def _rendered_by_the_worker(env: dict[str, str], report_id: int) -> list[str]:
    """The statuses of the queue's jobs that rendered this report (SAQ's records in Redis)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    pattern = f"saq:job:{env['COMMITMENTS_QUEUE_NAME']}:render:{report_id}:*"
    return [json.loads(client.get(key) or "{}").get("status", "") for key in client.scan_iter(match=pattern)]


def _wait_ready(browser: httpx.Client, base: str, report_id: int, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    report: dict = {}
    while time.monotonic() < deadline:
        report = browser.get(f"{base}/api/v1/reports/{report_id}").json()
        if report["render_state"] in ("ready", "failed"):
            break
        time.sleep(0.3)
    return report


@pytest.mark.skipif(bool(_absent()), reason=_absent() or "-")
def test_two_servers_and_a_worker_share_sessions_jobs_and_every_acknowledged_write(cli_env, tmp_path):
    env = queue_env({**cli_env, "COMMITMENTS_SECRET_KEY": "fleet-secret-0123456789abcdef0123456789abcdef"})
    assert run_cli(env, "init").returncode == 0
    token = user_token(env, "analista@fleet.example.org", "analyst")
    with fleet(env) as (processes, sessions):
        a, base_a = serve(env, tmp_path / "a.log")
        processes.append(a)
        b, base_b = serve(env, tmp_path / "b.log")
        processes.append(b)
        processes.append(Process(env, "worker", "--concurrency", "2", log=tmp_path / "worker.log"))
        with httpx.Client(timeout=30) as browser, contextlib.ExitStack() as chromium:
            # A browser signs in on A; B knows the session (Redis) and its CSRF token.
            _sign_in(browser, base_a, "analista@fleet.example.org")
            sessions.append(browser.cookies.get("session") or "")
            page = _chromium_signed_in(chromium, base_a)
            if page is not None:
                sessions.extend(c["value"] for c in page.context.cookies() if c["name"] == "session")
            me = browser.get(f"{base_b}/api/v1/auth/me")
            assert me.status_code == 200 and me.json()["email"] == "analista@fleet.example.org"
            period = {"code": "2026-S2", "starts_on": "2026-07-01", "ends_on": "2026-12-31"}
            created = browser.post(
                f"{base_b}/api/v1/periods",
                json={**period, "response_deadline": "2026-12-15"},
                headers=_csrf(browser),
            )
            assert created.status_code == 201, created.text

            recs = json.loads(call(base_b, token, "GET", "/api/v1/recommendations?page_size=4")[1])["items"]
            acknowledged: dict[int, str] = {}
            stop = threading.Event()
            uploaders = [
                threading.Thread(target=_upload_until, args=(stop, base, token, recs[n]["id"], acknowledged))
                for n, base in enumerate((base_a, base_a, base_b, base_b))
            ]
            for thread in uploaders:
                thread.start()
            # A report asked for on A; A is killed at once, in the middle of the uploads.
            asked = browser.post(
                f"{base_a}/api/v1/reports",
                json={"mechanism": "MESICIC", "period": "2026-S2", "locale": "es"},
                headers=_csrf(browser),
            )
            assert asked.status_code == 202, asked.text
            report_id = asked.json()["id"]
            time.sleep(1.5)
            a.kill9()
            time.sleep(1.0)  # B goes on taking writes after A died
            stop.set()
            for thread in uploaders:
                thread.join(timeout=60)

            report = _wait_ready(browser, base_b, report_id)
            assert report["render_state"] == "ready", report
            assert report["render_attempts"] == 1
            assert "complete" in _rendered_by_the_worker(env, report_id)
            pdf = browser.get(f"{base_b}/api/v1/reports/{report_id}/pdf")
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
            assert hashlib.sha256(pdf.content).hexdigest() == report["file_sha256"]
            if page is not None:  # the real browser's session, begun on A, goes on on B
                page.goto(f"{base_b}/reports/{report_id}")
                assert "/login" not in page.url
                assert page.locator("#render-status .render-ready").inner_text() == "Listo"

        assert len(acknowledged) > 10, acknowledged
        lost = [
            evidence_id
            for evidence_id, digest in acknowledged.items()
            if hashlib.sha256(
                call(base_b, token, "GET", f"/api/v1/evidence/{evidence_id}/file")[1]
            ).hexdigest()
            != digest
        ]
        assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged uploads lost"
    assert run_cli(env, "audit", "verify").returncode == 0


@pytest.mark.skipif(bool(redis_absent()), reason=redis_absent() or "-")
@pytest.mark.engine_independent
def test_a_worker_started_after_a_crash_renders_the_drafts_nobody_took(cli_env, tmp_path):
    """The demo's drafts are queued in the database and in no queue (as if the server died
    before enqueueing them): a worker that comes up later finds them and renders them all."""
    if "COMMITMENTS_DATABASE_URL" in cli_env:
        pytest.skip("reads the SQLite file directly (the same code runs on PostgreSQL)")
    env = queue_env({**cli_env, "COMMITMENTS_SECRET_KEY": "fleet-secret-0123456789abcdef0123456789abcdef"})
    assert init_demo(env).returncode == 0
    later = dt.datetime.fromisoformat(TEST_NOW) + dt.timedelta(minutes=1)
    database = Path(env["COMMITMENTS_DATA_DIR"]) / "commitments.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as connection:
        # Three of the demo's fourteen drafts are enough to show it (each is a PDF to lay out).
        with connection:
            connection.execute(
                "UPDATE report SET state = 'final' WHERE id NOT IN (SELECT id FROM report ORDER BY id LIMIT 3)"
            )
        waiting = connection.execute(
            "SELECT count(*) FROM report WHERE state = 'draft' AND render_state = 'pending'"
        ).fetchone()
    assert waiting == (3,)
    with fleet(env) as (processes, _sessions):
        processes.append(
            Process({**env, "COMMITMENTS_CLOCK_AT": later.isoformat()}, "worker", log=tmp_path / "worker.log")
        )
        deadline = time.monotonic() + 90
        states: list[str] = []
        while time.monotonic() < deadline:
            with contextlib.closing(sqlite3.connect(database)) as connection:
                states = [
                    row[0]
                    for row in connection.execute("SELECT render_state FROM report WHERE state = 'draft'")
                ]
            if states and all(state == "ready" for state in states):
                break
            time.sleep(0.5)
        assert states and all(state == "ready" for state in states), states

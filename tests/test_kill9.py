"""`kill -9` of the whole server (web process and PDF worker) while uploads stream in and
reports render: after a restart every acknowledged upload downloads with its SHA-256, the audit
chain verifies, the SQLite file passes its integrity check, and no report stays stranded."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
import uuid
from pathlib import Path

from tests.catalogue_files import csv_bytes, row
from tests.clirun import (
    call,
    executable,
    free_port,
    init_demo,
    multipart,
    run_cli,
    user_token,
    wait_for,
)
from tests.conftest import TEST_NOW

ROUNDS = 3
UPLOADERS = 8


def _request(base: str, token: str, path: str, body: bytes | None = None, content_type: str = ""):
    return call(base, token, "POST" if body else "GET", path, body, content_type)


def _upload(base: str, token: str, rec: int, content: bytes) -> tuple[int, bytes]:
    body, content_type = multipart({"title": "Acta"}, content)
    return call(base, token, "POST", f"/api/v1/recommendations/{rec}/evidence", body, content_type)


def _upload_until(
    stop: threading.Event, base: str, token: str, rec: int, acknowledged: dict[int, str]
) -> None:
    """Upload unique files until told to stop or the server dies; record each 201."""
    while not stop.is_set():
        content = b"%PDF-1.4 kill9 " + uuid.uuid4().bytes * 2000  # ~32 KB, each unique
        try:
            status, body = _upload(base, token, rec, content)
        except (OSError, http.client.HTTPException):
            return  # the server died under this request (even mid-answer): not acknowledged
        if status == 201:
            acknowledged[json.loads(body)["id"]] = hashlib.sha256(content).hexdigest()  # dict set: atomic


def _serve(env: dict[str, str], clock_at: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        [executable(), "serve", "--port", str(port)],
        env={**env, "COMMITMENTS_CLOCK_AT": clock_at},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the PDF worker dies with it
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/health", seconds=30)
    return server, base


def _unfinished(env: dict[str, str], reports: list[int]) -> str:
    """How many of the reports the kills left queued or half-rendered (SQLite: read directly)."""
    if "COMMITMENTS_DATABASE_URL" in env:
        return "?"
    with sqlite3.connect(Path(env["COMMITMENTS_DATA_DIR"]) / "commitments.sqlite3") as connection:
        marks = ",".join("?" * len(reports))
        query = (
            f"SELECT count(*) FROM report WHERE id IN ({marks}) AND render_state IN ('pending', 'running')"
        )
        return str(connection.execute(query, reports).fetchone()[0])


def _kill9(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=20)


def test_kill_9_during_uploads_and_rendering_loses_nothing_acknowledged(cli_env):
    env = {**cli_env, "COMMITMENTS_SECRET_KEY": "kill9-secret-0123456789abcdef0123456789abcdef"}
    assert init_demo(env).returncode == 0
    token = user_token(env, "kill9@test.gt", "analyst")
    start = dt.datetime.fromisoformat(TEST_NOW)
    acknowledged: dict[int, str] = {}
    reports: list[int] = []
    for round_ in range(ROUNDS):
        # Each restart comes later on the clock, past the time after which a rendering that was
        # taken up and never finished counts as interrupted.
        server, base = _serve(env, (start + dt.timedelta(minutes=15 * round_)).isoformat())
        status, body = _request(base, token, "/api/v1/recommendations?page_size=5")
        recs = [item["id"] for item in json.loads(body)["items"]]
        for mechanism in ("OGP", "MESICIC"):
            for locale in ("es", "en"):
                status, body = _request(
                    base,
                    token,
                    "/api/v1/reports",
                    json.dumps({"mechanism": mechanism, "period": "2026-S2", "locale": locale}).encode(),
                    "application/json",
                )
                assert status == 202, body
                reports.append(json.loads(body)["id"])
        stop = threading.Event()

        threads = [
            threading.Thread(
                target=_upload_until, args=(stop, base, token, recs[n % len(recs)], acknowledged)
            )
            for n in range(UPLOADERS)
        ]
        for thread in threads:
            thread.start()
        time.sleep(1.5 + 0.5 * round_)
        _kill9(server)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert len(acknowledged) > 20, len(acknowledged)
    print(f"acknowledged uploads: {len(acknowledged)}; reports left unfinished: {_unfinished(env, reports)}")

    server, base = _serve(env, (start + dt.timedelta(minutes=15 * ROUNDS)).isoformat())
    try:
        lost = []
        for evidence_id, digest in acknowledged.items():
            status, content = _request(base, token, f"/api/v1/evidence/{evidence_id}/file")
            if status != 200 or hashlib.sha256(content).hexdigest() != digest:
                lost.append((evidence_id, status))
        assert not lost, f"{len(lost)} of {len(acknowledged)} acknowledged uploads lost: {lost[:5]}"
        deadline = time.monotonic() + 120
        states: dict[int, str] = {}
        while time.monotonic() < deadline:
            states = {
                rid: json.loads(_request(base, token, f"/api/v1/reports/{rid}")[1])["render_state"]
                for rid in reports
            }
            if all(state in ("ready", "failed") for state in states.values()):
                break
            time.sleep(1)
        assert all(state == "ready" for state in states.values()), states
    finally:
        _kill9(server)
    verified = run_cli(env, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    if "COMMITMENTS_DATABASE_URL" not in env:
        database = Path(env["COMMITMENTS_DATA_DIR"]) / "commitments.sqlite3"
        with sqlite3.connect(database) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _count_ogp_ap9(env: dict[str, str]) -> int:
    exported = run_cli(env, "export")
    assert exported.returncode == 0, exported.stderr
    return sum(1 for line in exported.stdout.splitlines() if ",AP9," in line)


def test_kill_9_during_an_import_leaves_all_of_it_or_none(cli_env, tmp_path):
    env = {**cli_env, "COMMITMENTS_SECRET_KEY": "kill9-import-0123456789abcdef0123456789abcdef"}
    assert run_cli(env, "init").returncode == 0
    rows = [row(str(n), agencies="MINFIN") for n in range(1, 4001)]
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(rows))
    seen = []
    for delay in (0.8, 1.6, 2.4, 3.2):
        importing = subprocess.Popen(
            [executable(), "import", str(path)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        if importing.poll() is None:
            _kill9(importing)
        count = _count_ogp_ap9(env)
        seen.append(count)
        assert count in (0, len(rows)), seen
        if count:
            break
    finished = run_cli(env, "import", str(path), timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert _count_ogp_ap9(env) == len(rows)
    verified = run_cli(env, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    print(f"rows seen after each kill: {seen}")

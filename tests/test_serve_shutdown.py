"""`commitments serve` leaves nothing running when it stops: after a report was laid out in the
worker process, SIGTERM ends the server, that worker and multiprocessing's resource tracker."""

from __future__ import annotations

import json
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.clirun import executable, free_port, init_demo, run_cli, wait_for

PROC = Path("/proc")
pytestmark = pytest.mark.skipif(not PROC.exists(), reason="reads child processes from /proc (Linux)")


def _children(pid: int) -> set[int]:
    """Every live descendant of `pid`."""
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _api(base: str, path: str, token: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST" if body is not None else "GET",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.mark.engine_independent
def test_no_process_outlives_serve(cli_env):
    env = {**cli_env, "COMMITMENTS_SECRET_KEY": "shutdown-test-secret-0123456789abcdef0123456789"}
    assert init_demo(env).returncode == 0
    add = ["user", "add", "analista.stop@test.gt", "--role", "analyst", "--password-stdin"]
    assert run_cli(env, *add, stdin="correct horse battery").returncode == 0
    token = run_cli(env, "user", "token", "analista.stop@test.gt").stdout.strip().split()[-1]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [executable(), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(base + "/health")
        report = _api(
            base, "/api/v1/reports", token, {"mechanism": "OGP", "period": "2026-S2", "locale": "es"}
        )
        deadline = time.monotonic() + 60
        while _api(base, f"/api/v1/reports/{report['id']}", token)["render_state"] != "ready":
            assert time.monotonic() < deadline, "the report was not rendered"
            time.sleep(0.3)
        helpers = _children(server.pid)
        assert helpers, "the PDF worker process should be running beside the server"
        server.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal it caught.
        assert server.wait(timeout=20) in (0, -signal.SIGTERM)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in helpers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in helpers if _alive(pid)], "processes outlived serve"
    finally:
        if server.poll() is None:
            server.kill()

"""Several app servers and a job worker on one machine: what a test of a multi-host deployment
starts, with a Redis of the test's own (COMMITMENTS_TEST_REDIS_URL, database 7 by default)."""

from __future__ import annotations

import os
import signal
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.clirun import executable, free_port, wait_for

REDIS_URL = os.environ.get("COMMITMENTS_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


def redis_absent() -> str:
    """Why Redis cannot be used here, or "" when it answers."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except Exception as exc:
        return f"no Redis at {REDIS_URL} ({type(exc).__name__}; set COMMITMENTS_TEST_REDIS_URL)"
    return ""


def queue_env(env: dict[str, str]) -> dict[str, str]:
    """`env` with shared sessions and a job queue of its own name on the test Redis."""
    return {
        **env,
        "COMMITMENTS_REDIS_URL": REDIS_URL,
        "COMMITMENTS_QUEUE_URL": REDIS_URL,
        "COMMITMENTS_QUEUE_NAME": f"test-{uuid.uuid4().hex[:12]}",
        "COMMITMENTS_REMIND_EVERY_MINUTES": "0",
    }


def forget_queue(env: dict[str, str], sessions: tuple[str, ...] = ()) -> None:
    """Remove this test's queue and the sessions it names from Redis (only those: another test
    run may be using the same Redis database at the same time)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    name = env["COMMITMENTS_QUEUE_NAME"]
    keys = [f"commitments:{session}" for session in sessions if session]
    for pattern in (f"saq:{name}:*", f"saq:job:{name}:*"):
        keys.extend(client.scan_iter(match=pattern, count=500))
    if keys:
        client.delete(*keys)


class Process:
    """A `commitments` process in its own process group (so kill -9 takes its children too)."""

    def __init__(self, env: dict[str, str], *args: str, log: Path) -> None:
        self.log = log
        with log.open("wb") as out:
            self.popen = subprocess.Popen(
                [executable(), *args], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def kill9(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=20)

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill9()


def serve(env: dict[str, str], log: Path) -> tuple[Process, str]:
    """`commitments serve` on a free port; its base URL once `/health` answers."""
    port = free_port()
    process = Process(env, "serve", "--port", str(port), log=log)
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/health", seconds=60)
    return process, base


@contextmanager
def fleet(env: dict[str, str]) -> Iterator[tuple[list[Process], list[str]]]:
    """Processes started into the first list are stopped when the block ends, however it ends;
    then this queue, and the sessions whose ids are in the second list, leave Redis."""
    processes: list[Process] = []
    sessions: list[str] = []
    try:
        yield processes, sessions
    finally:
        for process in processes:
            process.stop()
        forget_queue(env, tuple(sessions))

"""Report jobs: latency from request to ready with N concurrent requests, through the job queue
(`commitments serve` enqueues, `commitments worker` renders) or in-process (no queue: the web
worker that took the request renders). Prints the answer time of the request (202) and the
time until each report is ready, p50/p90/max, and the wall time for all of them.

    python bench/bench_queue.py [--reports 10] [--queue-url redis://127.0.0.1:6379/7 | --in-process]
                                [--concurrency 2] [--workers 2] [--database-url postgresql://…]

Uses a scratch data dir on demo data (and the given PostgreSQL database, emptied first, if
any); the demo's own drafts are rendered first, then the clock starts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench_web import _env, _free_port, _run, _wait  # this folder is on sys.path when run as a script
from bench_write_load import _call, _token

CLI = str(Path(sys.executable).parent / "commitments")
SCOPES = [(m, loc) for m in ("MESICIC", "UNCAC", "EITI", "COST", "OGP", "ALL") for loc in ("es", "en")]


def _states(base: str, token: str) -> dict[int, str]:
    return {r["id"]: r["render_state"] for r in json.loads(_call(base, token, "GET", "/api/v1/reports")[1])}


def _settle(base: str, token: str, seconds: float = 300) -> None:
    """Wait until no report is queued or rendering (the demo's drafts)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(state in ("ready", "failed") for state in _states(base, token).values()):
            return
        time.sleep(0.5)
    raise SystemExit("the demo's drafts did not settle")


def _measure(base: str, token: str, count: int) -> tuple[list[float], list[float], float]:
    """Fire `count` requests at once; (answer times, request-to-ready times, wall time)."""
    answered: dict[int, float] = {}
    asked: dict[int, float] = {}
    lock = threading.Lock()

    def ask(n: int) -> None:
        mechanism, locale = SCOPES[n % len(SCOPES)]
        body = json.dumps({"mechanism": mechanism, "period": "2026-S2", "locale": locale}).encode()
        started = time.monotonic()
        status, answer = _call(base, token, "POST", "/api/v1/reports", body, "application/json")
        if status != 202:
            raise SystemExit(f"POST /api/v1/reports answered {status}: {answer[:200]!r}")
        with lock:
            report_id = json.loads(answer)["id"]
            asked[report_id], answered[report_id] = started, time.monotonic() - started

    start = time.monotonic()
    threads = [threading.Thread(target=ask, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ready: dict[int, float] = {}
    while len(ready) < count and time.monotonic() - start < 600:
        states = _states(base, token)
        now = time.monotonic()
        for report_id in asked:
            if report_id not in ready and states.get(report_id) in ("ready", "failed"):
                ready[report_id] = now - asked[report_id]
        time.sleep(0.1)
    failed = [rid for rid, state in _states(base, token).items() if rid in asked and state != "ready"]
    if failed:
        raise SystemExit(f"reports not ready: {failed}")
    return list(answered.values()), list(ready.values()), time.monotonic() - start


def _summary(label: str, values: list[float]) -> str:
    values = sorted(values)
    p90 = values[max(0, int(round(0.9 * len(values))) - 1)]
    return f"{label}: p50 {statistics.median(values):.2f} s, p90 {p90:.2f} s, max {values[-1]:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10)
    parser.add_argument("--queue-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--in-process", action="store_true", help="no queue: serve renders")
    parser.add_argument("--concurrency", type=int, default=2, help="jobs at once in the worker")
    parser.add_argument("--workers", type=int, default=2, help="web worker processes")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    env = _env(Path(tempfile.mkdtemp(prefix="bench-queue-")))
    env["COMMITMENTS_REMIND_EVERY_MINUTES"] = "0"
    if args.database_url:
        env["COMMITMENTS_DATABASE_URL"] = args.database_url
    if not args.in_process:
        env["COMMITMENTS_QUEUE_URL"] = args.queue_url
        env["COMMITMENTS_QUEUE_NAME"] = f"bench-{uuid.uuid4().hex[:8]}"
    _run(env, CLI, "init", "--demo")
    token = _token(env, "bench.analyst@bench.gt", "analyst", None)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [
        subprocess.Popen(
            [CLI, "serve", "--port", str(port), "--workers", str(args.workers)], env=env, **quiet
        )
    ]
    if not args.in_process:
        processes.append(
            subprocess.Popen([CLI, "worker", "--concurrency", str(args.concurrency)], env=env, **quiet)
        )
    try:
        _wait(base + "/health")
        _settle(base, token)
        answers, latencies, wall = _measure(base, token, args.reports)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=90)
        if not args.in_process and args.queue_url.startswith("redis"):
            import redis

            client = redis.Redis.from_url(args.queue_url)
            name = env["COMMITMENTS_QUEUE_NAME"]
            for pattern in (f"saq:{name}:*", f"saq:job:{name}:*"):
                for key in client.scan_iter(match=pattern):
                    client.delete(key)
    how = (
        "in-process"
        if args.in_process
        else f"queue {args.queue_url}, worker --concurrency {args.concurrency}"
    )
    engine = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{args.reports} concurrent report requests, {how}, serve --workers {args.workers}, {engine}")
    print(_summary("request answered (202)", answers))
    print(_summary("request to ready", latencies))
    print(f"all {args.reports} ready after {wall:.2f} s")


if __name__ == "__main__":
    main()

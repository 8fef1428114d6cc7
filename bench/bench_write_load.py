"""Write latency under a moderate mixed load on one database: focal points saving drafts,
analysts adding evidence links, and readers listing, all at once against `commitments serve`
with several worker processes (demo data). Prints p50/p95/p99/max per kind of request.

    python bench/bench_write_load.py [--seconds 30] [--writers 8] [--readers 4] [--workers 2]
                                     [--database-url postgresql://…]

Uses a scratch data dir (and the given PostgreSQL database, emptied first, if any).
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
import urllib.error
import urllib.request
import uuid
from collections import Counter, defaultdict
from pathlib import Path

from bench_web import _env, _free_port, _run, _wait  # this folder is on sys.path when run as a script

CLI = str(Path(sys.executable).parent / "commitments")
PASSWORD = "bench passphrase 2026"


def _token(env: dict[str, str], email: str, role: str, agency: str | None) -> str:
    extra = ["--agency", agency] if agency else []
    _run(env, CLI, "user", "add", email, "--role", role, *extra, "--password-stdin", stdin=PASSWORD + "\n")
    return _run(env, CLI, "user", "token", email).strip().split()[-1]


def _call(base: str, token: str, method: str, path: str, body: bytes | None = None, content_type: str = ""):
    headers = {"Authorization": f"Bearer {token}"}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(base + path, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    env = _env(Path(tempfile.mkdtemp(prefix="bench-write-")))
    if args.database_url:
        env["COMMITMENTS_DATABASE_URL"] = args.database_url
    _run(env, CLI, "init", "--demo")
    focal = _token(env, "bench.minfin@bench.gt", "focal_point", "MINFIN")
    analyst = _token(env, "bench.analyst@bench.gt", "analyst", None)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [CLI, "serve", "--port", str(port), "--workers", str(args.workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(base + "/health")
        status, body = _call(base, focal, "GET", "/api/v1/assignments")
        assignments = [a["id"] for a in json.loads(body)["items"]] if status == 200 else []
        status, body = _call(base, analyst, "GET", "/api/v1/recommendations?page_size=50")
        recommendations = [r["id"] for r in json.loads(body)["items"]]
        if not assignments or not recommendations:
            raise SystemExit(
                f"demo data missing: {len(assignments)} assignments, {len(recommendations)} items"
            )
        period = json.loads(_call(base, analyst, "GET", "/api/v1/periods")[1])
        open_period = next(p["code"] for p in period if p.get("open"))

        timings: dict[str, list[float]] = defaultdict(list)
        statuses: dict[str, Counter[int]] = defaultdict(Counter)
        stop = time.monotonic() + args.seconds
        lock = threading.Lock()

        def record(kind: str, started: float, status: int) -> None:
            with lock:
                timings[kind].append(time.monotonic() - started)
                statuses[kind][status] += 1

        def writer(n: int) -> None:
            i = 0
            while time.monotonic() < stop:
                i += 1
                started = time.monotonic()
                if i % 3:
                    assignment = assignments[(n + i) % len(assignments)]
                    draft = {"period": open_period, "actions_taken": f"Borrador {n}-{i} " + "texto " * 200}
                    status, _body = _call(
                        base,
                        focal,
                        "POST",
                        f"/api/v1/assignments/{assignment}/responses",
                        json.dumps(draft).encode(),
                        "application/json",
                    )
                    record("save draft", started, status)
                else:
                    rec = recommendations[(n * 7 + i) % len(recommendations)]
                    boundary = uuid.uuid4().hex
                    form = {"title": f"Enlace {n}-{i}", "kind": "link", "url": f"https://example.org/{n}/{i}"}
                    parts = "".join(
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                        for k, v in form.items()
                    )
                    status, _body = _call(
                        base,
                        analyst,
                        "POST",
                        f"/api/v1/recommendations/{rec}/evidence",
                        (parts + f"--{boundary}--\r\n").encode(),
                        f"multipart/form-data; boundary={boundary}",
                    )
                    record("add evidence link", started, status)

        def reader(n: int) -> None:
            while time.monotonic() < stop:
                started = time.monotonic()
                status, _body = _call(base, analyst, "GET", f"/api/v1/recommendations?page={1 + n % 2}")
                record("list", started, status)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(args.writers)]
        threads += [threading.Thread(target=reader, args=(n,)) for n in range(args.readers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    engine = "postgresql" if args.database_url else "sqlite"
    print(
        f"engine={engine} workers={args.workers} writers={args.writers} readers={args.readers} "
        f"seconds={args.seconds:g}"
    )
    print(f"{'request':<20} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  statuses")
    for kind, values in sorted(timings.items()):
        values.sort()
        q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
        print(
            f"{kind:<20} {len(values):>6} {q[49] * 1000:>8.0f} {q[94] * 1000:>8.0f} {q[98] * 1000:>8.0f} "
            f"{values[-1] * 1000:>8.0f}  {dict(statuses[kind])}"
        )


if __name__ == "__main__":
    main()

"""Web latency under load: 10,000 recommendations, 40,000 assignments, 50,000 evidence rows on
SQLite; 20 concurrent clients per scenario against `commitments serve`; prints p50/p99 and
requests per second, with /health's throughput in the same run as the ceiling.

    python bench/bench_web.py [--seconds 30] [--connections 20] [--workers 1]

Needs `wrk` (Debian package). Uses a scratch data dir; prints one line per scenario.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLI = str(Path(sys.executable).parent / "commitments")
PASSWORD = "bench passphrase 2026"
# An accent-less word of middling frequency in the synthetic texts (about 7 rows in 100).
SEARCH = "participacion"


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMITMENTS_")}
    env.update(COMMITMENTS_DATA_DIR=str(data_dir), COMMITMENTS_SECRET_KEY="bench-secret-" + "x" * 32)
    return env


def _run(env: dict[str, str], *args: str, stdin: str = "") -> str:
    return subprocess.run(args, env=env, input=stdin, text=True, check=True, capture_output=True).stdout


def _prepare(env: dict[str, str]) -> str:
    _run(env, CLI, "init")
    print("populate:", _run(env, sys.executable, str(HERE / "populate.py")).strip(), flush=True)
    _run(
        env,
        CLI,
        "user",
        "add",
        "bench@bench.gt",
        "--role",
        "analyst",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    return _run(env, CLI, "user", "token", "bench@bench.gt").strip()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def _session_cookie(base: str) -> str:
    """Log in like a browser; return the Cookie header for page requests."""
    request = urllib.request.Request(
        f"{base}/api/v1/auth/login",
        method="POST",
        data=json.dumps({"email": "bench@bench.gt", "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        cookies = [h.split(";")[0] for h in response.headers.get_all("Set-Cookie")]
    return "; ".join(c for c in cookies if c.startswith("session="))


def _wrk(url: str, header: str, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", header, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        match = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "p50_ms": ms("50"),
        "p99_ms": ms("99"),
        "req_per_s": rps,
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    data_dir = Path(tempfile.mkdtemp(prefix="commitments-bench-"))
    env = _env(data_dir)
    token = _prepare(env)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [CLI, "serve", "--port", str(port), "--workers", str(args.workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"{base}/health")
        cookie = _session_cookie(base)
        bearer = f"Authorization: Bearer {token}"
        rec_id = json.loads(
            urllib.request.urlopen(
                urllib.request.Request(
                    f"{base}/api/v1/recommendations?q=B000777", headers={"Authorization": f"Bearer {token}"}
                )
            ).read()
        )["items"][0]["id"]
        scenarios = [
            ("health (ceiling)", "/health", "X-Bench: 1"),
            ("API list filtered", "/api/v1/recommendations?mechanism=OGP&agency=MINFIN", bearer),
            ("API list searched", "/api/v1/recommendations?q=" + SEARCH, bearer),
            ("API detail", f"/api/v1/recommendations/{rec_id}", bearer),
            ("page list filtered", "/recommendations?mechanism=OGP&agency=MINFIN", f"Cookie: {cookie}"),
            ("page list searched", "/recommendations?q=" + SEARCH, f"Cookie: {cookie}"),
            ("page detail", f"/recommendations/{rec_id}", f"Cookie: {cookie}"),
        ]
        print(f"{args.connections} connections, {args.seconds} s each, {args.workers} worker(s)")
        for name, path, header in scenarios:
            result = _wrk(base + path, header, args.seconds, args.connections)
            print(
                f"{name:<22} p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  "
                f"{result['req_per_s']:8.1f} req/s  non-2xx {result['non_2xx']}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

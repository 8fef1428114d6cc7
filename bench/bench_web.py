"""Web latency under load: 10,000 recommendations, 40,000 assignments, 50,000 evidence rows on
SQLite; 20 concurrent clients per scenario against `commitments serve`; prints p50/p99 and
requests per second, with /health's throughput in the same run as the ceiling.

    python bench/bench_web.py [--seconds 30] [--connections 20] [--workers 1]
                              [--database-url postgresql://…/an_empty_database]

With --database-url the catalogue goes into that PostgreSQL database (create it empty first:
`createdb cm_web_bench`; the run leaves its rows there) and the figures add the CPU time of the
database's own server processes per request (its backends, found in pg_stat_activity).

Uses `wrk` (Debian package) when installed, else a small asyncio keep-alive client of its own
(`--client python`; heavier on the shared cores than wrk, so compare like with like). Also prints
the server's CPU time per request (all worker processes, from /proc), each worker's RSS after the
run and the load average. Uses a scratch data dir; prints one line per scenario.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLI = str(Path(sys.executable).parent / "commitments")
PASSWORD = "bench passphrase 2026"
# An accent-less word of middling frequency in the synthetic texts (about 7 rows in 100).
SEARCH = "participacion"


def _env(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMITMENTS_")}
    env.update(COMMITMENTS_DATA_DIR=str(data_dir), COMMITMENTS_SECRET_KEY="bench-secret-" + "x" * 32)
    if database_url:
        env["COMMITMENTS_DATABASE_URL"] = database_url
    return env


def _database_pids(database_url: str) -> list[int]:
    """The PostgreSQL backends serving the benchmark's database (same machine)."""
    if not database_url:
        return []
    name = urllib.parse.urlparse(database_url).path.lstrip("/")
    out = subprocess.run(
        ["psql", database_url, "-Atc", f"SELECT pid FROM pg_stat_activity WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [int(line) for line in out.split()]


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


async def _one_connection(
    host: str, port: int, request: bytes, until: float, out: list[float], bad: list[int]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < until:
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            lower = head.lower()
            match = re.search(rb"content-length:\s*(\d+)", lower)
            if match:
                await reader.readexactly(int(match.group(1)))
            elif b"transfer-encoding: chunked" in lower:
                while True:
                    size = int((await reader.readline()).strip(), 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            out.append(time.perf_counter() - start)
            if status >= 400:
                bad.append(status)
    finally:
        writer.close()


def _python_load(url: str, header: str, seconds: int, connections: int) -> dict[str, float]:
    """wrk's figures from a plain asyncio client: `connections` keep-alive connections in one
    process, each sending the next request when the last answer is read."""
    parsed = urllib.parse.urlsplit(url)
    target = parsed.path + ("?" + parsed.query if parsed.query else "")
    request = (
        f"GET {target} HTTP/1.1\r\nHost: {parsed.netloc}\r\n{header}\r\nConnection: keep-alive\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    bad: list[int] = []

    async def run() -> float:
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(
            *(
                _one_connection(
                    parsed.hostname or "127.0.0.1", parsed.port or 80, request, until, latencies, bad
                )
                for _ in range(connections)
            )
        )
        return time.perf_counter() - start

    elapsed = asyncio.run(run())
    latencies.sort()

    def pct(p: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")
        )

    return {
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "req_per_s": len(latencies) / elapsed,
        "non_2xx": len(bad),
    }


def _family(pid: int) -> list[int]:
    """The server process and its children (uvicorn's workers), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--client", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python"
    )
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database")
    args = parser.parse_args()
    load = _wrk if args.client == "wrk" else _python_load
    data_dir = Path(tempfile.mkdtemp(prefix="commitments-bench-"))
    env = _env(data_dir, args.database_url)
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
        print(
            f"{args.connections} connections, {args.seconds} s each, {args.workers} worker(s), "
            f"client {args.client}, engine {'postgres' if args.database_url else 'sqlite'}, "
            f"load average before {os.getloadavg()[0]:.2f}"
        )
        pids = _family(server.pid)
        for name, path, header in scenarios:
            database = _database_pids(args.database_url)
            cpu_before, db_before = _cpu_seconds(pids), _cpu_seconds(database)
            result = load(base + path, header, args.seconds, args.connections)
            cpu = _cpu_seconds(pids) - cpu_before
            # Backends opened during the run count from zero.
            db_cpu = _cpu_seconds(_database_pids(args.database_url)) - db_before
            requests = max(result["req_per_s"] * args.seconds, 1)
            db = f"  db cpu {1000 * db_cpu / requests:5.2f} ms/req" if args.database_url else ""
            print(
                f"{name:<22} p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  "
                f"{result['req_per_s']:8.1f} req/s  server cpu {1000 * cpu / requests:5.2f} ms/req{db}  "
                f"non-2xx {result['non_2xx']}",
                flush=True,
            )
        workers = [pid for pid in pids if pid != server.pid] or [server.pid]
        print(
            "RSS per worker: " + ", ".join(f"{_rss_mb(pid):.0f} MB" for pid in workers),
            f"| load average after {os.getloadavg()[0]:.2f}",
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

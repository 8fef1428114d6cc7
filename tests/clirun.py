"""Running the `commitments` command as a user would: a subprocess on its own database."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

_ENV_KEYS = (
    "COMMITMENTS_DATABASE_URL",
    "COMMITMENTS_TEST_DATABASE_URL",
    "COMMITMENTS_DATA_DIR",
    "COMMITMENTS_SECRET_KEY",
    "COMMITMENTS_REDIS_URL",
    "COMMITMENTS_QUEUE_URL",
    "COMMITMENTS_QUEUE_NAME",
    "PICCOLO_CONF",
)


def executable() -> str:
    """The console script installed beside this Python (the venv's), else the one on PATH."""
    beside = Path(sys.executable).parent / "commitments"
    found = str(beside) if beside.exists() else shutil.which("commitments")
    assert found, "the commitments console script is not installed"
    return found


def base_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """A clean environment naming only this data dir (and database, for PostgreSQL)."""
    env = {k: v for k, v in os.environ.items() if k not in _ENV_KEYS}
    env["COMMITMENTS_DATA_DIR"] = str(data_dir)
    if database_url:
        env["COMMITMENTS_DATABASE_URL"] = database_url
    return env


def free_port() -> int:
    """A TCP port nothing listens on now, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 20) -> None:
    """Until `url` answers 200 (AssertionError after `seconds`)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def user_token(env: dict[str, str], email: str, role: str, agency: str | None = None) -> str:
    """Add a user (password "correct horse battery") and return a new API token of theirs."""
    extra = ["--agency", agency] if agency else []
    added = run_cli(
        env, "user", "add", email, "--role", role, *extra, "--password-stdin", stdin="correct horse battery"
    )
    assert added.returncode == 0, added.stderr
    return run_cli(env, "user", "token", email).stdout.strip().split()[-1]


@contextlib.contextmanager
def served(env: dict[str, str], *args: str) -> Iterator[str]:
    """`commitments serve` on a free port until the block ends; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [executable(), "serve", "--port", str(port), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(base + "/health")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def call(
    base: str,
    token: str,
    method: str,
    path: str,
    body: bytes | None = None,
    content_type: str = "",
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """(status, body) of one request to a served instance with a bearer token."""
    headers = {**(headers or {}), "Authorization": f"Bearer {token}"}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(base + path, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def multipart(fields: dict[str, str], file: bytes | None = None) -> tuple[bytes, str]:
    """A multipart form (with a fresh random boundary, as real clients send) and its type."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    if file is not None:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="acta.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + file
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def run_cli(
    env: dict[str, str], *args: str, stdin: str = "", timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run one command and capture its output."""
    return subprocess.run(
        [executable(), *args], env=env, input=stdin, text=True, capture_output=True, timeout=timeout
    )


def _admin_url(test_url: str) -> str:
    return os.environ.get("COMMITMENTS_TEST_PG_ADMIN_URL") or test_url.rsplit("/", 1)[0] + "/postgres"


async def _admin(sql: str, test_url: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(_admin_url(test_url))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def scratch_postgres(test_url: str) -> str:
    """Create an empty database beside the test one and return its URL."""
    name = f"{test_url.rsplit('/', 1)[1]}_cli_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"', test_url))
    return f"{test_url.rsplit('/', 1)[0]}/{name}"


def drop_postgres(url: str) -> None:
    """Drop a scratch database."""
    name = url.rsplit("/", 1)[1]
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', url))


def on_both_engines(data_dir: Path, probe: str, argument: str) -> tuple[object, object]:
    """Run `probe` (a Python program printing JSON, given `argument`) against a database that
    `init` seeded, on SQLite and on a scratch PostgreSQL database; return both outputs. Skips
    without PostgreSQL, except in CI, where it must be there."""
    import json

    import pytest

    admin = os.environ.get("COMMITMENTS_TEST_PG_ADMIN_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
    try:
        pg_url = scratch_postgres(admin.rsplit("/", 1)[0] + "/test")
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"needs PostgreSQL at {admin} to compare engines: {exc}")

    def run(env: dict[str, str]) -> object:
        assert run_cli(env, "init").returncode == 0
        done = subprocess.run(
            [sys.executable, "-c", probe, argument], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    try:
        return run(base_env(data_dir / "sqlite")), run(base_env(data_dir / "pg", pg_url))
    finally:
        drop_postgres(pg_url)


# `init --demo` once per session and setting, copied afterwards (the command itself is tested on
# its own, in tests/test_cli.py): a data dir, and for PostgreSQL a template database.
_DEMO_TEMPLATES: dict[str, tuple[Path, str | None, subprocess.CompletedProcess[str]]] = {}
_PLACE = ("COMMITMENTS_DATA_DIR", "COMMITMENTS_DATABASE_URL")


def init_demo(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """What `commitments init --demo` leaves in `env`'s data dir and database, and what it
    printed; the first call for the same settings runs it, later ones copy the result."""
    url = env.get("COMMITMENTS_DATABASE_URL")
    # PYTEST_CURRENT_TEST names the test: not a setting.
    settings = sorted((k, v) for k, v in env.items() if k not in _PLACE and not k.startswith("PYTEST_"))
    key = repr(settings) + repr(bool(url))
    if key not in _DEMO_TEMPLATES:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="demo-template-")) / "data"
        template_url = scratch_postgres(url) if url else None
        made = {**env, "COMMITMENTS_DATA_DIR": str(folder)}
        if template_url:
            made["COMMITMENTS_DATABASE_URL"] = template_url
        result = run_cli(made, "init", "--demo")
        if result.returncode != 0:
            if template_url:
                drop_postgres(template_url)
            return result
        _DEMO_TEMPLATES[key] = (folder, template_url, result)
    folder, template_url, result = _DEMO_TEMPLATES[key]
    shutil.copytree(folder, env["COMMITMENTS_DATA_DIR"], dirs_exist_ok=True)
    if url and template_url:
        name, template = url.rsplit("/", 1)[1], template_url.rsplit("/", 1)[1]
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', url))
        asyncio.run(_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"', url))
    return result


def drop_demo_templates() -> None:
    """At the end of the session: the template databases and folders."""
    for folder, template_url, _result in _DEMO_TEMPLATES.values():
        if template_url:
            with contextlib.suppress(Exception):
                drop_postgres(template_url)
        shutil.rmtree(folder.parent, ignore_errors=True)
    _DEMO_TEMPLATES.clear()

"""Backups that restore, and an audit trail that notices what a copy lost: `commitments backup`,
`commitments restore` and `commitments audit verify` as an operator runs them."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.clirun import (
    base_env,
    drop_postgres,
    executable,
    free_port,
    init_demo,
    run_cli,
    scratch_postgres,
    wait_for,
)
from tests.conftest import TEST_DATABASE_URL
from tests.test_files import _get, _post

SECRET = {"COMMITMENTS_SECRET_KEY": "backup-test-secret-0123456789abcdef0123456789"}


def _ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def _sql(env: dict[str, str], statement: str) -> None:
    """Run one statement on the environment's database, as someone with a copy of it could."""
    url = env.get("COMMITMENTS_DATABASE_URL")
    if url:
        import asyncio

        import asyncpg

        async def go() -> None:
            connection = await asyncpg.connect(url)
            await connection.execute(statement)
            await connection.close()

        asyncio.run(go())
    else:
        with sqlite3.connect(Path(env["COMMITMENTS_DATA_DIR"]) / "commitments.sqlite3") as connection:
            connection.execute(statement)


@pytest.fixture
def other_env(tmp_path: Path):
    """A second, empty instance: its own data dir (and scratch PostgreSQL when testing it)."""
    url = scratch_postgres(TEST_DATABASE_URL) if TEST_DATABASE_URL else None
    try:
        yield base_env(tmp_path / "restored", url)
    finally:
        if url:
            drop_postgres(url)


def test_a_backup_restores_into_an_empty_instance_with_the_same_data(cli_env, other_env, tmp_path):
    _ok(init_demo(cli_env))
    copy = tmp_path / "copy"
    out = _ok(run_cli(cli_env, "backup", "-o", str(copy)))
    assert "1 archivos" in out and (copy / "manifest.json").exists()
    manifest = json.loads((copy / "manifest.json").read_text())
    assert manifest["audit"]["count"] > 0 and manifest["tables"]["recommendation"]["rows"] >= 46
    restored = _ok(run_cli(other_env, "restore", str(copy)))
    assert "cadena de auditoría verificada" in restored
    assert _ok(run_cli(other_env, "audit", "verify")).startswith("OK: ")
    for fmt in ("json", "csv"):
        assert _ok(run_cli(other_env, "export", "--format", fmt)) == _ok(
            run_cli(cli_env, "export", "--format", fmt)
        )
    again = run_cli(other_env, "restore", str(copy))
    assert again.returncode == 1 and "base de datos vacía" in again.stderr


def test_a_sqlite_backup_restores_into_postgresql(tmp_path, other_env):
    if not TEST_DATABASE_URL:
        pytest.skip("needs PostgreSQL (COMMITMENTS_TEST_DATABASE_URL)")
    sqlite = base_env(tmp_path / "sqlite")
    _ok(init_demo(sqlite))
    _ok(run_cli(sqlite, "backup", "-o", str(tmp_path / "copy")))
    _ok(run_cli(other_env, "restore", str(tmp_path / "copy")))
    assert _ok(run_cli(other_env, "export", "--format", "json")) == _ok(
        run_cli(sqlite, "export", "--format", "json")
    )


@pytest.mark.engine_independent
@pytest.mark.parametrize("damage", ["table", "file", "manifest", "missing table"])
def test_a_damaged_backup_is_refused_and_nothing_is_written(cli_env, other_env, tmp_path, damage):
    _ok(init_demo(cli_env))
    copy = tmp_path / "copy"
    _ok(run_cli(cli_env, "backup", "-o", str(copy)))
    if damage == "table":
        path = copy / "data" / "evidence.jsonl"
        path.write_text(path.read_text().replace("[Ejemplo]", "[Ejempl0]", 1))
    elif damage == "file":
        stored = next(p for p in (copy / "files").rglob("*") if p.is_file())
        stored.write_bytes(stored.read_bytes() + b"!")
    elif damage == "manifest":
        path = copy / "manifest.json"
        path.write_text(path.read_text().replace('"format": 1', '"format": 1 '))
    else:
        (copy / "data" / "audit_event.jsonl").unlink()
    result = run_cli(other_env, "restore", str(copy))
    assert result.returncode == 1 and ("dañad" in result.stderr or "incompleta" in result.stderr), (
        result.stderr
    )
    assert not list((Path(other_env["COMMITMENTS_DATA_DIR"]) / "files").rglob("*.pdf"))
    # The instance is still empty: a proper copy restores into it afterwards.
    _ok(run_cli(cli_env, "backup", "-o", str(tmp_path / "good")))
    _ok(run_cli(other_env, "restore", str(tmp_path / "good")))


@pytest.mark.engine_independent
def test_backup_refuses_a_folder_that_holds_something(cli_env, tmp_path):
    _ok(run_cli(cli_env, "init"))
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("keep me")
    result = run_cli(cli_env, "backup", "-o", str(tmp_path / "full"))
    assert result.returncode == 1 and "no está vacía" in result.stderr
    assert (tmp_path / "full" / "notes.txt").read_text() == "keep me"


def test_audit_verify_sees_a_cut_tail_and_a_deleted_row(cli_env, tmp_path):
    _ok(init_demo(cli_env))
    copy = tmp_path / "copy"
    _ok(run_cli(cli_env, "backup", "-o", str(copy)))
    head = json.loads((copy / "manifest.json").read_text())["audit"]
    assert _ok(run_cli(cli_env, "audit", "verify", "--anchor", str(copy))).startswith("OK: ")
    _sql(cli_env, f"DELETE FROM audit_event WHERE seq > {head['seq'] - 3}")
    chain_alone = run_cli(cli_env, "audit", "verify")
    cut = run_cli(cli_env, "audit", "verify", "--anchor", str(copy))
    assert cut.returncode == 1 and f"falta el evento {head['seq']}" in cut.stderr, cut.stderr
    assert chain_alone.returncode in (0, 1)  # without an anchor a clean cut may pass; with one it never does


def test_audit_verify_sees_a_deleted_evidence_row(cli_env):
    _ok(init_demo(cli_env))
    _sql(cli_env, "DELETE FROM evidence WHERE id = (SELECT max(id) FROM evidence)")
    result = run_cli(cli_env, "audit", "verify")
    assert result.returncode == 1 and "falta el registro evidence" in result.stderr, result.stderr


def test_an_issued_report_anchors_the_chain(cli_env, tmp_path):
    _ok(init_demo(cli_env))
    args = [
        "report",
        "--mechanism",
        "OGP",
        "--period",
        "2026-S2",
        "--locale",
        "es",
        "-o",
        str(tmp_path / "r.pdf"),
    ]
    _ok(run_cli(cli_env, *args))
    _sql(cli_env, "DELETE FROM audit_event WHERE seq > (SELECT max(seq) - 2 FROM audit_event)")
    result = run_cli(cli_env, "audit", "verify")
    assert result.returncode == 1 and "que registró report" in result.stderr, result.stderr


def test_a_backup_taken_under_concurrent_uploads_restores_every_acknowledged_file(
    cli_env, other_env, tmp_path
):
    """20 uploaders keep writing while the backup runs: every upload acknowledged before it began
    is in the restored instance, and every restored evidence row downloads with its SHA-256."""
    env = {**cli_env, **SECRET}
    _ok(init_demo(env))
    add = [
        "user",
        "add",
        "minfin.copy@test.gt",
        "--role",
        "focal_point",
        "--agency",
        "MINFIN",
        "--password-stdin",
    ]
    _ok(run_cli(env, *add, stdin="correct horse battery"))
    token = _ok(run_cli(env, "user", "token", "minfin.copy@test.gt")).strip().split()[-1]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [executable(), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    acknowledged: list[tuple[float, int]] = []
    stop = threading.Event()
    try:
        wait_for(base + "/health")
        _, body = _get(base + "/api/v1/assignments", token)
        rec = json.loads(body)["items"][0]["recommendation_id"]

        def upload() -> None:
            while not stop.is_set():
                evidence_id = _post(
                    f"{base}/api/v1/recommendations/{rec}/evidence",
                    token,
                    {"title": "t"},
                    b"%PDF-1.4 " + uuid.uuid4().bytes,
                )
                if evidence_id > 0:
                    acknowledged.append((time.monotonic(), evidence_id))

        uploaders = [threading.Thread(target=upload) for _ in range(20)]
        for thread in uploaders:
            thread.start()
        time.sleep(1.5)
        started = time.monotonic()
        _ok(run_cli(env, "backup", "-o", str(tmp_path / "copy")))
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in uploaders:
            thread.join(timeout=30)
        server.terminate()
        server.wait(timeout=20)
    before = {evidence_id for at, evidence_id in acknowledged if at < started}
    assert len(before) >= 20, "the uploaders were not uploading"
    _ok(run_cli(other_env, "restore", str(tmp_path / "copy")))
    assert _ok(run_cli(other_env, "audit", "verify")).startswith("OK: ")
    rows = [
        json.loads(line) for line in (tmp_path / "copy" / "data" / "evidence.jsonl").read_text().splitlines()
    ]
    assert before <= {row["id"] for row in rows}
    restored_files = Path(other_env["COMMITMENTS_DATA_DIR"]) / "files"
    import hashlib

    for row in rows:
        if row["file_sha256"]:
            data = (restored_files / row["file_sha256"][:2] / row["file_sha256"][2:]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == row["file_sha256"]


def test_every_table_of_the_model_is_in_a_backup_but_the_passing_ones():
    from piccolo.table import Table

    from commitments import tables
    from commitments.backup import TABLES

    model = {
        t for t in vars(tables).values() if isinstance(t, type) and issubclass(t, Table) and t is not Table
    }
    # Throttle counts, idempotency keys, the outbox and given reminders are working state.
    passing = {tables.LoginAttempt, tables.IdempotentRequest, tables.Mail, tables.Reminder}
    assert model - passing == set(TABLES), sorted(t.__name__ for t in (model - passing) ^ set(TABLES))

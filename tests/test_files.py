"""Stored files are never lost: a failed upload racing a good one of the same bytes never takes
the good one's file, and the sweep removes only files no row names and nobody just stored."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest

from commitments import files, storage
from commitments.errors import Conflict, InvalidInput
from commitments.schemas import EvidenceIn
from commitments.services.evidence import upload_evidence
from commitments.tables import Recommendation
from tests.clirun import init_demo, run_cli, served, user_token

DAY = 24 * 3600


def _age(sha256: str, seconds: float) -> None:
    """Make a stored file look stored `seconds` ago."""
    then = time.time() - seconds
    os.utime(storage.path_for(sha256), (then, then))


async def _rec() -> int:
    row = (
        await Recommendation.select(Recommendation.id).where(Recommendation.code == "OGP-AP3-GT0079").first()
    )
    return row["id"]


async def test_a_failed_upload_leaves_its_file_for_the_sweep(cast):
    content = b"%PDF-1.4 failed upload " + uuid.uuid4().bytes
    with pytest.raises(InvalidInput):  # the response does not belong to this recommendation
        await upload_evidence(
            cast["minfin"], await _rec(), EvidenceIn(title="x", response=987654), content, "x.pdf"
        )
    digest = storage.sha256_of(content)
    assert storage.exists(digest)  # a concurrent good upload of these bytes may be committing now
    assert (await files.sweep(dry_run=True)).recent >= 1


async def test_the_sweep_removes_only_old_files_no_row_names(cast):
    named = b"%PDF-1.4 named " + uuid.uuid4().bytes
    orphan = b"%PDF-1.4 orphan " + uuid.uuid4().bytes
    fresh = b"%PDF-1.4 fresh orphan " + uuid.uuid4().bytes
    await upload_evidence(cast["minfin"], await _rec(), EvidenceIn(title="named"), named, "n.pdf")
    for content in (orphan, fresh):
        storage.store_bytes(content)
    _age(storage.sha256_of(named), 3 * DAY)
    _age(storage.sha256_of(orphan), 3 * DAY)
    dry = await files.sweep(dry_run=True)
    assert dry.removed >= 1 and storage.exists(storage.sha256_of(orphan))  # a dry run removes nothing
    result = await files.sweep()
    assert result.removed >= 1 and result.removed_bytes >= len(orphan)
    assert not storage.exists(storage.sha256_of(orphan))
    assert storage.exists(storage.sha256_of(named)) and storage.exists(storage.sha256_of(fresh))


async def test_storing_the_same_bytes_again_saves_an_old_file_from_the_sweep(cast):
    content = b"%PDF-1.4 stored again " + uuid.uuid4().bytes
    stored = storage.store_bytes(content)
    _age(stored.sha256, 3 * DAY)
    storage.store_bytes(content)  # a new upload of the same bytes, its row not committed yet
    await files.sweep()
    assert storage.exists(stored.sha256)


async def test_a_row_naming_the_file_after_the_listing_keeps_it(cast, monkeypatch):
    content = b"%PDF-1.4 named late " + uuid.uuid4().bytes
    await upload_evidence(cast["minfin"], await _rec(), EvidenceIn(title="late"), content, "l.pdf")
    _age(storage.sha256_of(content), 3 * DAY)

    async def stale() -> set[str]:  # the sweep listed the rows before this one committed
        return set()

    monkeypatch.setattr(files, "referenced", stale)
    await files.sweep()
    assert storage.read_bytes(storage.sha256_of(content)) == content


async def test_one_sweep_at_a_time(cast):
    with files.exclusive(), pytest.raises(Conflict):
        await files.sweep()


@pytest.mark.engine_independent
def test_files_sweep_command(cli_env):
    assert run_cli(cli_env, "init").returncode == 0
    dry = run_cli(cli_env, "files", "sweep", "--dry-run")
    assert dry.returncode == 0 and "se quitarían 0" in dry.stdout
    bad = run_cli(cli_env, "files", "sweep", "--older-than", "-1")
    assert bad.returncode == 2  # click refuses it before anything runs


def _post(url: str, token: str, fields: dict[str, str], content: bytes) -> int:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["id"]
    except urllib.error.HTTPError as error:
        return -error.code


def _get(url: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_three_concurrent_uploads_of_the_same_file_never_lose_the_good_one(cli_env):
    """One upload to MINFIN's recommendation succeeds while two of the same new bytes, naming an
    accepted response, fail after storing them: 100 rounds, the good file always downloads."""
    env = {**cli_env, "COMMITMENTS_SECRET_KEY": "race-test-secret-0123456789abcdef0123456789"}
    assert init_demo(env).returncode == 0
    token = user_token(env, "minfin.race@test.gt", "focal_point", "MINFIN")
    with served(env) as base:
        status, body = _get(base + "/api/v1/responses?state=accepted", token)
        accepted = json.loads(body)[0]
        url = f"{base}/api/v1/recommendations/{accepted['recommendation_id']}/evidence"
        lost = []
        for round_ in range(100):
            content = b"%PDF-1.4 race " + uuid.uuid4().bytes
            results: dict[str, int] = {}

            def send(
                name: str, fields: dict[str, str], content: bytes = content, results: dict[str, int] = results
            ) -> None:
                results[name] = _post(url, token, fields, content)

            threads = [
                threading.Thread(target=send, args=("good", {"title": f"good {round_}"})),
                *(
                    threading.Thread(
                        target=send, args=(f"bad{i}", {"title": "bad", "response": str(accepted["id"])})
                    )
                    for i in range(2)
                ),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert results["good"] > 0 and results["bad0"] == results["bad1"] == -409, results
            status, downloaded = _get(f"{base}/api/v1/evidence/{results['good']}/file", token)
            if status != 200 or downloaded != content:
                lost.append(round_)
        assert not lost, f"lost the good file in rounds {lost}"


@pytest.mark.parametrize("seconds", [-1.0])
async def test_a_negative_grace_is_refused(cast, seconds):
    with pytest.raises(ValueError):
        await files.sweep(dt.timedelta(seconds=seconds))


async def test_a_report_pdf_is_never_swept(cast):
    from tests.report_helpers import build_workflow, issue_complete

    await build_workflow(cast)
    report = await issue_complete(cast["analyst"], "OGP", "2026-S2", "es")
    _age(report.file_sha256, 3 * DAY)
    await files.sweep()
    assert storage.exists(report.file_sha256)

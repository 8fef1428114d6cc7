"""The consultation from the command line, and comments racing a close against a real server:
a comment is kept only while the consultation is open, checked in the statement that counts it,
so every kept comment is dated before the close and no request ever fails otherwise."""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.clirun import (
    base_env,
    call,
    drop_postgres,
    init_demo,
    run_cli,
    scratch_postgres,
    served,
    user_token,
)
from tests.conftest import TEST_DATABASE_URL

PASSWORD = "correct horse battery"
ROUNDS = 8
COMMENTERS = 24


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """`commitments init --demo` in a fresh data dir (or scratch PostgreSQL)."""
    url = scratch_postgres(TEST_DATABASE_URL) if TEST_DATABASE_URL else None
    env = base_env(tmp_path_factory.mktemp("consultation") / "data", url)
    env["COMMITMENTS_SECRET_KEY"] = "consultation-test-secret-0123456789abcdef0123456789"
    try:
        assert init_demo(env).returncode == 0
        yield env
    finally:
        if url:
            drop_postgres(url)


def _later(env: dict[str, str], minutes: int) -> dict[str, str]:
    """The environment of a command run `minutes` after the tests' instant: each command
    starts its own clock there, so one run after another must start later to see the change."""
    start = dt.datetime.fromisoformat(env["COMMITMENTS_CLOCK_AT"])
    return {**env, "COMMITMENTS_CLOCK_AT": (start + dt.timedelta(minutes=minutes)).isoformat()}


def _one_line_error(result, fragment: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr and fragment in lines[0], result.stderr


def test_members_of_organisations_and_a_consultation_from_the_command_line(demo, tmp_path: Path):
    added = run_cli(
        demo,
        "user",
        "add",
        "ana@example.org",
        "--role",
        "civil_society",
        "--organisation",
        "Acción Ciudadana",
        "--password-stdin",
        stdin=PASSWORD,
    )
    assert added.returncode == 0 and "organización Acción Ciudadana" in added.stdout, added.stderr
    missing = ["user", "add", "b@example.org", "--role", "civil_society", "--password-stdin"]
    _one_line_error(run_cli(demo, *missing, stdin=PASSWORD), "necesita una organización")

    drafted = run_cli(
        demo,
        "report",
        "--mechanism",
        "STAR",
        "--period",
        "2026-S2",
        "--locale",
        "es",
        "--draft",
        "-o",
        str(tmp_path / "d.pdf"),
    )
    assert drafted.returncode == 0, drafted.stderr
    report = re.search(r"informe (\d+)", drafted.stdout).group(1)  # type: ignore[union-attr]
    opened = run_cli(demo, "report", "consultation", "open", report, "--days", "10")
    assert opened.returncode == 0 and "abierta por 10 días: /public/consultations/" in opened.stdout, (
        opened.stderr
    )
    shown = run_cli(demo, "report", "consultation", "show", report)
    assert "(open)" in shown.stdout and "0 comentarios, 0 respondidos, 0 ocultos" in shown.stdout
    _one_line_error(
        run_cli(demo, "report", "consultation", "open", report), "ya se sometió a consulta pública"
    )
    assert run_cli(demo, "report", "consultation", "close", report).returncode == 0
    assert "(closed)" in run_cli(demo, "report", "consultation", "show", report).stdout
    _one_line_error(run_cli(demo, "report", "consultation", "close", report), "ya está cerrada")
    _one_line_error(run_cli(demo, "report", "consultation", "open", "999999"), "informe no encontrado")


def test_a_report_with_civil_societys_annex_from_the_command_line(demo, tmp_path: Path):
    from tests.report_helpers import pdf_text

    output = tmp_path / "annex.pdf"
    args = ["--mechanism", "STAR", "--period", "2026-S2", "--locale", "en", "--draft", "-o", str(output)]
    assert run_cli(demo, "report", *args, "--civil-society-annex").returncode == 0
    text = pdf_text(output.read_bytes())
    assert "Annex. Civil society assessments" in text
    assert "No organisation recorded assessments in this period." in text
    assert run_cli(demo, "report", *args).returncode == 0
    assert "Annex. Civil society assessments" not in pdf_text(output.read_bytes())


def _anonymous_token(base: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/public/consultations", timeout=30).read()
    return next(c.value for c in jar if c.name == "csrftoken")


def _comment(base: str, consultation: int, token: str, n: int, round_: int) -> int:
    request = urllib.request.Request(
        f"{base}/api/v1/consultations/{consultation}/comments",
        data=json.dumps({"body": f"Comentario {n}"}).encode(),
        headers={
            "Content-Type": "application/json",
            "X-CSRFToken": token,
            "Cookie": f"csrftoken={token}",
            # Each commenter from its own address (the server trusts its local proxy's header),
            # so the per-client throttle does not stand in for the close.
            "X-Forwarded-For": f"198.51.{round_}.{n + 1}",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _json(base: str, token: str, method: str, path: str, body: object = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    status, raw = call(base, token, method, path, data, "application/json" if data else "")
    return status, json.loads(raw or b"{}")


def _rendered_draft(base: str, token: str) -> int:
    status, report = _json(
        base, token, "POST", "/api/v1/reports", {"mechanism": "STAR", "period": "2026-S2", "locale": "es"}
    )
    assert status == 202, report
    deadline = time.monotonic() + 120
    while report["render_state"] != "ready":
        assert time.monotonic() < deadline and report["render_state"] != "failed", report
        time.sleep(0.3)
        report = _json(base, token, "GET", f"/api/v1/reports/{report['id']}")[1]
    return int(report["id"])


def test_comments_racing_a_close_are_kept_before_it_or_refused(demo):
    analyst = user_token(demo, "analista.carrera@example.org", "analyst")
    seen: list[int] = []
    with served(demo) as base:
        for _round in range(ROUNDS):
            report = _rendered_draft(base, analyst)
            status, opened = _json(
                base, analyst, "POST", f"/api/v1/reports/{report}/consultation", {"days": 14}
            )
            assert status == 201, opened
            token = _anonymous_token(base)
            with ThreadPoolExecutor(max_workers=12) as pool:
                comments = [
                    pool.submit(_comment, base, opened["id"], token, n, _round)
                    for n in range(COMMENTERS // 2)
                ]
                close = pool.submit(
                    _json, base, analyst, "POST", f"/api/v1/reports/{report}/consultation/close"
                )
                comments += [
                    pool.submit(_comment, base, opened["id"], token, n, _round)
                    for n in range(COMMENTERS // 2, COMMENTERS)
                ]
                answers = [c.result() for c in comments]
            assert close.result()[0] == 200, close.result()
            assert set(answers) <= {201, 409}, (_round, answers)
            seen += answers
            status, found = _json(base, analyst, "GET", f"/api/v1/reports/{report}/consultation")
            assert found["state"] == "closed" and found["received"] == answers.count(201)
            closes_at = dt.datetime.fromisoformat(found["closes_at"])
            late = [c for c in found["comments"] if dt.datetime.fromisoformat(c["received_at"]) >= closes_at]
            assert not late, (found["closes_at"], late)
    assert seen.count(201) and seen.count(409), "the close never raced a comment"

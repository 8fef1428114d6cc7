"""Bad input never reaches the database as a 500, on either engine: ids and pages beyond any
column, control characters in paths, filters and bodies, deeply nested or exploding files."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from commitments.actor import SYSTEM
from commitments.imports import import_file
from commitments.reports.rules import natural_key
from commitments.services.users import create_token
from tests.clirun import run_cli


@pytest.fixture
async def bearer(cast) -> dict[str, str]:
    return {"Authorization": f"Bearer {await create_token(SYSTEM, 'analista@test.gt')}"}


@pytest.mark.parametrize(
    "url",
    [
        "/public/recommendations/99999999999999999999",
        "/public/recommendations/2147483648",
        "/public/recommendations/0",
        "/public?page=0",
        "/public?page=1000000000",
        "/api/v1/recommendations/99999999999999999999",
        "/api/v1/recommendations?page=99999999999",
        "/api/v1/recommendations?page_size=100000",
        "/api/v1/evidence/2147483648/file",
        "/api/v1/assignments?page=-3",
    ],
)
async def test_out_of_range_ids_and_pages_are_400(client, bearer, url):
    response = await client.get(url, headers=bearer)
    assert response.status_code == 400, (url, response.status_code, response.text[:200])


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/recommendations/{id}/links", {"other": 472043956535082}, "other"),
        ("/api/v1/recommendations/{id}/links", {"other": 0}, "other"),
        ("/api/v1/recommendations/{id}/evidence", {"title": "t", "response": 2**31}, "response"),
        (
            "/api/v1/recommendations/{id}/assessments",
            {"period": "2026-S2", "level": "x", "source": "reviewer", "document": 2**40},
            "document",
        ),
    ],
)
async def test_out_of_range_ids_in_a_body_are_400(client, bearer, cast, path, body, field):
    from commitments.tables import Recommendation

    rec = await Recommendation.select(Recommendation.id).first()
    url = path.format(id=rec["id"] if rec else 1)
    if path.endswith("/evidence"):  # a form with its file
        form = {k: str(v) for k, v in body.items()}
        response = await client.post(
            url, headers=bearer, data=form, files={"file": ("a.txt", b"x", "text/plain")}
        )
    else:
        response = await client.post(url, headers=bearer, json=body)
    assert response.status_code == 400, (path, response.status_code, response.text[:300])
    assert field in response.text, response.text[:300]


@pytest.mark.parametrize(
    "url",
    [
        "/public?agency=%00",
        "/public?q=a%00b",
        "/api/v1/recommendations?q=%1b",
        "/public/recommendations/1%00",  # no route matches: 404 before any handler
    ],
)
async def test_control_characters_in_a_path_or_filter_are_422(client, bearer, url):
    response = await client.get(url, headers=bearer)
    if url.startswith("/public/recommendations/"):
        assert response.status_code == 404
        return
    assert response.status_code == 422 and "control" in response.json()["detail"]


async def test_a_nul_in_a_body_is_refused_before_the_database(client, bearer):
    body = {"mechanism": "OGP", "cycle": "AP3", "reference": "NUL-1", "text": "texto\x00oculto"}
    response = await client.post("/api/v1/recommendations", headers=bearer, json=body)
    assert response.status_code == 400 and "control characters" in response.text
    tab_and_newlines = {**body, "reference": "TAB-1", "text": "línea uno\n\tlínea dos\r\n"}
    assert (
        await client.post("/api/v1/recommendations", headers=bearer, json=tab_and_newlines)
    ).status_code == 201


async def test_a_nul_in_an_imported_cell_is_a_row_error(cast):
    data = b"mechanism,cycle,reference,text\nOGP,AP3,NUL-2,a\x01b\n"
    result = await import_file(cast["analyst"], "r.csv", data, dry_run=True)
    assert result.errors and result.created == 0


async def test_deeply_nested_json_and_yaml_are_one_clear_error(cast):
    for name, data in (
        ("deep.json", "[" * 100_000 + "]" * 100_000),
        ("deep.yaml", "[" * 100_000 + "]" * 100_000),
    ):
        result = await import_file(cast["analyst"], name, data.encode(), dry_run=True)
        assert result.unsupported and len(result.errors) == 1, result.errors
        assert "profundidad" in result.errors[0].message or "inválido" in result.errors[0].message


@pytest.mark.engine_independent
def test_the_cli_says_one_line_about_a_nested_file(cli_env, tmp_path):
    assert run_cli(cli_env, "init").returncode == 0
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    result = run_cli(cli_env, "import", str(path), "--dry-run")
    assert result.returncode == 1 and "Traceback" not in result.stderr


async def test_a_header_of_a_million_columns_is_one_error(cast):
    data = ("mechanism,cycle,reference,text," + ",".join(f"c{i}" for i in range(1_000_000)) + "\n").encode()
    started = time.monotonic()
    result = await import_file(cast["analyst"], "wide.csv", data[: 19 * 1024 * 1024], dry_run=True)
    assert len(result.errors) == 1 and "columnas" in result.errors[0].message
    assert time.monotonic() - started < 20


def _shared_strings_bomb(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        strings = "<sst>" + "<si><t>a</t></si>" * count + "</sst>"
        book.writestr("xl/sharedStrings.xml", strings)
    return buffer.getvalue()


async def test_a_workbook_with_millions_of_shared_strings_is_refused_at_once(cast):
    data = _shared_strings_bomb(2_000_001)
    assert len(data) < 1_000_000  # a small file
    started = time.monotonic()
    result = await import_file(cast["analyst"], "bomb.xlsx", data, dry_run=True)
    assert result.unsupported and "textos distintos" in result.errors[0].message
    assert time.monotonic() - started < 10


def test_references_of_numbers_and_letters_sort_together():
    assert sorted(["GT0078", "1", "F-10", "F-2"], key=natural_key) == ["1", "F-2", "F-10", "GT0078"]


async def test_a_mixed_reference_does_not_break_a_report(cast):
    from commitments.services.reports import issue_report
    from tests.report_helpers import build_workflow

    await build_workflow(cast)
    data = "mechanism,cycle,reference,text\nOGP,AP3,1,Compromiso número uno\n".encode()
    assert (await import_file(cast["analyst"], "one.csv", data)).created == 1
    report = await issue_report(cast["analyst"], "OGP", None, "2026-S2", "es", final=False)
    assert report.pages

"""The catalogue over HTTP: POST /api/v1/imports (all or nothing, dry run, 413, 415, roles,
the caller's language) and the public open data downloads."""

from __future__ import annotations

import csv
import io
import json

import jsonschema

from commitments.imports import data_dictionary
from commitments.tables import Recommendation
from tests.catalogue_files import csv_bytes, row, xlsx_from, yaml_bytes
from tests.web import csrf, login

GOOD = [
    row("API-1", text="Publicar la contratación de obras", agencies="MINFIN;SAT"),
    row("API-2", text="Auditar los fideicomisos públicos", parent="API-1"),
]
BROKEN = [
    row("API-1", mechanism="NOPE"),
    row("API-2", issued_on="2026-13-45"),
    {**row("API-3"), "text": ""},
    row("API-4"),
    row("API-4"),
]


async def _import(client, name: str, data: bytes, dry_run: bool = False, **headers: str):
    await login(client, "analyst")
    fields = {"dry_run": "true"} if dry_run else {}
    return await client.post(
        "/api/v1/imports",
        data=fields,
        headers={**csrf(client), **headers},
        files={"file": (name, data, "application/octet-stream")},
    )


async def _codes(prefix: str = "OGP-AP9-") -> list[str]:
    rows = (
        await Recommendation.select(Recommendation.code)
        .where(Recommendation.code.like(f"{prefix}%"))
        .order_by(Recommendation.code)
    )
    return [r["code"] for r in rows]


async def test_a_good_file_is_imported_and_counted(client):
    response = await _import(client, "ronda.csv", csv_bytes(GOOD))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["created"], body["updated"], body["unchanged"], body["errors"]) == (2, 0, 0, [])
    assert body["dry_run"] is False and body["cycles_created"] == ["OGP-AP9"]
    assert [c["code"] for c in body["changes"]] == ["OGP-AP9-API-1", "OGP-AP9-API-2"]
    assert await _codes() == ["OGP-AP9-API-1", "OGP-AP9-API-2"]
    again = await _import(client, "ronda.csv", csv_bytes(GOOD))
    assert (again.json()["created"], again.json()["updated"], again.json()["unchanged"]) == (0, 0, 2)


async def test_xlsx_and_yaml_files_are_read_too(client):
    assert (await _import(client, "r.xlsx", xlsx_from(GOOD))).json()["created"] == 2
    items = [{**GOOD[0], "reference": "API-Y", "text": "Otro compromiso"}]
    assert (await _import(client, "r.yaml", yaml_bytes(items))).json()["created"] == 1


async def test_a_dry_run_reports_what_would_change_and_writes_nothing(client):
    response = await _import(client, "ronda.csv", csv_bytes(GOOD), dry_run=True)
    assert response.status_code == 200
    assert response.json()["dry_run"] is True and response.json()["created"] == 2
    assert await _codes() == []


async def test_a_broken_file_lists_every_error_and_writes_nothing(client):
    response = await _import(client, "rota.csv", csv_bytes(BROKEN))
    assert response.status_code == 422
    body = response.json()
    assert body["status_code"] == 422 and "nada" in body["detail"]
    assert body["created"] == 0 and await _codes() == []
    where = {(e["row"], e["column"]) for e in body["errors"]}
    assert {(2, "mechanism"), (3, "issued_on"), (4, "text")} <= where
    assert any(e["row"] == 6 for e in body["errors"])  # API-4 again: a duplicate code
    assert all(e["message"] for e in body["errors"])


async def test_errors_come_in_the_callers_language(client):
    response = await _import(client, "rota.csv", csv_bytes(BROKEN), **{"Accept-Language": "en"})
    body = response.json()
    assert "nothing was imported" in body["detail"]
    mechanism = next(e for e in body["errors"] if e["column"] == "mechanism")
    assert "unknown mechanism" in mechanism["message"]


async def test_a_file_that_is_no_table_is_415(client):
    for name, data in (
        ("virus.exe", b"MZ\x90\x00binary"),
        ("tabla.csv", b"a,b\x00\x01\x02"),
        ("libro.xlsx", b"PK not really a workbook"),
        ("r.json", b"{oops"),
    ):
        response = await _import(client, name, data)
        assert response.status_code == 415, (name, response.text)
        assert response.json()["errors"][0]["row"] == 0
    assert await _codes() == []


async def test_a_latin1_csv_is_a_fixable_422_not_a_415(client):
    data = csv_bytes([row("L-1", text="Contratación")], encoding="latin-1")
    response = await _import(client, "latin.csv", data)
    assert response.status_code == 422 and "UTF-8" in response.json()["errors"][0]["message"]


async def test_a_file_over_the_limit_is_413(client, settings):
    over = settings.import_max_mb * 1024 * 1024 + 1024
    response = await _import(client, "grande.csv", b"a" * over)
    assert response.status_code == 413
    assert response.json()["too_large"] is True and "MB" in response.json()["errors"][0]["message"]
    # Far beyond the limit the server stops reading the body at all.
    huge = await _import(client, "enorme.csv", b"a" * (over + 2 * 1024 * 1024))
    assert huge.status_code == 413


async def test_only_the_commission_may_import(client):
    data = {"file": ("r.csv", csv_bytes(GOOD), "text/csv")}
    await client.get("/api/v1/auth/me")
    anonymous = await client.post("/api/v1/imports", files=data, headers=csrf(client))
    assert anonymous.status_code == 401
    for who in ("reviewer", "minfin"):
        await login(client, who)
        response = await client.post("/api/v1/imports", files=data, headers=csrf(client))
        assert response.status_code == 403, who
    assert await _codes() == []


async def test_an_import_without_a_file_is_refused(client):
    await login(client, "analyst")
    response = await client.post(
        "/api/v1/imports", data={"dry_run": "true"}, files={"other": ("x.txt", b"x")}, headers=csrf(client)
    )
    assert response.status_code == 422 and "file" in response.json()["detail"]


async def test_open_data_csv_is_public_with_its_media_type_and_file_name(client):
    response = await client.get("/api/v1/open-data/recommendations.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="recommendations.csv"' in response.headers["content-disposition"]
    records = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(records[0]) == [field.name for field in data_dictionary()]
    assert len(records) == 46


async def test_open_data_json_validates_against_the_published_schema(client):
    response = await client.get("/api/v1/open-data/recommendations.json")
    assert response.headers["content-type"] == "application/json"
    assert "attachment" in response.headers["content-disposition"]
    schema = await client.get("/api/v1/open-data/recommendations.schema.json")
    assert schema.headers["content-type"].startswith("application/schema+json")
    document = json.loads(response.content)
    jsonschema.validate(document, schema.json())
    assert document["count"] == len(document["recommendations"]) == 46


async def test_open_data_neutralises_formulas_in_csv(client):
    await _import(client, "f.csv", csv_bytes([row("F-1", text='=HYPERLINK("http://x")')]))
    client.cookies.clear()
    text = (await client.get("/api/v1/open-data/recommendations.csv")).content.decode("utf-8-sig")
    record = next(r for r in csv.DictReader(io.StringIO(text)) if r["code"] == "OGP-AP9-F-1")
    assert record["text"].startswith("'=")

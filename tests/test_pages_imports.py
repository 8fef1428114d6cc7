"""The import page: upload → preview (nothing written) → apply the same file → result; errors
listed by row and column; only the commission; in both languages."""

from __future__ import annotations

import pytest

from commitments.imports.staging import staging_dir
from commitments.tables import AuditEvent, Recommendation
from tests.catalogue_files import csv_bytes, row
from tests.test_pages_helpers import get_page, page_login, parse, token

GOOD = [
    row("PG-1", text="Publicar los contratos de obra", agencies="MINFIN"),
    row("PG-2", text="Publicar las adjudicaciones", agencies="SAT;MINFIN"),
]


async def _codes() -> list[str]:
    rows = (
        await Recommendation.select(Recommendation.code)
        .where(Recommendation.code.like("OGP-AP9-%"))
        .order_by(Recommendation.code)
    )
    return [r["code"] for r in rows]


async def _upload(client, name: str, data: bytes):
    response = await client.post(
        "/imports", files={"file": (name, data, "text/csv"), "_csrf_token": (None, token(client))}
    )
    return response, parse(response.text)


def _counts(doc) -> dict[str, str]:
    return {dd.attrs["data-count"]: dd.text for dd in doc.all("dd") if "data-count" in dd.attrs}


async def test_analyst_previews_then_applies_an_import(client, cast):
    await page_login(client, "analyst")
    form = await get_page(client, "/imports")
    assert form.h1 == "Importar recomendaciones"
    assert "/imports" in form.links() and form.doc.one("input", type="file").attrs["name"] == "file"

    response, doc = await _upload(client, "ronda.csv", csv_bytes(GOOD))
    assert response.status_code == 200, response.text[:500]
    assert _counts(doc) == {"created": "2", "updated": "0", "unchanged": "0", "assignments": "3"}
    rows = [
        [c.text for c in tr.children if c.tag == "td"]
        for tr in doc.one("table", cls="import-changes").all("tr")
        if "data-action" in tr.attrs
    ]
    assert [r[1] for r in rows] == ["OGP-AP9-PG-1", "OGP-AP9-PG-2"]
    assert await _codes() == []  # a preview writes nothing
    sha256 = doc.one("input", name="sha256").attrs["value"]
    assert (staging_dir() / sha256).is_file()

    events = await AuditEvent.count()
    posted = await client.post(
        "/imports/apply", data={"sha256": sha256, "filename": "ronda.csv", "_csrf_token": token(client)}
    )
    assert posted.status_code == 303 and posted.headers["location"].startswith("/imports/result/")
    applied = await client.get(posted.headers["location"])
    assert applied.status_code == 200
    assert _counts(parse(applied.text))["created"] == "2"
    reloaded = await client.get(posted.headers["location"])  # F5 shows the result again
    assert reloaded.status_code == 200 and _counts(parse(reloaded.text))["created"] == "2"
    assert await _codes() == ["OGP-AP9-PG-1", "OGP-AP9-PG-2"]
    assert await AuditEvent.count() > events and not (staging_dir() / sha256).exists()
    again = await client.post(
        "/imports/apply", data={"sha256": sha256, "filename": "ronda.csv", "_csrf_token": token(client)}
    )
    assert again.status_code == 404  # applied once; a second apply needs a new upload


async def test_a_broken_file_lists_its_errors_and_offers_no_apply(client, cast):
    await page_login(client, "analyst")
    broken = [row("PG-1", mechanism="NOPE"), row("PG-2", agencies="NADIE")]
    response, doc = await _upload(client, "rota.csv", csv_bytes(broken))
    assert response.status_code == 422
    errors = [
        [c.text for c in tr.children if c.tag == "td"]
        for tr in doc.one("table", cls="import-errors").one("tbody").all("tr")
    ]
    assert errors[0][:2] == ["2", "mechanism"] and "NOPE" in errors[0][2]
    assert errors[1][:2] == ["3", "agencies"] and "NADIE" in errors[1][2]
    assert not doc.all("form", action="/imports/apply")
    assert doc.all("form", action="/imports")  # upload the corrected file from here
    assert await _codes() == []


async def test_a_file_that_is_no_table_says_so_in_english(client, cast):
    await page_login(client, "analyst")
    await get_page(client, "/imports?lang=en")
    response, doc = await _upload(client, "foto.png", b"\x89PNG\r\n\x1a\n")
    assert response.status_code == 415
    assert doc.one("h1").text == "Import recommendations"
    cells = [c.text for c in doc.one("table", cls="import-errors").one("tbody").all("td")]
    assert cells[0] == "file" and "unsupported format" in cells[2]


async def test_no_file_chosen_is_a_form_error(client, cast):
    await page_login(client, "analyst")
    await get_page(client, "/imports")
    response = await client.post(
        "/imports", files={"_csrf_token": (None, token(client)), "file": ("", b"", "text/csv")}
    )
    assert response.status_code == 422 and "Elija un archivo" in response.text


@pytest.mark.parametrize("sha256", ["../../etc/passwd", "0" * 64, "zz"])
async def test_apply_refuses_anything_but_a_staged_digest(client, cast, sha256):
    await page_login(client, "analyst")
    response = await client.post(
        "/imports/apply", data={"sha256": sha256, "filename": "x.csv", "_csrf_token": token(client)}
    )
    assert response.status_code == 404


async def test_only_the_commission_imports_and_sees_the_menu_item(client, cast):
    assert (await client.get("/imports")).headers["location"].startswith("/login")
    await page_login(client, "minfin")
    page = await get_page(client, "/imports", 403)
    assert "/imports" not in page.links()
    response = await client.post(
        "/imports",
        files={"file": ("r.csv", csv_bytes(GOOD), "text/csv"), "_csrf_token": (None, token(client))},
    )
    assert response.status_code == 403 and await _codes() == []
    await page_login(client, "analyst")
    assert "/imports" in (await get_page(client, "/")).links()

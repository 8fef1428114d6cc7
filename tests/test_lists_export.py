"""Excel habits: lists sort on the server (the order kept in the URL) and export to .xlsx with
the current filters, in the page's language; exported text never runs as a formula."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from commitments.schemas import RecommendationIn
from commitments.services.recommendations import create_recommendation
from tests.test_pages_helpers import (  # noqa: F401  (world_fixture provides `world`)
    World,
    get_page,
    page_login,
    world_fixture,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(response) -> list[list]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(XLSX)
    assert "attachment" in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


async def test_recommendations_sort_both_ways_and_keep_the_filters(client, world: World):
    await page_login(client, "analyst")
    up = await get_page(client, "/recommendations?mechanism=OGP&sort=code")
    down = await get_page(client, "/recommendations?mechanism=OGP&sort=-code")
    codes_up = [r[0] for r in up.rows("recommendations")]
    codes_down = [r[0] for r in down.rows("recommendations")]
    assert codes_up == sorted(codes_up) and codes_down == sorted(codes_down, reverse=True)
    assert codes_up[0] != codes_down[0]
    header = up.doc.one("th", **{"aria-sort": "ascending"})
    link = header.one("a").attrs["href"]
    assert "sort=-code" in link and "mechanism=OGP" in link
    refused = await client.get("/recommendations?sort=password")
    assert refused.status_code == 422
    api = await client.get("/api/v1/recommendations", params={"sort": "-due_on", "page_size": 5})
    assert api.status_code == 200
    dues = [i["due_on"] for i in api.json()["items"] if i["due_on"]]
    assert dues == sorted(dues, reverse=True)


async def test_the_recommendation_export_follows_filters_order_and_language(client, cast, world: World):
    await create_recommendation(
        cast["analyst"],
        RecommendationIn(
            mechanism="OGP", cycle="AP3", reference="XL-1", text="texto", title='=HYPERLINK("x")'
        ),
    )
    await page_login(client, "analyst")
    page = await get_page(client, "/recommendations?mechanism=OGP&sort=-code")
    export = page.doc.one("a", cls="export").attrs["href"]
    assert export.startswith("/recommendations/export.xlsx?") and "sort=-code" in export
    rows = _sheet(await client.get(export))
    assert rows[0][:3] == ["Código", "Mecanismo", "Ciclo"]
    codes = [r[0] for r in rows[1:]]
    assert codes == sorted(codes, reverse=True) and all(c.startswith("OGP-") for c in codes)
    shown = (await client.get("/api/v1/recommendations", params={"mechanism": "OGP", "page_size": 1})).json()
    assert len(codes) == shown["total"]
    formula = next(r for r in rows if r[0] == "OGP-AP3-XL-1")
    assert formula[4] == '=HYPERLINK("x")'  # the text itself, stored as text
    raw = load_workbook(io.BytesIO((await client.get(export)).content)).active
    assert all(c.data_type != "f" for row in raw.iter_rows() for c in row)
    client.cookies.set("lang", "en")
    english = _sheet(await client.get(export))
    assert english[0][:3] == ["Code", "Mechanism", "Cycle"]


async def test_a_focal_point_exports_only_its_agencys_work(client, world: World):
    await page_login(client, "sat")
    rows = _sheet(await client.get("/recommendations/export.xlsx"))
    assert any("PAGES-SAT" in r[0] for r in rows[1:])
    assert not any("PAGES-MINFIN" in r[0] for r in rows[1:])
    inbox = _sheet(await client.get("/inbox/export.xlsx"))
    assert {r[2] for r in inbox[1:]} == {"SAT"}


async def test_assignments_review_queue_and_users_sort_and_export(client, world: World):
    await page_login(client, "analyst")
    by_agency = await get_page(client, "/inbox?sort=-agency")
    agencies = [r[1] for r in by_agency.rows("inbox")]
    assert agencies == sorted(agencies, reverse=True)
    rows = _sheet(await client.get("/inbox/export.xlsx?sort=agency"))
    assert [r[2] for r in rows[1:]] == sorted(r[2] for r in rows[1:])
    assert rows[0][2] == "Institución"
    review = _sheet(await client.get("/review/export.xlsx"))
    assert review[0][0] == "Recomendación"
    await page_login(client, "admin")
    users = await get_page(client, "/users?sort=-email")
    emails = [r[0] for r in users.rows("users")]
    assert emails == sorted(emails, reverse=True)
    sheet = _sheet(await client.get("/users/export.xlsx?sort=role"))
    assert sheet[0][0] == "Correo electrónico" and len(sheet) == len(emails) + 1
    await page_login(client, "analyst")
    assert (await client.get("/users/export.xlsx")).status_code == 403

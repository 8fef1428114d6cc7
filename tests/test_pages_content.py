"""Each page's structure (headings, rows, links, badges, labels) in Spanish and in English,
and a complete English catalogue for every string the pages show."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from commitments.i18n import po_path
from tests.test_pages_helpers import (  # noqa: F401  (world_fixture provides `world`)
    SAT_TEXT,
    World,
    get_page,
    page_login,
    world_fixture,
)

ROOT = Path(__file__).parent.parent
WORDS = {
    "es": {
        "dashboard": "Panel",
        "inbox_nav": "Bandeja",
        "roundtables_nav": "Mesas técnicas",
        "rating_nav": "Calificación",
        "recs": "Recomendaciones",
        "overdue": "Vencida",
        "inbox": "Bandeja de MINFIN",
        "pending": "Pendiente",
        "review": "Respuestas por revisar",
        "periods": "Periodos de reporte",
        "users": "Usuarios e instituciones",
        "actions": "Acciones realizadas",
        "history": "Historial de valoraciones",
        "not_assessed": "Sin valorar",
        "search": "Buscar",
        "open": "Abierto",
        "email": "Correo electrónico",
    },
    "en": {
        "dashboard": "Dashboard",
        "inbox_nav": "Inbox",
        "roundtables_nav": "Roundtables",
        "rating_nav": "Rating",
        "recs": "Recommendations",
        "overdue": "Overdue",
        "inbox": "MINFIN inbox",
        "pending": "Pending",
        "review": "Responses awaiting review",
        "periods": "Reporting periods",
        "users": "Users and agencies",
        "actions": "Actions taken",
        "history": "Assessment history",
        "not_assessed": "Not assessed",
        "search": "Search",
        "open": "Open",
        "email": "Email",
    },
}


@pytest.mark.parametrize("lang", ["es", "en"])
async def test_focal_point_pages_in_both_languages(client, world: World, lang):
    w = WORDS[lang]
    await page_login(client, "minfin")
    board = await get_page(client, f"/?lang={lang}")
    assert board.doc.one("html").attrs["lang"] == lang
    assert board.h1 == w["dashboard"]
    assert [n.text for n in board.doc.one("nav").all("a")] == [
        w["dashboard"],
        w["recs"],
        w["inbox_nav"],
        w["roundtables_nav"],
        w["rating_nav"],
    ]
    overdue = board.rows()[-1]
    assert overdue[0].endswith("PAGES-MINFIN") and w["overdue"] in overdue[2]

    inbox = await get_page(client, "/inbox")  # the cookie keeps the language
    assert inbox.h1 == w["inbox"]
    row = next(r for r in inbox.rows("inbox") if "PAGES-MINFIN" in r[0])
    assert "PAGES-MINFIN" in row[0] and w["overdue"] in row[2] and w["pending"] in row[3]
    assert f"/inbox/{world.minfin_assignment}" in inbox.links()

    form = await get_page(client, f"/inbox/{world.minfin_assignment}")
    assert w["actions"] in " ".join(form.labels())
    assert {b.attrs["value"] for b in form.doc.all("button", name="action")} == {"draft", "submit"}
    levels = [o.text for o in form.doc.one("select", name="proposed_level").all("option")]
    assert len(levels) > 3


@pytest.mark.parametrize("lang", ["es", "en"])
async def test_analyst_pages_in_both_languages(client, world: World, lang):
    w = WORDS[lang]
    await page_login(client, "analyst")
    await get_page(client, f"/?lang={lang}")
    recs = await get_page(client, "/recommendations?q=PAGES")
    assert recs.h1 == w["recs"] and w["search"] in recs.labels()
    codes = [r[0] for r in recs.rows("recommendations")]
    # A search lists the best match first, not by code.
    assert sorted(code.rsplit("-", 1)[-1] for code in codes) == ["MINFIN", "SAT"]
    assert w["not_assessed"] in recs.badges()

    detail = await get_page(client, f"/recommendations/{world.sat_rec}")
    assert SAT_TEXT in detail.doc.one("blockquote").text
    assert w["history"] in detail.headings()
    assert {"agency", "role", "due_on"} <= {
        n.attrs["name"]
        for n in detail.doc.all("select") + detail.doc.all("input")
        if n.attrs.get("id", "").startswith("assign-")
    }
    detail.labels()

    assert (await get_page(client, "/review")).h1 == w["review"]
    periods = await get_page(client, "/periods")
    assert periods.h1 == w["periods"] and w["open"] in periods.rows("periods")[0][4]


async def test_admin_users_page_and_pagination_in_english(client, world: World):
    await page_login(client, "admin")
    users = await get_page(client, "/users?lang=en")
    assert users.h1 == WORDS["en"]["users"]
    assert any(r[0] == "minfin@test.gt" and r[2] == "Agency focal point" for r in users.rows("users"))
    assert "Email (required)" in users.labels()
    listing = await get_page(client, "/recommendations?page=2")
    pages = listing.doc.one("nav", cls="pagination")
    assert pages.one("span", aria_current="page").text == "2"
    assert any("page=1" in a.attrs["href"] for a in pages.all("a"))


async def test_dates_follow_the_page_locale(client, world: World):
    await page_login(client, "analyst")
    es = await get_page(client, "/periods?lang=es")
    en = await get_page(client, "/periods?lang=en")
    assert "1 de enero de 2030" in es.rows("periods")[0][1]
    assert "January 1, 2030" in en.rows("periods")[0][1]


async def test_htmx_filter_answers_only_the_results(client, world: World):
    await page_login(client, "analyst")
    response = await client.get("/recommendations?q=PAGES-SAT", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.text
    assert "PAGES-SAT" in response.text and "PAGES-MINFIN" not in response.text


def test_every_page_string_has_an_english_translation():
    with open(ROOT / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = {
        message if isinstance(message, str) else message[0]
        for name, _line, message, _comments, _ctx in extract_from_dir(str(ROOT), method_map, options_map)
        if name.startswith(("templates/", "server/"))
    }
    with open(po_path("en"), "rb") as handle:
        english = read_po(handle, locale="en")
    with open(po_path("es"), "rb") as handle:
        spanish = read_po(handle, locale="es")
    assert len(found) > 250
    untranslated = sorted(m for m in found if not (english.get(m) and english.get(m).string))
    assert not untranslated, f"no English for: {untranslated}"
    assert not sorted(m for m in found if spanish.get(m) is None), "msgids missing from the es catalogue"

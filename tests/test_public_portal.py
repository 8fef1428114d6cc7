"""The public portal's structure in Spanish and English, without logging in: progress by
mechanism, the catalogue with state, native level and agencies, a recommendation's timeline and
public evidence, the data dictionary, and issued reports only."""

from __future__ import annotations

import json

import pytest

from commitments.imports import data_dictionary
from commitments.queries.dashboard import MechanismProgress
from server.pages.public import bar
from tests.public_world import (  # noqa: F401  (public_world_fixture provides `public_world`)
    ACCEPTED,
    PUBLIC_EVIDENCE,
    PublicWorld,
    public_world_fixture,
    public_world_with_reports_fixture,
)
from tests.report_helpers import pdf_text
from tests.test_pages_helpers import get_page

WORDS = {
    "es": {
        "h1": "Portal de transparencia",
        "progress": "Avance por mecanismo",
        "search": "Buscar",
        "level": "Avance sustancial",
        "timeline": "Historial de valoraciones",
        "self": "Autoevaluación del gobierno",
        "limited": "Limitado",
        "data": "Datos abiertos",
        "reports": "Informes finales",
        "dictionary": "Estado normalizado",
    },
    "en": {
        "h1": "Transparency portal",
        "progress": "Progress by mechanism",
        "search": "Search",
        "level": "Substantial progress",
        "timeline": "Assessment history",
        "self": "Government self-assessment",
        "limited": "Limited",
        "data": "Open data",
        "reports": "Final reports",
        "dictionary": "Normalised state",
    },
}


@pytest.mark.parametrize("lang", ["es", "en"])
async def test_a_visitor_reads_the_portal_in_both_languages(client, public_world: PublicWorld, lang):
    w = WORDS[lang]
    page = await get_page(client, f"/public?lang={lang}")
    assert page.doc.one("html").attrs["lang"] == lang and page.h1 == w["h1"]
    assert w["progress"] in page.headings() and w["reports"] in page.headings()
    assert w["search"] in page.labels()
    progress = {
        tr.attrs["data-mechanism"]: tr
        for tr in page.doc.one("table", cls="public-progress").one("tbody").all("tr")
    }
    assert set(progress) == {"COST", "EITI", "MESICIC", "OGP"}
    ogp = {td.attrs["data-state"]: td.text for td in progress["OGP"].all("td") if "data-state" in td.attrs}
    assert ogp["substantial"] == "1" and sum(map(int, ogp.values())) == 28
    assert progress["OGP"].one("svg", cls="bar").all("rect")
    links = page.links()
    for target in (
        "/api/v1/open-data/recommendations.csv",
        "/api/v1/open-data/recommendations.json",
        "/api/v1/open-data/recommendations.schema.json",
        "/public/data",
    ):
        assert target in links
    assert not page.forms() or all(f.attrs.get("method") == "get" for f in page.forms())


async def test_each_row_shows_state_native_level_and_agencies(client, public_world: PublicWorld):
    page = await get_page(client, "/public?mechanism=OGP&lang=en")
    row = next(r for r in page.rows("public-recommendations") if r[0] == ACCEPTED)
    assert row[2] == "MINFIN" and row[3] == "Substantial progress" and row[4] == "Substantial"
    assert len(page.rows("public-recommendations")) == 25  # a page; 28 OGP items in all


async def test_a_visitor_finds_a_recommendation_without_accents(client, public_world: PublicWorld):
    page = await get_page(client, "/public?q=PARTICIPACION")
    assert page.rows("public-recommendations")
    assert {m.text.lower() for m in page.doc.all("mark")} == {"participación"}
    partial = await client.get("/public?q=fiscal", headers={"HX-Request": "true"})
    assert "<html" not in partial.text and ACCEPTED in partial.text


@pytest.mark.parametrize("lang", ["es", "en"])
async def test_a_recommendation_shows_its_public_timeline_and_evidence(
    client, public_world: PublicWorld, lang
):
    w = WORDS[lang]
    page = await get_page(client, f"/public/recommendations/{public_world.accepted}?lang={lang}")
    assert page.h1.startswith(ACCEPTED) and w["timeline"] in page.headings()
    timeline = page.rows("public-timeline")
    assert [r[0].split()[0] for r in timeline] == ["2026-S2", "2025-S2"]
    assert w["level"] in timeline[0][1] and timeline[0][2] == "—"  # no reviewer rating yet
    assert w["limited"] in timeline[1][1] and timeline[1][2]  # both sides in 2025-S2
    evidence = page.rows("public-evidence")
    assert [r[0] for r in evidence] == [PUBLIC_EVIDENCE]
    assert f"/public/evidence/{public_world.public_file}/file" in page.links()
    assert any(
        href.startswith("https://www.opengovpartnership.org") or href.startswith("http")
        for href in page.links()
    )  # the source document


async def test_public_evidence_files_download_and_hidden_ones_do_not(client, public_world: PublicWorld):
    response = await client.get(f"/public/evidence/{public_world.public_file}/file")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert "decreto.pdf" in response.headers["content-disposition"]
    for hidden in public_world.hidden_evidence:
        assert (await client.get(f"/public/evidence/{hidden}/file")).status_code == 404


async def test_demo_rows_are_left_out_like_the_open_data(client, public_world: PublicWorld):
    await get_page(client, f"/public/recommendations/{public_world.sample}", 404)
    exported = json.loads((await client.get("/api/v1/open-data/recommendations.json")).content)
    total = sum(
        int(tr.all("td")[-1].text)
        for tr in (await get_page(client, "/public"))
        .doc.one("table", cls="public-progress")
        .one("tbody")
        .all("tr")
    )
    assert total == exported["count"] == 45


@pytest.mark.parametrize("lang", ["es", "en"])
async def test_the_data_dictionary_lists_every_field_in_the_page_language(client, lang):
    page = await get_page(client, f"/public/data?lang={lang}")
    assert page.h1 == WORDS[lang]["data"]
    rows = page.rows("data-dictionary")
    assert [r[0] for r in rows] == [f.name for f in data_dictionary()]
    state = next(r for r in rows if r[0] == "state")
    assert state[1] == "string | null" and WORDS[lang]["dictionary"] in state[2]


async def test_only_issued_public_reports_are_listed_and_served(
    client, public_world_with_reports: PublicWorld
):
    public_world = public_world_with_reports
    page = await get_page(client, "/public")
    links = page.links()
    assert f"/public/reports/{public_world.final_report}/pdf" in links
    for hidden in (public_world.internal_report, public_world.draft_report):
        assert f"/public/reports/{hidden}/pdf" not in links
        assert (await client.get(f"/public/reports/{hidden}/pdf")).status_code == 404
    pdf = await client.get(f"/public/reports/{public_world.final_report}/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert ACCEPTED in pdf_text(pdf.content)


def test_a_progress_bar_adds_up_to_the_whole_width():
    row = MechanismProgress(
        mechanism="OGP",
        total=8,
        states={
            "complete": 2,
            "substantial": 0,
            "in_progress": 2,
            "not_started": 0,
            "not_applicable": 0,
            "not_assessed": 4,
        },
    )
    segments = bar(row)
    assert [(s.state, s.x, s.width) for s in segments] == [
        ("complete", 0, 25.0),
        ("in_progress", 25.0, 25.0),
        ("not_assessed", 50.0, 50.0),
    ]
    assert bar(MechanismProgress(mechanism="X", total=0, states={})) == []

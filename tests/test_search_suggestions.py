"""A search that finds nothing suggests the nearest words, written as in the texts, among what the
caller may see, the same on both engines, with bounded work for any query."""

from __future__ import annotations

import json
import time

import pytest

from commitments.db import is_postgres_engine
from commitments.queries.public import public_recommendations
from commitments.queries.recommendations import RecommendationFilter
from commitments.schemas import AssignmentIn
from commitments.search_words import similarity, trigrams, words_of
from commitments.services.assignments import assign
from commitments.tables import Recommendation
from tests.catalogue_files import row
from tests.clirun import on_both_engines
from tests.test_list_search import _list, _load
from tests.test_pages_helpers import get_page, page_login
from tests.test_query_counts import counting_queries
from tests.web import login


def test_trigram_similarity_is_pg_trgms():
    assert trigrams("cat") == {"  c", " ca", "cat", "at "}
    assert similarity("word", "word") == 1
    assert similarity("contratacoin", "contratacion") > similarity("contratacoin", "contrato")
    assert similarity("abc", "xyz") == 0


def test_the_vocabulary_keeps_accented_spellings_and_leaves_codes_out():
    words = words_of(["Contratacion y CONTRATACIÓN", "GT0777 de la Ley 2.5 en lo al"])
    assert words == {"contratacion": "contratación", "ley": "ley"}


async def test_python_similarity_equals_postgresqls(cast):
    if not is_postgres_engine():
        pytest.skip("pg_trgm is PostgreSQL's")
    pairs = [("contratacoin", "contratacion"), ("transparensia", "transparencia"), ("ab", "abc")]
    for a, b in pairs:
        rows = await Recommendation.raw("SELECT similarity({}, {}) AS s", a, b)
        assert abs(float(similarity(a, b)) - rows[0]["s"]) < 1e-6, (a, b)


async def test_without_pg_trgm_postgresql_finds_the_same_words_through_the_trigram_table(
    client, cast, monkeypatch, caplog
):
    from commitments import search_words
    from commitments.suggest import rebuild_vocabulary

    await _load(cast["analyst"], row("C-1", text="Sancionar el soborno transnacional"))
    await login(client, "analyst")
    with_extension = (await _list(client, q="transnasional soborno"))["suggestions"]
    assert with_extension == ["transnacional soborno"]

    async def absent() -> bool:
        return False

    monkeypatch.setattr(search_words, "trigram_extension", absent)
    monkeypatch.setattr(search_words, "_fallback_logged", False)
    await rebuild_vocabulary()  # as an install without the extension keeps it
    assert (await _list(client, q="transnasional soborno"))["suggestions"] == with_extension
    if is_postgres_engine():
        assert "pg_trgm is not installed" in caplog.text


async def test_a_typo_suggests_the_word_as_written_and_the_suggestion_finds_it(client, cast):
    await _load(
        cast["analyst"],
        row("D-1", text="Reformar la contratación de obras viales"),
        row("D-2", text="Publicar la nómina de fideicomisos", mechanism="MESICIC", cycle="R9"),
    )
    await login(client, "analyst")
    page = await _list(client, q="contratacoin obras")
    assert page["total"] == 0 and page["suggestions"] == ["contratación obras"]
    found = await _list(client, q=page["suggestions"][0])
    assert [i["code"] for i in found["items"]] == ["OGP-AP9-D-1"]
    assert (await _list(client, q="contratacion"))["suggestions"] == []  # found: nothing to suggest
    assert (await _list(client, q="qqqqxxxx"))["suggestions"] == []  # nothing near
    assert (await _list(client, q="obraz contratacoin obraz"))["suggestions"] == ["obras contratación obras"]
    # The filters count: a word only outside the chosen mechanism is not offered.
    assert (await _list(client, q="fideicomisoz", mechanism="OGP"))["suggestions"] == []
    assert (await _list(client, q="fideicomisoz", mechanism="MESICIC"))["suggestions"] == ["fideicomisos"]


@pytest.mark.parametrize("lang,question", [("es", "¿Quiso decir"), ("en", "Did you mean")])
async def test_the_list_page_asks_did_you_mean_with_a_link_that_keeps_the_filters(
    client, cast, lang, question
):
    await _load(cast["analyst"], row("E-1", text="Fortalecer la auditoría interna"))
    await page_login(client, "analyst")
    page = await get_page(client, f"/recommendations?q=auditorai&mechanism=OGP&page=1&lang={lang}")
    box = page.doc.one("p", cls="suggestions")
    assert box.text.startswith(question)
    link = box.one("a")
    assert link.text == "auditoría" and "mechanism=OGP" in link.attrs["href"]
    assert "page=" not in link.attrs["href"]
    followed = await get_page(client, link.attrs["href"])
    assert "OGP-AP9-E-1" in followed.response.text


async def test_the_public_portal_never_suggests_a_word_of_a_non_public_item(client, cast):
    ids = await _load(
        cast["analyst"],
        row("F-1", text="Proteger los humedales costeros"),
        row("F-2", text="Censar los murciélagos del altiplano"),
    )
    await Recommendation.update({Recommendation.sample: True}).where(Recommendation.id == ids["OGP-AP9-F-2"])
    portal = await get_page(client, "/public?q=murcielagoz")
    assert "murciélagos" not in portal.response.text and not portal.doc.all("p", cls="suggestions")
    assert (await public_recommendations(RecommendationFilter(q="murcielagoz"))).suggestions == []
    portal = await get_page(client, "/public?q=humedalez")
    assert portal.doc.one("p", cls="suggestions").one("a").text == "humedales"
    await login(client, "analyst")  # the commission sees the sample, and is offered its word
    assert (await _list(client, q="murcielagoz"))["suggestions"] == ["murciélagos"]


async def test_a_focal_point_is_offered_only_words_of_its_agencys_recommendations(client, cast):
    ids = await _load(
        cast["analyst"],
        row("G-1", text="Publicar la planilla de fideicomisos"),
        row("G-2", text="Auditar los estupefacientes decomisados"),
    )
    await assign(cast["analyst"], ids["OGP-AP9-G-1"], AssignmentIn(agency="SAT"))
    await assign(cast["analyst"], ids["OGP-AP9-G-2"], AssignmentIn(agency="MINFIN"))
    await login(client, "sat")
    assert (await _list(client, q="estupefasientes"))["suggestions"] == []
    assert (await _list(client, q="fideicomisoz"))["suggestions"] == ["fideicomisos"]
    await login(client, "minfin")
    assert (await _list(client, q="estupefasientes"))["suggestions"] == ["estupefacientes"]


async def test_a_long_hostile_query_costs_a_bounded_number_of_queries(client, cast):
    await login(client, "analyst")
    hostile = " ".join(["contratacoinzzzzzzzzzzz" + "a" * 30, "transparensiaq"] * 6 + ["x" * 200])
    started = time.perf_counter()
    with counting_queries() as counter:
        response = await client.get("/api/v1/recommendations", params={"q": hostile})
    assert response.status_code == 200 and response.json()["total"] == 0
    assert counter["n"] <= 60, counter["n"]
    assert time.perf_counter() - started < 20  # generous: a loose guard, not a timing


async def test_edits_keep_the_vocabulary_current(client, cast):
    from commitments.schemas import RecommendationPatch
    from commitments.services.recommendations import update_recommendation

    ids = await _load(cast["analyst"], row("H-1", text="Crear el registro de proveedores"))
    rec = await Recommendation.select(Recommendation.version).where(Recommendation.id == ids["OGP-AP9-H-1"])
    await update_recommendation(
        cast["analyst"],
        ids["OGP-AP9-H-1"],
        RecommendationPatch(version=rec[0]["version"], text="Crear el registro de zarzuelas"),
    )
    await login(client, "analyst")
    assert (await _list(client, q="zarzualas"))["suggestions"] == ["zarzuelas"]
    assert (await _list(client, q="proveedorez"))["suggestions"] == []  # a word no text has any more


# The same data on both engines gives the same suggestions.
PROBE = """
import asyncio, json, sys
from commitments.queries.public import public_recommendations
from commitments.queries.recommendations import RecommendationFilter
async def main():
    out = {}
    for q in json.loads(sys.argv[1]):
        out[q] = (await public_recommendations(RecommendationFilter(q=q))).suggestions
    print(json.dumps(out))
asyncio.run(main())
"""
TYPOS = [
    "instituciom",
    "presupuestp",
    "compromisso",
    "transparensia",
    "coruption",
    "partisipativo",
    "disclosur mechanisms",
    "managment",
    "zzqqxx",
]


@pytest.mark.engine_independent
def test_both_engines_suggest_the_same_words(tmp_path):
    sqlite, postgres = on_both_engines(tmp_path, PROBE, json.dumps(TYPOS))
    assert sum(bool(s) for s in sqlite.values()) >= 5, sqlite
    assert sqlite == postgres

"""Search people can use: Spanish and English word forms on both engines, a prefix match on the
last word typed, a code typed exactly first and shown by its text."""

from __future__ import annotations

import json

import pytest

from commitments.search import search_recommendations, snippets_for
from commitments.stemming import stems
from tests.catalogue_files import row
from tests.clirun import on_both_engines
from tests.test_search import codes, load


def test_word_forms_share_a_stem_typed_with_or_without_accents():
    assert set(stems("contratacion")) & set(stems("contrataciones"))
    assert set(stems("contratación")) & set(stems("contrataciones"))
    assert set(stems("conflicto")) & set(stems("conflictos"))
    assert set(stems("procurement")) & set(stems("procurements"))
    assert stems("de") == () and stems("2024") == ()


async def test_spanish_and_english_word_forms_find_each_other(cast):
    await load(
        cast["analyst"],
        row("1", text="Reformar la Ley de Contrataciones del Estado"),
        row("2", text="Prevenir los conflictos de interés de los funcionarios"),
        row("3", text="Strengthen public procurements and their oversight"),
        row("4", text="Fortalecer la auditoría interna"),
    )
    assert "OGP-AP9-1" in await codes("contratacion")
    assert "OGP-AP9-1" in await codes("contratación")
    assert "OGP-AP9-2" in await codes("conflicto")
    assert "OGP-AP9-2" in await codes("conflicto interes")
    assert "OGP-AP9-3" in await codes("procurement")
    assert "OGP-AP9-4" not in await codes("contratacion")
    assert "OGP-AP9-1" not in await codes("conflicto")


async def test_the_last_word_matches_as_typed_so_far(cast):
    await load(
        cast["analyst"],
        row("1", text="Portal de transparencia fiscal"),
        row("2", text="Conflictos de interés"),
    )
    assert "OGP-AP9-1" in await codes("transparen")
    assert "OGP-AP9-2" in await codes("confl")
    assert "OGP-AP9-1" in await codes("portal transp")
    assert "OGP-AP9-1" not in await codes("transp portal")  # only the last word is a prefix
    assert await codes("tr") == [] or "OGP-AP9-1" not in await codes("tr")  # two letters: no prefix


async def test_a_code_typed_exactly_comes_first_and_is_shown_by_its_text(cast):
    await load(cast["analyst"], row("COPRET-c", text="Crear la comisión de transparencia del Ejecutivo"))
    hits = await search_recommendations("OGP-AP9-COPRET-c")
    assert hits[0].code == "OGP-AP9-COPRET-c"
    snippet = (await snippets_for("OGP-AP9-COPRET-c", [hits[0].id]))[hits[0].id]
    assert "Crear la comisión" in snippet and "OGP-AP9" not in snippet


# The same data on both engines finds the same recommendations.
PROBE = """
import asyncio, json, sys
from commitments.search import search_recommendations
QUERIES = json.loads(sys.argv[1])
async def main():
    out = {}
    for q in QUERIES:
        out[q] = sorted(h.code for h in await search_recommendations(q, 10000, snippets=False))
    print(json.dumps(out))
asyncio.run(main())
"""
QUERIES = [
    "contratacion",
    "conflicto",
    "transparen",
    "declaraciones patrimoniales",
    "acceso a la información",
    "beneficial ownership",
    "procurement",
    "EITI 2.5",
    "MESICIC",
    "confl",
    "publica",
]


@pytest.mark.engine_independent
def test_both_engines_find_the_same_recommendations(tmp_path):
    sqlite, postgres = on_both_engines(tmp_path, PROBE, json.dumps(QUERIES))
    assert any(sqlite.values()), "the probe queries find something"
    assert sqlite == postgres


async def test_a_search_that_finds_nothing_says_so_and_typing_replaces_the_address(client, cast):
    from tests.test_pages_helpers import page_login

    await page_login(client, "analyst")
    page = await client.get("/recommendations?q=zzzqqqxxx")
    assert "Ninguna recomendación contiene «zzzqqqxxx»" in page.text
    assert 'hx-replace-url="true"' in page.text and "hx-push-url" not in page.text
    public = await client.get("/public?q=zzzqqqxxx")
    assert "Ninguna recomendación contiene «zzzqqqxxx»" in public.text

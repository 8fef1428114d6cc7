"""Text search in the recommendation lists (API and page): accent-insensitive through the search
index, best match first, filters and visibility still applied, exact totals, snippets."""

from __future__ import annotations

from commitments.imports import import_file
from commitments.schemas import AssignmentIn
from commitments.services.assignments import assign
from commitments.tables import Recommendation
from tests.catalogue_files import csv_bytes, row
from tests.test_pages_helpers import get_page, page_login
from tests.test_query_counts import counting_queries
from tests.web import login


async def _load(actor, *rows) -> dict[str, int]:
    result = await import_file(actor, "lista.csv", csv_bytes(list(rows)))
    assert result.errors == [], result.errors
    found = await Recommendation.select(Recommendation.id, Recommendation.code).where(
        Recommendation.code.like("%-AP9-%") | Recommendation.code.like("%-R9-%")
    )
    return {r["code"]: r["id"] for r in found}


async def _list(client, **params) -> dict:
    response = await client.get("/api/v1/recommendations", params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def test_accentless_words_find_accented_text_with_a_marked_snippet(client, cast):
    await _load(
        cast["analyst"],
        row("S-1", text="Reformar la contratación pública de obras"),
        row("S-2", text="Fortalecer la auditoría interna"),
    )
    await login(client, "analyst")
    page = await _list(client, q="contratacion")
    assert [i["code"] for i in page["items"]] == ["OGP-AP9-S-1"] and page["total"] == 1
    assert "<mark>contratación</mark>" in page["items"][0]["snippet"]
    assert (await _list(client, q="AUDITORIA"))["items"][0]["code"] == "OGP-AP9-S-2"


async def test_best_match_comes_first_not_the_first_code(client, cast):
    await _load(
        cast["analyst"],
        row("A-1", text="Menciona el compromiso GT0777 de pasada"),
        row("GT0777", text="Mejorar la transparencia fiscal"),
    )
    await login(client, "analyst")
    codes = [i["code"] for i in (await _list(client, q="GT0777"))["items"]]
    assert codes == ["OGP-AP9-GT0777", "OGP-AP9-A-1"]


async def test_filters_still_apply_to_a_search_and_the_total_is_exact(client, cast):
    await _load(
        cast["analyst"],
        *[row(f"T-{n}", text=f"Transparencia presupuestaria zq7 número {n}") for n in range(7)],
        row("T-9", mechanism="MESICIC", cycle="R9", text="Transparencia judicial"),
    )
    await login(client, "analyst")
    everything = await _list(client, q="transparencia", page_size=3)
    assert everything["total"] >= 8 and len(everything["items"]) == 3
    ogp = await _list(client, q="transparencia", mechanism="MESICIC")
    assert [i["code"] for i in ogp["items"]] == ["MESICIC-R9-T-9"] and ogp["total"] == 1
    pages = [await _list(client, q="zq7", page_size=3, page=n) for n in (1, 2, 3)]
    assert [p["total"] for p in pages] == [7, 7, 7]
    seen = [i["code"] for p in pages for i in p["items"]]
    assert sorted(seen) == [f"OGP-AP9-T-{n}" for n in range(7)]
    assert (await _list(client, q="zq7", state="complete"))["total"] == 0


async def test_a_focal_point_searches_only_its_agencys_recommendations(client, cast):
    ids = await _load(
        cast["analyst"],
        row("V-1", text="Publicar la nómina de fideicomisos"),
        row("V-2", text="Auditar la nómina de fideicomisos"),
    )
    await assign(cast["analyst"], ids["OGP-AP9-V-1"], AssignmentIn(agency="MINFIN"))
    await assign(cast["analyst"], ids["OGP-AP9-V-2"], AssignmentIn(agency="SAT"))
    await login(client, "sat")
    page = await _list(client, q="nomina fideicomisos")
    assert [i["code"] for i in page["items"]] == ["OGP-AP9-V-2"] and page["total"] == 1


async def test_a_query_with_nothing_to_search_finds_nothing(client, cast):
    await login(client, "analyst")
    assert (await _list(client, q="!!! ---"))["total"] == 0
    assert (await _list(client, q="   "))["total"] == 46  # blank: no search at all


async def test_search_queries_do_not_grow_with_page_size(client, cast):
    await _load(cast["analyst"], *[row(f"Q-{n}", text=f"Rendición de cuentas {n}") for n in range(50)])
    await login(client, "analyst")
    counts = []
    for size in (2, 45):
        with counting_queries() as counter:
            response = await client.get(f"/api/v1/recommendations?q=rendicion&page_size={size}")
        assert len(response.json()["items"]) == size
        counts.append(counter["n"])
    assert counts[0] == counts[1], counts


async def test_the_list_page_shows_escaped_snippets_with_marks(client, cast):
    await _load(cast["analyst"], row("H-1", text="la contratación <script>alert(1)</script> & más"))
    await page_login(client, "analyst")
    page = await get_page(client, "/recommendations?q=contratacion")
    snippet = page.doc.one("span", cls="snippet")
    assert [m.text for m in snippet.all("mark")] == ["contratación"]
    assert "<script>alert" not in page.response.text
    assert all(s.attrs.get("src") for s in page.doc.all("script"))  # no script from the data


async def test_matches_past_the_ranked_ones_still_come_once_each(client, cast, monkeypatch):
    from commitments.queries import recommendations

    monkeypatch.setattr(recommendations, "RANKED", 4)  # as if 4 were a thousand
    await _load(
        cast["analyst"],
        *[row(f"P-{n}", text=f"Rendición de cuentas wq5 {n}" + " wq5" * n) for n in range(10)],
    )
    await login(client, "analyst")
    pages = [await _list(client, q="wq5", page_size=3, page=n) for n in (1, 2, 3, 4)]
    assert {p["total"] for p in pages} == {10}
    codes = [i["code"] for p in pages for i in p["items"]]
    assert sorted(codes) == sorted(f"OGP-AP9-P-{n}" for n in range(10)) and len(codes) == 10
    filtered = await _list(client, q="wq5", mechanism="OGP", page_size=20)
    assert filtered["total"] == 10 and len(filtered["items"]) == 10

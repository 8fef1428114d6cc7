"""The list filters (mechanism, cycle, agency, state) name reference data by code; the query
turns codes into ids through the worker's reference data (commitments.queries.refcache). The
same rows must come back as a filter written with joins on the codes, an unknown code must find
nothing, and a reference row added a moment ago must filter at once."""

from __future__ import annotations

import re

from commitments.imports import import_file
from commitments.schemas import AgencyIn, AssignmentIn
from commitments.services.agencies import create_agency
from commitments.services.assignments import assign
from commitments.tables import Assignment, RatingLevel, Recommendation
from tests.catalogue_files import csv_bytes, row
from tests.test_query_counts import counting_queries
from tests.web import login


async def _codes(client, **params) -> set[str]:
    response = await client.get("/api/v1/recommendations", params={**params, "page_size": 100})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"]), body["total"]
    return {item["code"] for item in body["items"]}


async def _by_joins(**f: str) -> set[str]:
    """The filter as it reads: conditions on the codes through joins."""
    query = Recommendation.select(Recommendation.code)
    if "mechanism" in f:
        query = query.where(Recommendation.cycle._.mechanism._.code == f["mechanism"].upper())
    if "cycle" in f:
        query = query.where(Recommendation.cycle._.code == f["cycle"])
    if "agency" in f:
        query = query.where(
            Recommendation.id.is_in(
                Assignment.select(Assignment.recommendation).where(
                    Assignment.agency._.code == f["agency"].upper()
                )
            )
        )
    if f.get("state") == "not_assessed":
        query = query.where(Recommendation.current_level.is_null())
    elif "state" in f:
        query = query.where(Recommendation.current_level._.state == f["state"])
    return {r["code"] for r in await query}


async def test_filters_by_code_find_what_joins_on_the_codes_find(client, cast):
    analyst = cast["analyst"]
    result = await import_file(
        analyst,
        "filtros.csv",
        csv_bytes(
            [
                *[row(f"F-{n}") for n in range(6)],
                *[row(f"M-{n}", mechanism="MESICIC", cycle="R9") for n in range(3)],
            ]
        ),
    )
    assert result.errors == [], result.errors
    ids = {
        r["code"]: r["id"]
        for r in await Recommendation.select(Recommendation.id, Recommendation.code).where(
            Recommendation.code.like("%-F-%") | Recommendation.code.like("%-M-%")
        )
    }
    await assign(analyst, ids["OGP-AP9-F-0"], AssignmentIn(agency="MINFIN"))
    await assign(analyst, ids["OGP-AP9-F-1"], AssignmentIn(agency="SAT"))
    await assign(analyst, ids["MESICIC-R9-M-0"], AssignmentIn(agency="MINFIN"))
    level = await RatingLevel.select(RatingLevel.id, RatingLevel.state).first()
    await Recommendation.update({Recommendation.current_level: level["id"]}).where(
        Recommendation.id == ids["OGP-AP9-F-2"]
    )
    await login(client, "analyst")
    filters = [
        {"mechanism": "OGP"},
        {"mechanism": "mesicic"},
        {"cycle": "AP9"},
        {"cycle": "R9", "mechanism": "MESICIC"},
        {"agency": "MINFIN"},
        {"agency": "minfin", "mechanism": "OGP"},
        {"agency": "SAT", "cycle": "AP9"},
        {"state": level["state"]},
        {"state": level["state"], "mechanism": "OGP"},
        {"state": "not_assessed", "agency": "MINFIN"},
    ]
    for f in filters:
        expected = await _by_joins(**f)
        assert expected, f  # the case means something
        assert await _codes(client, **f) == expected, f
    assert "OGP-AP9-F-0" in await _codes(client, agency="MINFIN", mechanism="OGP")
    for unknown in ({"mechanism": "NOPE"}, {"cycle": "Z99"}, {"agency": "NOPE"}, {"state": "nope"}):
        assert await _codes(client, **unknown) == set(), unknown


async def test_the_filtered_list_reads_no_reference_table(client, cast):
    await login(client, "analyst")
    seen: list[str] = []
    with counting_queries():
        from commitments.db import engine

        cls = type(engine())
        counted = cls.run_querystring

        async def recording(self, querystring, *args, **kwargs):
            seen.append(str(querystring))
            return await counted(self, querystring, *args, **kwargs)

        cls.run_querystring = recording
        try:
            response = await client.get(
                "/api/v1/recommendations?mechanism=OGP&agency=MINFIN&state=not_assessed"
            )
        finally:
            cls.run_querystring = counted
    assert response.status_code == 200, response.text
    counts = [sql for sql in seen if "COUNT(*)" in sql and '"recommendation"' in sql]
    assert counts, seen
    for sql in counts:  # the planner has only the large tables to estimate
        assert not re.search(r'(FROM|JOIN) "(cycle|mechanism|agency|rating_level)"', sql), sql


async def test_an_agency_added_a_moment_ago_filters_at_once(client, cast):
    analyst = cast["analyst"]
    await login(client, "analyst")
    assert await _codes(client, agency="NUEVA") == set()  # loads the reference data
    await create_agency(cast["admin"], AgencyIn(code="NUEVA", name_es="Agencia nueva"))
    result = await import_file(analyst, "nueva.csv", csv_bytes([row("N-1")]))
    assert result.errors == [], result.errors
    rec = await Recommendation.select(Recommendation.id).where(Recommendation.code == "OGP-AP9-N-1").first()
    await assign(analyst, rec["id"], AssignmentIn(agency="NUEVA"))
    assert await _codes(client, agency="nueva") == {"OGP-AP9-N-1"}


async def test_a_filtered_list_page_reads_the_reference_stamp_once(client, cast):
    """The filters and the page's drop-downs (or the portal's names) share one check."""
    from commitments.db import engine
    from tests.test_pages_helpers import page_login

    await page_login(client, "analyst")
    cls = type(engine())
    original = cls.run_querystring
    seen: list[str] = []

    async def recording(self, querystring, *args, **kwargs):
        seen.append(str(querystring))
        return await original(self, querystring, *args, **kwargs)

    for url in ("/recommendations?mechanism=OGP&agency=MINFIN", "/public?mechanism=OGP&agency=MINFIN"):
        seen.clear()
        cls.run_querystring = recording
        try:
            response = await client.get(url)
        finally:
            cls.run_querystring = original
        assert response.status_code == 200, response.text
        assert sum('"reference_stamp"' in sql for sql in seen) == 1, url

"""Requests cost a fixed number of SQL queries, whatever the number of rows they show."""

import contextlib
import datetime as dt

from commitments.db import engine
from commitments.schemas import AssignmentIn, EvidenceIn, RecommendationIn
from commitments.services.assignments import assign
from commitments.services.evidence import register_evidence
from commitments.services.recommendations import create_recommendation
from tests.web import login


@contextlib.contextmanager
def counting_queries():
    # Patched on the class: PostgresEngine has __slots__, so instances take no new attributes.
    cls = type(engine())
    original = cls.run_querystring
    counter = {"n": 0}

    async def counted(self, *args, **kwargs):
        counter["n"] += 1
        return await original(self, *args, **kwargs)

    cls.run_querystring = counted
    try:
        yield counter
    finally:
        cls.run_querystring = original


async def _queries_for(client, url: str) -> int:
    with counting_queries() as counter:
        response = await client.get(url)
    assert response.status_code == 200, response.text
    return counter["n"]


async def test_list_queries_do_not_grow_with_page_size(client):
    await login(client, "analyst")
    few = await _queries_for(client, "/api/v1/recommendations?page_size=2")
    many = await _queries_for(client, "/api/v1/recommendations?page_size=45")
    assert few == many and few > 0


async def test_detail_queries_do_not_grow_with_evidence_and_agencies(client, cast):
    analyst = cast["analyst"]
    rec = await create_recommendation(
        analyst, RecommendationIn(mechanism="OGP", cycle="AP3", reference="QC-1", text="t")
    )
    await login(client, "analyst")
    url_e, url_d = f"/api/v1/recommendations/{rec}/evidence", f"/api/v1/recommendations/{rec}"
    before = (await _queries_for(client, url_e), await _queries_for(client, url_d))
    for n in range(12):
        await register_evidence(
            analyst, rec, EvidenceIn(title=f"E{n}", url="https://e.org", evidence_date=dt.date(2026, 1, 1))
        )
    for code in ("MINFIN", "SAT", "CGC", "MP"):
        await assign(analyst, rec, AssignmentIn(agency=code, role="support"))
    after = (await _queries_for(client, url_e), await _queries_for(client, url_d))
    assert before == after


async def test_assignment_list_queries_do_not_grow(client):
    await login(client, "analyst")
    few = await _queries_for(client, "/api/v1/assignments?page_size=1")
    many = await _queries_for(client, "/api/v1/assignments?page_size=100")
    assert few == many and few > 0


async def test_the_recommendation_page_asks_its_visibility_once_and_reference_data_once(client, cast):
    rec = await create_recommendation(
        cast["analyst"], RecommendationIn(mechanism="OGP", cycle="AP3", reference="QC-2", text="t")
    )
    await login(client, "analyst")
    cls = type(engine())
    original = cls.run_querystring
    sent: list[str] = []

    async def logged(self, querystring, *args, **kwargs):
        sent.append(str(querystring))
        return await original(self, querystring, *args, **kwargs)

    await client.get(f"/recommendations/{rec}")  # reference data loaded into this worker's copy
    cls.run_querystring = logged
    try:
        response = await client.get(f"/recommendations/{rec}")
    finally:
        cls.run_querystring = original
    assert response.status_code == 200
    # get_recommendation reads it under the visibility predicate; no part asks again.
    assert not [q for q in sent if q.startswith('SELECT EXISTS(SELECT ALL "recommendation"')], sent
    # Reference data comes from the worker's copy: only the stamp is read.
    assert sum('"reference_stamp"' in q for q in sent) == 1
    assert not [q for q in sent if 'FROM "period"' in q or 'FROM "rating_level"' in q], sent

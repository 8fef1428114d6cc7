"""Two countries in one database: Guatemala's instance never shows, finds or changes a row of
Honduras's, on any read path (API lists with every filter, search, details, assignments, cycles,
periods, exports, open data, the portal and its search, reports), and Honduras's instance sees
its own rows and none of Guatemala's."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from commitments.actor import SYSTEM
from commitments.errors import NotFound
from commitments.imports import export_recommendations
from commitments.schemas import (
    AssessmentIn,
    AssignmentIn,
    PeriodIn,
    RecommendationPatch,
    ResponseIn,
    ReviewIn,
)
from commitments.services import assessments, assignments, evidence, recommendations, responses, users
from commitments.services.reports import issue_report, report_pdf
from commitments.tables import Recommendation
from tests.cast import CAST, PASSWORD
from tests.report_helpers import pdf_text
from tests.test_pages_helpers import page_login
from tests.two_countries import (  # noqa: F401  (the fixture provides `honduras`)
    HN_ANALYST,
    HN_PASSWORD,
    MARK,
    Honduras,
    as_country,
    honduras_fixture,
)

GT_READERS = ("admin", "analyst", "minfin", "reviewer")


def _shows_honduras(html: str) -> bool:
    """Whether a page shows a Honduran row (a search for the marker echoes it, and is no leak)."""
    text = html.lower().replace(f'value="{MARK}"', "").replace(f"q={MARK}", "").replace(f"«{MARK}»", "")
    return MARK in text


def _api_urls(hn: Honduras) -> tuple[list[str], list[str]]:
    """(lists and searches, each with its filters; Honduras's objects asked for by id)."""
    lists = [
        "/api/v1/auth/me",
        "/api/v1/mechanisms",
        "/api/v1/mechanisms/OGP",
        "/api/v1/mechanisms/MESICIC",
        "/api/v1/cycles",
        "/api/v1/agencies",
        "/api/v1/periods",
        "/api/v1/users",
        "/api/v1/reports",
        "/api/v1/open-data/recommendations.csv",
        "/api/v1/open-data/recommendations.json",
    ]
    for query in (
        "",
        "mechanism=OGP",
        "cycle=AP3",
        "mechanism=OGP&cycle=AP3",
        "mechanism=MESICIC&cycle=R4",
        "agency=MINFIN",
        "state=substantial",
        "state=not_assessed",
        f"q={MARK}",
        "q=contrataciones",
        "q=GT0079",
        "q=OGP-AP3-GT0079",
        "mechanism=OGP&q=contrataciones",
        "page_size=200",
    ):
        lists.append(f"/api/v1/recommendations?{query}")
    for query in ("", "agency=MINFIN", "period=2026-S2", "state=pending", "page_size=200"):
        lists.append(f"/api/v1/assignments?{query}")
    for query in ("", "period=2026-S2", "agency=MINFIN", "state=draft"):
        lists.append(f"/api/v1/responses?{query}")
    rec = hn.recommendations[0]
    by_id = [
        f"/api/v1/recommendations/{rec}",
        *(
            f"/api/v1/recommendations/{rec}/{part}"
            for part in ("assignments", "evidence", "assessments", "links", "responses")
        ),
        f"/api/v1/assignments/{hn.assignment}",
        f"/api/v1/assignments/{hn.assignment}/responses",
        f"/api/v1/responses/{hn.response}",
        f"/api/v1/evidence/{hn.evidence}",
        f"/api/v1/evidence/{hn.evidence}/file",
        f"/api/v1/reports/{hn.report}",
        f"/api/v1/reports/{hn.report}/pdf",
    ]
    return lists, by_id


async def test_guatemalas_api_shows_no_honduran_row_to_anyone(client, cast, honduras: Honduras):
    lists, by_id = _api_urls(honduras)
    leaks, found = [], []
    for who in GT_READERS:
        headers = {"Authorization": f"Bearer {await users.create_token(SYSTEM, CAST[who][0])}"}
        for url in lists:
            response = await client.get(url, headers=headers)
            assert response.status_code in (200, 403), (who, url, response.status_code)
            if MARK in response.text.lower():
                leaks.append(f"{who} {url}")
            if response.headers.get("content-type", "").startswith("application/json"):
                body = response.json()
                items = body.get("items", []) if isinstance(body, dict) else body
                ids = {item.get("id") for item in items if isinstance(item, dict)}
                found += [
                    f"{who} {url}" for i in honduras.recommendations if i in ids and "recommendations" in url
                ]
        for url in by_id:
            response = await client.get(url, headers=headers)
            if response.status_code not in (403, 404):
                leaks.append(f"{who} {url}: {response.status_code}")
    assert not leaks and not found, "\n".join(leaks + found)


async def test_guatemala_cannot_verify_or_touch_hondurass_objects(client, cast, honduras: Honduras):
    analyst, minfin = cast["analyst"], cast["minfin"]
    rec = honduras.recommendations[0]
    attempts = [
        assignments.assign(analyst, rec, AssignmentIn(agency="MINFIN")),
        assignments.unassign(analyst, honduras.assignment),
        assessments.record_assessment(analyst, rec, AssessmentIn(period="2025-S2", level="limited")),
        recommendations.update_recommendation(analyst, rec, RecommendationPatch(version=1, title="x")),
        recommendations.link_recommendations(analyst, rec, honduras.recommendations[1]),
        evidence.verify_evidence(analyst, honduras.evidence, "rejected"),
        evidence.evidence_file(analyst, honduras.evidence),
        responses.review_response(analyst, honduras.response, ReviewIn(decision="return", comment="x")),
        users.create_token(SYSTEM, HN_ANALYST),
        users.set_active(SYSTEM, honduras.focal_point.user_id or 0, False),
        report_pdf(analyst, honduras.report),
    ]
    attempts.append(responses.save_response(minfin, honduras.assignment, ResponseIn(period="2026-S2")))
    for attempt in attempts:
        with pytest.raises(NotFound):
            await attempt
    bearer = {"Authorization": f"Bearer {await users.create_token(SYSTEM, CAST['analyst'][0])}"}
    verified = await client.post(
        "/api/v1/reports/verify", headers=bearer, files={"file": ("hn.pdf", honduras.report_pdf)}
    )
    assert verified.status_code == 200 and verified.json()["issued"] is False
    # Honduras's people do not exist here: neither their password nor their token works.
    login = await client.post("/api/v1/auth/login", json={"email": HN_ANALYST, "password": HN_PASSWORD})
    assert login.status_code == 401
    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {honduras.analyst_token}"})
    assert me.status_code == 401


async def test_the_same_codes_in_two_countries_do_not_collide(cast, honduras: Honduras):
    # Guatemala opens its own 2026-S2 beside Honduras's, and still reads its own GT0079.
    from commitments.services.periods import create_period, get_period

    await create_period(
        cast["analyst"],
        PeriodIn(
            code="2026-S2", starts_on="2026-07-01", ends_on="2026-12-31", response_deadline="2027-01-15"
        ),
    )
    assert (await get_period(cast["analyst"], "2026-S2")).code == "2026-S2"
    rows = await Recommendation.select(Recommendation.country.iso2).where(
        Recommendation.code == "OGP-AP3-GT0079"
    )
    assert sorted(r["country.iso2"] for r in rows) == ["GT", "HN"]


async def test_guatemalas_pages_and_portal_show_no_honduran_row(client, cast, honduras: Honduras):
    rec = honduras.recommendations[0]
    public = [
        "/public",
        f"/public?q={MARK}",
        "/public?q=contrataciones",
        "/public?mechanism=OGP",
        "/public?agency=MINFIN",
        "/public?lang=en",
        "/public/data",
    ]
    hidden = [
        f"/public/recommendations/{rec}",
        f"/public/evidence/{honduras.evidence}/file",
        f"/public/reports/{honduras.report}/pdf",
    ]
    internal = [
        "/",
        "/recommendations",
        f"/recommendations?q={MARK}",
        "/recommendations?cycle=AP3&mechanism=OGP",
        "/recommendations?agency=MINFIN",
        "/inbox",
        "/review",
        "/periods",
        "/users",
        "/reports",
        "/imports",
    ]
    internal_hidden = [
        f"/recommendations/{rec}",
        f"/inbox/{honduras.assignment}",
        f"/reports/{honduras.report}",
    ]
    leaks = []
    for url in public:
        response = await client.get(url)
        assert response.status_code == 200, url
        leaks += [url] if _shows_honduras(response.text) else []
    for url in hidden:
        leaks += [url] if (await client.get(url)).status_code != 404 else []
    await page_login(client, "admin")
    for url in internal:
        response = await client.get(url)
        assert response.status_code == 200, url
        leaks += [url] if _shows_honduras(response.text) else []
    for url in internal_hidden:
        leaks += [url] if (await client.get(url)).status_code != 404 else []
    assert not leaks, leaks


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
async def test_guatemalas_exports_hold_no_honduran_row(cast, honduras: Honduras, fmt):
    data = await export_recommendations(fmt)
    if fmt == "xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            data = b"".join(book.read(name) for name in book.namelist())
    text = data.decode("utf-8-sig", errors="replace").lower()
    assert MARK not in text and "gt0079" in text  # Guatemala's own GT0079 is there


async def test_guatemalas_reports_hold_no_honduran_row(cast, honduras: Honduras):
    from commitments.services.periods import create_period

    await create_period(
        cast["analyst"],
        PeriodIn(
            code="2026-S2", starts_on="2026-07-01", ends_on="2026-12-31", response_deadline="2027-01-15"
        ),
    )
    for mechanism, cycle in (("OGP", "ALL"), ("ALL", None)):
        report = await issue_report(
            cast["analyst"], mechanism, cycle, "2026-S2", "es", internal=True, final=False
        )
        text = pdf_text(await report_pdf(cast["analyst"], report.id)).lower()
        assert MARK not in text and "gt0079" in text, mechanism


async def test_hondurass_instance_sees_its_own_rows_and_none_of_guatemalas(client, honduras: Honduras):
    guatemalan = await Recommendation.count().where(Recommendation.country.iso2 == "GT")
    assert guatemalan >= 40
    with as_country("HN"):
        headers = {"Authorization": f"Bearer {honduras.analyst_token}"}
        listed = (await client.get("/api/v1/recommendations?page_size=200", headers=headers)).json()
        assert sorted(item["id"] for item in listed["items"]) == honduras.recommendations
        searched = (await client.get("/api/v1/recommendations?q=contrataciones", headers=headers)).json()
        assert [item["id"] for item in searched["items"]] == [honduras.recommendations[0]]
        agencies = (await client.get("/api/v1/agencies", headers=headers)).json()
        assert [a["code"] for a in agencies] == ["MINFIN"]
        cycles = {
            (c["mechanism"], c["code"]) for c in (await client.get("/api/v1/cycles", headers=headers)).json()
        }
        assert cycles == {("OGP", "AP3"), ("MESICIC", "R4")}
        portal = await client.get("/public?lang=es")
        assert MARK in portal.text.lower() and "GT0082" not in portal.text
        exported = json.loads(await export_recommendations("json"))
        assert exported["country"] == "HN" and exported["count"] == 2
        guatemalan_login = await client.post(
            "/api/v1/auth/login", json={"email": CAST["analyst"][0], "password": PASSWORD}
        )
        assert guatemalan_login.status_code == 401

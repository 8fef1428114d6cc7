"""Smaller holes closed: evidence names that cannot pass for another type, draft attachments
seen by their agency only, web addresses only, deactivation effective at once, a signed-out
cookie that really expires."""

from __future__ import annotations

import datetime as dt

import pytest

from commitments.actor import SYSTEM
from commitments.schemas import AssignmentIn, EvidenceIn, PeriodIn, RecommendationPatch, ResponseIn
from commitments.services.assignments import assign
from commitments.services.evidence import upload_evidence
from commitments.services.periods import create_period
from commitments.services.responses import save_response
from commitments.services.users import create_token, set_active
from commitments.tables import Assignment, Evidence, Recommendation
from commitments.uploads import safe_file_name
from commitments.vocabulary import AssignmentRole
from tests.web import csrf, login


@pytest.mark.parametrize(
    ("name", "media_type", "expected"),
    [
        ("informe.hta", "text/plain", "informe.hta.txt"),
        ("invoice.bat", "text/plain", "invoice.bat.txt"),
        ("factura\u202efdp.js", "text/plain", "facturafdp.js.txt"),
        ("acta.PDF", "application/pdf", "acta.PDF"),
        ("scan.jpeg", "image/jpeg", "scan.jpeg"),
        ("tabla", "text/csv", "tabla.csv"),
        ("../../etc/passwd\x00.pdf", "application/pdf", "passwd.pdf"),
    ],
)
def test_a_stored_name_keeps_an_extension_of_its_sniffed_type(name, media_type, expected):
    assert safe_file_name(name, media_type) == expected


async def test_evidence_on_a_draft_is_seen_by_its_agency_only_until_submitted(cast):
    analyst, minfin = cast["analyst"], cast["minfin"]
    await create_period(
        analyst,
        PeriodIn(
            code="2036-S1",
            starts_on=dt.date(2036, 1, 1),
            ends_on=dt.date(2036, 6, 30),
            response_deadline=dt.date(2036, 7, 1),
        ),
        open_now=True,
    )
    rec = (
        await Recommendation.select(Recommendation.id).where(Recommendation.code == "OGP-AP3-GT0079").first()
    )["id"]
    await assign(analyst, rec, AssignmentIn(agency="SAT", role=AssignmentRole.SUPPORT))
    asg = (
        await Assignment.select(Assignment.id)
        .where((Assignment.recommendation == rec) & (Assignment.agency.code == "MINFIN"))
        .first()
    )["id"]
    draft = await save_response(minfin, asg, ResponseIn(period="2036-S1", actions_taken="En curso"))
    evidence_id = await upload_evidence(
        minfin,
        rec,
        EvidenceIn(title="Borrador público", visibility="public", response=draft.id),
        b"%PDF-1.4 d",
        "d.pdf",
    )
    from commitments.queries.workflow import evidence_of_recommendation

    def seen(items):
        return evidence_id in {e.id for e in items}

    assert seen(await evidence_of_recommendation(minfin, rec)) and seen(
        await evidence_of_recommendation(analyst, rec)
    )
    assert not seen(await evidence_of_recommendation(cast["sat"], rec))
    assert not seen(await evidence_of_recommendation(cast["reviewer"], rec))
    await save_response(
        minfin, asg, ResponseIn(period="2036-S1", actions_taken="Hecho", submit=True, version=draft.version)
    )
    assert seen(await evidence_of_recommendation(cast["sat"], rec))
    assert seen(await evidence_of_recommendation(cast["reviewer"], rec))
    assert await Evidence.exists().where(Evidence.id == evidence_id)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>", "JaVaScRiPt:alert(1)"])
def test_only_web_addresses_on_every_write_path(url):
    for build in (
        lambda: RecommendationPatch(version=1, source_url=url),
        lambda: EvidenceIn(title="x", url=url),
    ):
        with pytest.raises(ValueError):
            build()


async def test_a_deactivated_user_is_refused_on_the_next_request(client, cast):
    token = await create_token(SYSTEM, "revisor@test.gt")
    bearer = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/auth/me", headers=bearer)).status_code == 200
    await set_active(SYSTEM, cast["reviewer"].user_id or 0, False)
    assert (await client.get("/api/v1/auth/me", headers=bearer)).status_code == 401


async def test_signing_out_expires_the_cookie(client):
    await login(client, "analyst")
    response = await client.post("/api/v1/auth/logout", headers=csrf(client))
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("session="))
    assert "Max-Age=0" in cookie and "Max-Age=1800" not in cookie


async def test_a_period_opens_with_true_not_with_zero(client):
    await login(client, "analyst")
    await client.post(
        "/api/v1/periods",
        headers=csrf(client),
        json={
            "code": "2037-S1",
            "starts_on": "2037-01-01",
            "ends_on": "2037-06-30",
            "response_deadline": "2037-07-01",
        },
    )
    zero = await client.patch("/api/v1/periods/2037-S1", headers=csrf(client), json={"open": 0})
    assert zero.status_code == 400
    assert (
        await client.patch("/api/v1/periods/2037-S1", headers=csrf(client), json={"open": True})
    ).status_code == 200

"""The review queue shows what a decision needs: the recommendation's text, the agency's part,
the commission's earlier comment, and the evidence, which can be verified or rejected (with a
reason the agency reads) right there."""

from __future__ import annotations

from commitments.schemas import ResponseIn, ReviewIn
from commitments.services.responses import review_response, save_response
from commitments.tables import Evidence
from tests.test_pages_helpers import (  # noqa: F401  (world_fixture provides `world`)
    MINFIN_TEXT,
    World,
    get_page,
    page_login,
    token,
    world_fixture,
)
from tests.test_pages_workflow import PDF, answer
from tests.web import csrf, login


async def _returned_and_resubmitted(client, cast, world: World) -> int:
    await page_login(client, "minfin")
    sent = await answer(
        client,
        world.minfin_assignment,
        "submit",
        actions_taken="Primera",
        file=("acta.pdf", PDF, "application/pdf"),
    )
    assert sent.status_code == 303
    first = (await Evidence.select(Evidence.response).first())["response"]
    back = await review_response(
        cast["analyst"], first, ReviewIn(decision="return", comment="Falta la firma 8812")
    )
    again = await save_response(
        cast["minfin"],
        world.minfin_assignment,
        ResponseIn(period=world.period, actions_taken="Segunda", submit=True, version=back.version),
    )
    return again.id


async def test_the_queue_shows_text_role_earlier_comment_and_evidence(client, cast, world: World):
    await _returned_and_resubmitted(client, cast, world)
    await page_login(client, "analyst")
    page = await get_page(client, "/review")
    item = page.doc.one("article", cls="review-item")
    assert MINFIN_TEXT in item.text
    assert "Responsable" in item.text  # MINFIN leads it
    assert "Falta la firma 8812" in item.text and "Comentario anterior de la comisión" in item.text
    assert "acta.pdf" in item.text
    assert any(f.attrs["action"].endswith("/verification") for f in item.all("form"))


async def test_rejecting_evidence_needs_a_reason_that_the_agency_then_reads(client, cast, world: World):
    await _returned_and_resubmitted(client, cast, world)
    evidence_id = (await Evidence.select(Evidence.id).first())["id"]
    await page_login(client, "analyst")
    url = f"/recommendations/{world.minfin_rec}/evidence/{evidence_id}/verification"
    back = "/review#response-1"
    no_reason = await client.post(
        url, data={"verification": "rejected", "back": back, "_csrf_token": token(client)}
    )
    assert no_reason.status_code == 303 and no_reason.headers["location"].startswith("/review")
    assert (await Evidence.select(Evidence.verification).first())["verification"] == "pending"
    assert "diga por qué se rechaza" in (await client.get("/review")).text
    done = await client.post(
        url,
        data={
            "verification": "rejected",
            "note": "Es otro documento",
            "back": back,
            "_csrf_token": token(client),
        },
    )
    assert done.status_code == 303
    row = await Evidence.select(Evidence.verification, Evidence.verification_note).first()
    assert row == {"verification": "rejected", "verification_note": "Es otro documento"}
    await page_login(client, "minfin")
    form = await get_page(client, f"/inbox/{world.minfin_assignment}")
    assert "Motivo: Es otro documento" in form.response.text


async def test_the_api_refuses_a_rejection_without_a_reason(client, cast, world: World):
    await _returned_and_resubmitted(client, cast, world)
    evidence_id = (await Evidence.select(Evidence.id).first())["id"]
    await login(client, "analyst")
    url = f"/api/v1/evidence/{evidence_id}/verification"
    refused = await client.post(url, json={"verification": "rejected"}, headers=csrf(client))
    assert refused.status_code == 422 and "motivo" in refused.json()["detail"]
    ok = await client.post(url, json={"verification": "rejected", "note": "Ilegible"}, headers=csrf(client))
    assert ok.status_code == 200
    assert (await Evidence.select(Evidence.verification_note).first())["verification_note"] == "Ilegible"

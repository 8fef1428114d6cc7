"""The JSON API end to end: every endpoint's happy path and its bad input (never a 500)."""

import pytest

from tests.web import csrf, login

PERIOD = {
    "code": "2031-S1",
    "starts_on": "2031-01-01",
    "ends_on": "2031-06-30",
    "response_deadline": "2031-07-15",
}


async def _rec(client, code: str) -> dict:
    found = await client.get("/api/v1/recommendations", params={"q": code})
    return next(item for item in found.json()["items"] if item["code"] == code)


async def _open_period(client) -> None:
    assert (await client.post("/api/v1/periods", json=PERIOD, headers=csrf(client))).status_code == 201
    opened = await client.patch("/api/v1/periods/2031-S1", json={"open": True}, headers=csrf(client))
    assert opened.json()["open"] is True


async def test_reference_endpoints(client):
    await login(client, "reviewer")
    mechanisms = (await client.get("/api/v1/mechanisms")).json()
    assert {m["code"] for m in mechanisms} == {"MESICIC", "UNCAC", "EITI", "COST", "STAR", "OGP"}
    ogp = (await client.get("/api/v1/mechanisms/ogp")).json()
    assert [level["code"] for level in ogp["levels"]][:2] == ["not_started", "limited"]
    assert set(ogp["levels"][0]) == {"code", "label_es", "label_en", "state", "progress"}
    assert any(c["code"] == "AP3" for c in ogp["cycles"])
    assert (await client.get("/api/v1/mechanisms/NOPE")).status_code == 404
    agencies = (await client.get("/api/v1/agencies")).json()
    assert len(agencies) >= 38 and {"code", "name_es", "name_en"} <= set(agencies[0])
    assert (await client.get("/api/v1/cycles", params={"mechanism": "MESICIC"})).status_code == 200


async def test_list_filters_search_and_paginates(client):
    await login(client, "analyst")
    page = (await client.get("/api/v1/recommendations", params={"page_size": 10})).json()
    # `suggestions`: nearest words when a search finds nothing (empty here: nothing searched).
    assert set(page) == {"items", "total", "page", "page_size", "suggestions"}
    assert page["suggestions"] == []
    assert page["total"] >= 46 and len(page["items"]) == 10
    second = (await client.get("/api/v1/recommendations", params={"page_size": 10, "page": 2})).json()
    assert {i["code"] for i in page["items"]}.isdisjoint({i["code"] for i in second["items"]})
    ogp = (await client.get("/api/v1/recommendations", params={"mechanism": "OGP"})).json()
    assert ogp["total"] > 0 and all(i["mechanism"] == "OGP" for i in ogp["items"])
    minfin = (await client.get("/api/v1/recommendations", params={"agency": "MINFIN"})).json()
    assert all(any(a["agency"] == "MINFIN" for a in i["agencies"]) for i in minfin["items"])
    unassessed = (await client.get("/api/v1/recommendations", params={"state": "not_assessed"})).json()
    assert all(i["level"] is None for i in unassessed["items"])
    found = (await client.get("/api/v1/recommendations", params={"q": "COPRET"})).json()
    assert found["total"] >= 3


async def test_create_read_patch_recommendation_with_optimistic_concurrency(client):
    await login(client, "analyst")
    body = {
        "mechanism": "MESICIC",
        "cycle": "R4",
        "reference": "API-1",
        "language": "es",
        "text": 'Adoptar medidas <b>&</b> "comillas".',
    }
    created = await client.post("/api/v1/recommendations", json=body, headers=csrf(client))
    assert created.status_code == 201, created.text
    rec = created.json()
    assert rec["code"] == "MESICIC-R4-API-1" and rec["text"] == body["text"]
    again = await client.post("/api/v1/recommendations", json=body, headers=csrf(client))
    assert again.status_code == 409
    ok = await client.patch(
        f"/api/v1/recommendations/{rec['id']}",
        headers=csrf(client),
        json={"version": rec["version"], "theme": "integrity"},
    )
    assert ok.status_code == 200 and ok.json()["version"] == rec["version"] + 1
    stale = await client.patch(
        f"/api/v1/recommendations/{rec['id']}",
        headers=csrf(client),
        json={"version": rec["version"], "theme": "procurement"},
    )
    assert stale.status_code == 409 and "otra persona cambió" in stale.json()["detail"]


@pytest.mark.parametrize(
    "body,status",
    [
        ({"mechanism": "MESICIC", "cycle": "R4", "reference": "X", "language": "es"}, 400),
        ({"mechanism": "MESICIC", "cycle": "R4", "reference": "has space", "text": "t"}, 400),
        ({"mechanism": "NOPE", "cycle": "R4", "reference": "X", "text": "t"}, 422),
        ({"mechanism": "MESICIC", "cycle": "R99", "reference": "X", "text": "t"}, 422),
        ({"mechanism": "MESICIC", "cycle": "R4", "reference": "X", "text": "t", "extra": 1}, 400),
    ],
)
async def test_bad_recommendation_input_is_4xx(client, body, status):
    await login(client, "analyst")
    response = await client.post("/api/v1/recommendations", json=body, headers=csrf(client))
    assert response.status_code == status, response.text
    assert response.json()["status_code"] == status


async def test_malformed_json_and_unknown_ids(client):
    await login(client, "analyst")
    broken = await client.post(
        "/api/v1/recommendations",
        content=b"{not json",
        headers={**csrf(client), "Content-Type": "application/json"},
    )
    assert broken.status_code == 400
    assert (await client.get("/api/v1/recommendations/999999")).status_code == 404
    assert (await client.get("/api/v1/recommendations/abc")).status_code in (400, 404)
    assert (await client.get("/api/v1/nothing-here")).status_code == 404


async def test_full_cycle_answer_return_resubmit_accept(client):
    await login(client, "analyst")
    await _open_period(client)
    rec = await _rec(client, "OGP-AP3-GT0079")
    assignment = next(
        a
        for a in (
            await client.get("/api/v1/assignments", params={"agency": "MINFIN", "period": "2031-S1"})
        ).json()["items"]
        if a["recommendation"] == "OGP-AP3-GT0079"
    )
    await login(client, "minfin")
    answer = {
        "period": "2031-S1",
        "actions_taken": "Publicamos los datos.",
        "challenges": "",
        "assistance_needed": "",
        "next_steps": "Seguir",
        "target_date": "2031-12-31",
        "proposed_level": "substantial",
        "submit": False,
    }
    draft = await client.post(
        f"/api/v1/assignments/{assignment['id']}/responses", json=answer, headers=csrf(client)
    )
    assert draft.status_code == 201 and draft.json()["state"] == "draft"
    stale = await client.post(
        f"/api/v1/assignments/{assignment['id']}/responses",
        headers=csrf(client),
        json={**answer, "submit": True, "version": draft.json()["version"] + 5},
    )
    assert stale.status_code == 409
    submitted = await client.post(
        f"/api/v1/assignments/{assignment['id']}/responses",
        json={**answer, "submit": True},
        headers=csrf(client),
    )
    assert submitted.json()["state"] == "submitted"
    locked = await client.post(
        f"/api/v1/assignments/{assignment['id']}/responses", json=answer, headers=csrf(client)
    )
    assert locked.status_code == 409
    response_id = submitted.json()["id"]
    await login(client, "analyst")
    queue = (await client.get("/api/v1/responses", params={"state": "submitted"})).json()
    assert response_id in [r["id"] for r in queue]
    returned = await client.post(
        f"/api/v1/responses/{response_id}/review",
        headers=csrf(client),
        json={"decision": "return", "comment": "Adjunte el acuerdo."},
    )
    assert returned.json()["state"] == "returned"
    await login(client, "minfin")
    seen = (await client.get(f"/api/v1/responses/{response_id}")).json()
    assert seen["review_comment"] == "Adjunte el acuerdo."
    await client.post(
        f"/api/v1/assignments/{assignment['id']}/responses",
        json={**answer, "submit": True},
        headers=csrf(client),
    )
    await login(client, "analyst")
    accepted = await client.post(
        f"/api/v1/responses/{response_id}/review",
        headers=csrf(client),
        json={"decision": "accept", "comment": "", "level": None},
    )
    assert accepted.json()["state"] == "accepted"
    history = (await client.get(f"/api/v1/recommendations/{rec['id']}/assessments")).json()
    assert history[0]["level"]["code"] == "substantial" and history[0]["source"] == "self"
    detail = (await client.get(f"/api/v1/recommendations/{rec['id']}")).json()
    assert detail["state"] == "substantial"


async def test_review_bad_input(client):
    await login(client, "analyst")
    bad = await client.post(
        "/api/v1/responses/999999/review", headers=csrf(client), json={"decision": "accept"}
    )
    assert bad.status_code == 404
    wrong = await client.post("/api/v1/responses/1/review", headers=csrf(client), json={"decision": "maybe"})
    assert wrong.status_code == 400


async def test_assessments_self_and_reviewer_side_by_side(client):
    await login(client, "analyst")
    await _open_period(client)
    rec = await _rec(client, "MESICIC-R1-III.1-1.1")
    documents = (await client.get("/api/v1/review-documents?mechanism=MESICIC")).json()
    document = next(d for d in documents if d["reference"] == "SG/MESICIC/doc.155/05 rev. 4")
    for source, level, cited in (
        ("self", "satisfactory", None),
        ("reviewer", "additional_attention", document["id"]),
    ):
        r = await client.post(
            f"/api/v1/recommendations/{rec['id']}/assessments",
            headers=csrf(client),
            json={"period": "2031-S1", "level": level, "source": source, "document": cited},
        )
        assert r.status_code == 201, r.text
    uncited = await client.post(
        f"/api/v1/recommendations/{rec['id']}/assessments",
        headers=csrf(client),
        json={"period": "2031-S1", "level": "satisfactory", "source": "reviewer"},
    )
    assert uncited.status_code == 422 and "documento de revisión" in uncited.json()["detail"]
    history = (await client.get(f"/api/v1/recommendations/{rec['id']}/assessments")).json()
    assert {(h["source"], h["level"]["code"]) for h in history if h["period"] == "2031-S1"} == {
        ("self", "satisfactory"),
        ("reviewer", "additional_attention"),
    }
    cited = next(h for h in history if h["source"] == "reviewer" and h["period"] == "2031-S1")
    assert cited["document"]["reference"] == "SG/MESICIC/doc.155/05 rev. 4"
    assert cited["document"]["issued_on"] == "2005-09-30"
    bad = await client.post(
        f"/api/v1/recommendations/{rec['id']}/assessments",
        headers=csrf(client),
        json={"period": "2031-S1", "level": "complete"},
    )
    assert bad.status_code == 422


async def test_assign_and_unassign_through_the_api(client):
    await login(client, "analyst")
    rec = await _rec(client, "MESICIC-R1-III.1-1.1")
    made = await client.post(
        f"/api/v1/recommendations/{rec['id']}/assignments",
        headers=csrf(client),
        json={"agency": "SAT", "role": "support", "due_on": "2031-01-31"},
    )
    assert made.status_code == 201 and made.json()["agency"] == "SAT"
    dup = await client.post(
        f"/api/v1/recommendations/{rec['id']}/assignments", headers=csrf(client), json={"agency": "SAT"}
    )
    assert dup.status_code == 409
    listed = (await client.get(f"/api/v1/recommendations/{rec['id']}/assignments")).json()
    assert "SAT" in [a["agency"] for a in listed]
    gone = await client.delete(f"/api/v1/assignments/{made.json()['id']}", headers=csrf(client))
    assert gone.status_code == 204


async def test_links_between_mechanisms(client):
    await login(client, "analyst")
    a, b = await _rec(client, "OGP-AP3-GT0079"), await _rec(client, "MESICIC-R1-III.1-1.1")
    linked = await client.post(
        f"/api/v1/recommendations/{a['id']}/links",
        headers=csrf(client),
        json={"other": b["id"], "kind": "same_reform"},
    )
    assert linked.status_code == 201 and linked.json()[0]["code"] == b["code"]
    back = (await client.get(f"/api/v1/recommendations/{b['id']}/links")).json()
    assert back[0]["code"] == a["code"]


async def test_cycles_periods_agencies_users_admin(client):
    await login(client, "analyst")
    cycle = await client.post(
        "/api/v1/cycles",
        headers=csrf(client),
        json={"mechanism": "UNCAC", "code": "C2", "name": "Segundo ciclo"},
    )
    assert cycle.status_code == 201 and cycle.json()["mechanism"] == "UNCAC"
    bad_period = await client.post(
        "/api/v1/periods", headers=csrf(client), json={**PERIOD, "ends_on": "2030-01-01"}
    )
    assert bad_period.status_code == 422
    assert (await client.get("/api/v1/users")).status_code == 403
    await login(client, "admin")
    user = await client.post(
        "/api/v1/users",
        headers=csrf(client),
        json={
            "email": "nueva@test.gt",
            "password": "a long passphrase",
            "role": "focal_point",
            "agency": "MINEDUC",
        },
    )
    assert user.status_code == 201 and user.json()["agency"] == "MINEDUC"
    agency = await client.post(
        "/api/v1/agencies", headers=csrf(client), json={"code": "NEWAG", "name_es": "Nueva agencia"}
    )
    assert agency.status_code == 201
    off = await client.patch("/api/v1/agencies/NEWAG", headers=csrf(client), json={"active": False})
    assert off.json()["active"] is False

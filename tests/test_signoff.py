"""Agency sign-off: where an agency requires it, a focal point's answer goes to one of the
agency's validating authorities, who approves it (it reaches the commission) or sends it back."""

from __future__ import annotations

import pytest

from commitments.actor import SYSTEM
from commitments.errors import Conflict, Forbidden, InvalidInput, NotFound
from commitments.schemas import AgencyPatch, ApprovalIn, ResponseIn, ReviewIn, UserUpdate
from commitments.services import accounts, agencies
from commitments.services.responses import approve_response, review_response, save_response
from commitments.services.users import actor_for_user, create_user
from commitments.tables import AuditEvent, Mail, Response
from tests.test_pages_helpers import (  # noqa: F401  (world_fixture provides `world`)
    World,
    get_page,
    page_login,
    token,
    world_fixture,
)
from tests.test_pages_workflow import answer

PASSWORD = "correct horse battery"


async def _authority(cast, email: str = "jefa.minfin@test.gt", agency: str = "MINFIN"):
    user_id = await create_user(SYSTEM, email, PASSWORD, "focal_point", agency)
    await accounts.update_user(cast["admin"], user_id, UserUpdate(approver=True))
    return await actor_for_user(user_id)


async def _require_signoff(cast, agency: str = "MINFIN") -> None:
    await agencies.update_agency(cast["admin"], agency, AgencyPatch(requires_signoff=True))


async def test_an_answer_waits_for_the_agencys_authority_then_reaches_the_commission(cast, world: World):
    await _require_signoff(cast)
    boss = await _authority(cast)
    assert boss.approver
    drafted = await save_response(
        cast["minfin"],
        world.minfin_assignment,
        ResponseIn(period=world.period, actions_taken="Hecho", submit=True),
    )
    assert drafted.state == "to_approve"
    with pytest.raises(Conflict):  # the commission does not see it yet
        await review_response(cast["analyst"], drafted.id, ReviewIn(decision="accept", level="complete"))
    [mail] = await Mail.select().where(Mail.kind == "to_approve")
    assert mail["to_email"] == "jefa.minfin@test.gt" and mail["link"].endswith(
        f"/inbox/{world.minfin_assignment}"
    )
    with pytest.raises(Forbidden):  # the drafter cannot approve their own answer
        await approve_response(cast["minfin"], drafted.id, ApprovalIn(decision="approve"))
    with pytest.raises(InvalidInput):
        await approve_response(boss, drafted.id, ApprovalIn(decision="return", comment=" "))
    back = await approve_response(boss, drafted.id, ApprovalIn(decision="return", comment="Falta el oficio"))
    assert back.state == "draft"
    [sent_back] = await Mail.select().where(Mail.kind == "sent_back")
    assert sent_back["to_email"] == "minfin@test.gt" and "Falta el oficio" in sent_back["body_text"]
    again = await save_response(
        cast["minfin"],
        world.minfin_assignment,
        ResponseIn(period=world.period, actions_taken="Hecho, con oficio", submit=True, version=back.version),
    )
    assert again.state == "to_approve"
    approved = await approve_response(boss, again.id, ApprovalIn(decision="approve"))
    assert approved.state == "submitted"
    row = (
        await Response.select(Response.approved_by, Response.submitted_by)
        .where(Response.id == again.id)
        .first()
    )
    assert row["approved_by"] == boss.user_id and row["submitted_by"] == cast["minfin"].user_id
    accepted = await review_response(cast["analyst"], again.id, ReviewIn(decision="accept", level="complete"))
    assert accepted.state == "accepted"
    actions = [
        r["action"] for r in await AuditEvent.select(AuditEvent.action).where(AuditEvent.entity == "response")
    ]
    for action in ("response.to_approve", "response.send_back", "response.approve", "response.accept"):
        assert action in actions


async def test_an_authority_of_another_agency_cannot_approve(cast, world: World):
    await _require_signoff(cast)
    await _authority(cast)
    drafted = await save_response(
        cast["minfin"],
        world.minfin_assignment,
        ResponseIn(period=world.period, actions_taken="Hecho", submit=True),
    )
    sat_boss = await _authority(cast, "jefe.sat@test.gt", "SAT")
    with pytest.raises(NotFound):
        await approve_response(sat_boss, drafted.id, ApprovalIn(decision="approve"))
    with pytest.raises(InvalidInput):  # only focal points can be authorities
        await accounts.update_user(cast["admin"], cast["analyst"].user_id, UserUpdate(approver=True))


async def test_an_authoritys_own_submission_is_its_approval_and_agencies_without_signoff_are_unchanged(
    cast, world: World
):
    plain = await save_response(
        cast["sat"], world.sat_assignment, ResponseIn(period=world.period, actions_taken="Hecho", submit=True)
    )
    assert plain.state == "submitted"
    await _require_signoff(cast)
    boss = await _authority(cast)
    direct = await save_response(
        boss, world.minfin_assignment, ResponseIn(period=world.period, actions_taken="Hecho", submit=True)
    )
    assert direct.state == "submitted"
    row = await Response.select(Response.approved_by).where(Response.id == direct.id).first()
    assert row["approved_by"] == boss.user_id


async def test_the_sign_off_flow_through_the_pages(client, cast, world: World):
    await _require_signoff(cast)
    await _authority(cast)
    await page_login(client, "minfin")
    form = await get_page(client, f"/inbox/{world.minfin_assignment}")
    assert "Enviar a aprobación" in form.response.text and "Enviar a la comisión" not in form.response.text
    sent = await answer(client, world.minfin_assignment, "submit", actions_taken="Hecho por la página")
    assert sent.status_code == 303
    inbox = await get_page(client, "/inbox")
    assert "Por aprobar en la institución" in inbox.response.text
    client.cookies.clear()
    login = await client.post(
        "/api/v1/auth/login", json={"email": "jefa.minfin@test.gt", "password": PASSWORD}
    )
    assert login.status_code == 200
    await client.get("/login")
    page = await get_page(client, f"/inbox/{world.minfin_assignment}")
    assert "Aprobación de la institución" in page.response.text
    done = await client.post(
        f"/inbox/{world.minfin_assignment}/approval",
        data={"decision": "approve", "_csrf_token": token(client)},
    )
    assert done.status_code == 303
    assert (await Response.select(Response.state).first())["state"] == "submitted"


async def test_the_approval_api(client, cast, world: World):
    await _require_signoff(cast)
    await _authority(cast)
    drafted = await save_response(
        cast["minfin"],
        world.minfin_assignment,
        ResponseIn(period=world.period, actions_taken="Hecho", submit=True),
    )
    from commitments.services.users import create_token

    boss = await create_token(SYSTEM, "jefa.minfin@test.gt")
    drafter = await create_token(SYSTEM, "minfin@test.gt")
    url = f"/api/v1/responses/{drafted.id}/approval"
    refused = await client.post(
        url, json={"decision": "approve"}, headers={"Authorization": f"Bearer {drafter}"}
    )
    assert refused.status_code == 403
    ok = await client.post(url, json={"decision": "approve"}, headers={"Authorization": f"Bearer {boss}"})
    assert ok.status_code == 200 and ok.json()["state"] == "submitted"
    twice = await client.post(url, json={"decision": "approve"}, headers={"Authorization": f"Bearer {boss}"})
    assert twice.status_code == 409

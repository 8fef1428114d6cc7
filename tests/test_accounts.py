"""Accounts through the HTTP surface: password reset by mail, changing one's own password,
sessions that end with the old password, and an admin's edits."""

from __future__ import annotations

import datetime as dt
import re

import httpx

from commitments import clock
from commitments.tables import AuditEvent, Mail, User
from server.app import create_app
from tests.cast import CAST, PASSWORD
from tests.web import csrf, login

NEW = "a brand new passphrase"


async def _reset_link(email: str) -> str:
    row = (
        await Mail.select(Mail.body_text)
        .where(Mail.to_email == email, Mail.kind == "password_reset")
        .order_by(Mail.id, ascending=False)
        .first()
    )
    assert row, f"no reset mail for {email}"
    return re.search(r"http://localhost:8000/reset\?token=\S+", row["body_text"]).group(0)


def _token(link: str) -> str:
    return link.split("token=", 1)[1]


async def test_reset_answers_the_same_for_known_and_unknown_addresses(client):
    known = await client.post("/api/v1/auth/password-reset", json={"email": CAST["minfin"][0]})
    unknown = await client.post("/api/v1/auth/password-reset", json={"email": "nadie@test.gt"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert await Mail.count().where(Mail.to_email == "nadie@test.gt") == 0
    assert await Mail.count().where(Mail.to_email == CAST["minfin"][0], Mail.kind == "password_reset") == 1


async def test_reset_end_to_end_through_the_mail_and_the_token_works_once(client):
    email = CAST["minfin"][0]
    await login(client, "minfin")
    other = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(manage_pool=False)), base_url="http://testserver"
    )
    async with other:
        assert (await client.post("/api/v1/auth/password-reset", json={"email": email})).status_code == 202
        link = await _reset_link(email)
        page = await other.get(link.replace("http://localhost:8000", ""))
        assert page.status_code == 200 and 'name="token"' in page.text
        done = await other.post(
            "/api/v1/auth/password-reset/confirm", json={"token": _token(link), "password": NEW}
        )
        assert done.status_code == 200, done.text
        # The session opened with the old password has ended.
        assert (await client.get("/api/v1/auth/me")).status_code == 401
        again = await other.post(
            "/api/v1/auth/password-reset/confirm",
            json={"token": _token(link), "password": "yet another passphrase"},
        )
        assert again.status_code == 422 and "no es válido" in again.json()["detail"]
        old = await other.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert old.status_code == 401
        new = await other.post("/api/v1/auth/login", json={"email": email, "password": NEW})
        assert new.status_code == 200
    event = (
        await AuditEvent.select()
        .where(AuditEvent.action == "user.password_reset")
        .order_by(AuditEvent.seq, ascending=False)
        .first()
    )
    assert event["actor"] == email


async def test_an_expired_or_altered_token_is_refused(client):
    email = CAST["sat"][0]
    start = clock.now()
    with clock.pinned(start):
        await client.post("/api/v1/auth/password-reset", json={"email": email})
    token = _token(await _reset_link(email))
    user_id, expires, sig = token.split(".")
    forged = f"{user_id}.{int(expires) + 3600}.{sig}"
    refused = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": forged, "password": NEW}
    )
    assert refused.status_code == 422
    with clock.pinned(start + dt.timedelta(minutes=61)):
        late = await client.post(
            "/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW}
        )
    assert late.status_code == 422
    weak = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": "short"}
    )
    assert weak.status_code == 422 and "8" in weak.json()["detail"]
    ok = await client.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW})
    assert ok.status_code == 200


async def test_reset_requests_are_throttled_per_address(client):
    statuses = [
        (await client.post("/api/v1/auth/password-reset", json={"email": CAST["reviewer"][0]})).status_code
        for _ in range(5)
    ]
    assert statuses == [202, 202, 202, 429, 429]
    # Requests within the same second get the same link: one message, not three.
    assert 1 <= await Mail.count().where(Mail.to_email == CAST["reviewer"][0]) <= 3


async def test_reset_refuses_form_posts_from_other_sites(client):
    form = await client.post("/api/v1/auth/password-reset", data={"email": CAST["minfin"][0]})
    assert form.status_code in (400, 415)
    foreign = await client.post(
        "/api/v1/auth/password-reset",
        json={"email": CAST["minfin"][0]},
        headers={"Origin": "https://evil.example"},
    )
    assert foreign.status_code == 403


async def test_changing_ones_password_keeps_this_session_and_ends_the_others(client):
    other = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(manage_pool=False)), base_url="http://testserver"
    )
    async with other:
        await login(other, "analyst")
        await login(client, "analyst")
        wrong = await client.post(
            "/api/v1/auth/password",
            json={"current_password": "nope nope", "new_password": NEW},
            headers=csrf(client),
        )
        assert wrong.status_code == 422
        changed = await client.post(
            "/api/v1/auth/password",
            json={"current_password": PASSWORD, "new_password": NEW},
            headers=csrf(client),
        )
        assert changed.status_code == 200, changed.text
        assert (await client.get("/api/v1/auth/me")).status_code == 200
        assert (await other.get("/api/v1/auth/me")).status_code == 401


async def test_an_admin_edits_role_agency_and_language_and_cannot_demote_themselves(client):
    await login(client, "admin")
    sat = await User.select(User.id).where(User.email == CAST["sat"][0]).first()
    moved = await client.patch(
        f"/api/v1/users/{sat['id']}", json={"agency": "MINFIN", "locale": "en"}, headers=csrf(client)
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["agency"], moved.json()["locale"], moved.json()["role"]) == (
        "MINFIN",
        "en",
        "focal_point",
    )
    analyst = await client.patch(f"/api/v1/users/{sat['id']}", json={"role": "analyst"}, headers=csrf(client))
    assert (analyst.json()["role"], analyst.json()["agency"]) == ("analyst", None)
    no_agency = await client.patch(
        f"/api/v1/users/{sat['id']}", json={"role": "focal_point"}, headers=csrf(client)
    )
    assert no_agency.status_code == 422
    admin = await User.select(User.id).where(User.email == CAST["admin"][0]).first()
    self_demote = await client.patch(
        f"/api/v1/users/{admin['id']}", json={"role": "analyst"}, headers=csrf(client)
    )
    assert self_demote.status_code == 403
    event = (
        await AuditEvent.select()
        .where(AuditEvent.action == "user.update")
        .order_by(AuditEvent.seq, ascending=False)
        .first()
    )
    assert '"role":"analyst"' in event["after"].replace(" ", "")


async def test_an_admin_reset_ends_the_users_sessions_and_mails_a_link(client):
    other = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(manage_pool=False)), base_url="http://testserver"
    )
    async with other:
        await login(other, "minfin")
        await login(client, "admin")
        minfin = await User.select(User.id).where(User.email == CAST["minfin"][0]).first()
        done = await client.post(f"/api/v1/users/{minfin['id']}/password-reset", headers=csrf(client))
        assert done.status_code == 202
        assert (await other.get("/api/v1/auth/me")).status_code == 401
        link = await _reset_link(CAST["minfin"][0])
        assert (
            "administradora"
            in (await Mail.select(Mail.body_text).where(Mail.kind == "password_reset").first())["body_text"]
        )
        assert (
            await other.post(
                "/api/v1/auth/password-reset/confirm", json={"token": _token(link), "password": NEW}
            )
        ).status_code == 200


async def test_a_focal_point_cannot_edit_users(client):
    await login(client, "minfin")
    sat = await User.select(User.id).where(User.email == CAST["sat"][0]).first()
    assert (
        await client.patch(f"/api/v1/users/{sat['id']}", json={"active": False}, headers=csrf(client))
    ).status_code == 403
    assert (
        await client.post(f"/api/v1/users/{sat['id']}/password-reset", headers=csrf(client))
    ).status_code == 403


async def test_users_see_the_messages_sent_to_them_without_reset_links(client):
    await client.post("/api/v1/auth/password-reset", json={"email": CAST["minfin"][0]})
    await login(client, "minfin")
    mails = (await client.get("/api/v1/auth/mail")).json()
    assert [m["kind"] for m in mails] == ["password_reset"] and mails[0]["link"] == ""
    page = await client.get("/account")
    assert page.status_code == 200 and "Restablecer su contraseña" in page.text and "token=" not in page.text


async def test_reset_through_a_real_mailbox_in_the_users_language(client):
    from commitments.mail import sender
    from commitments.settings import Settings
    from tests.mailtrap import body_of, smtp_trap

    await User.update({User.locale: "en"}).where(User.email == CAST["sat"][0])
    assert (
        await client.post("/api/v1/auth/password-reset", json={"email": CAST["sat"][0]})
    ).status_code == 202
    with smtp_trap() as trap:
        assert (await sender.deliver(settings=Settings(smtp_url=trap.url))).sent == 1
        [message] = trap.to(CAST["sat"][0])
    assert message["Subject"] == "Reset your password"
    text = body_of(message)
    link = re.search(r"http://localhost:8000/reset\?token=\S+", text).group(0)
    assert link in body_of(message, "html")
    page = await client.get(link.removeprefix("http://localhost:8000"))
    assert page.status_code == 200
    done = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": _token(link), "password": NEW}
    )
    assert done.status_code == 200
    assert (
        await client.post("/api/v1/auth/login", json={"email": CAST["sat"][0], "password": NEW})
    ).status_code == 200

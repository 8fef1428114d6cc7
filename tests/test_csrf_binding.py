"""The CSRF token is bound to the session, and behind https the session and CSRF cookies carry
the `__Host-` prefix: a token planted in a victim's browser (cookie tossing from a sibling
subdomain, or before sign-in) is worth nothing."""

from __future__ import annotations

import httpx

from server.app import create_app
from tests.cast import CAST, PASSWORD
from tests.web import csrf, login

PERIOD = {
    "code": "2044-S1",
    "starts_on": "2044-01-01",
    "ends_on": "2044-06-30",
    "response_deadline": "2044-07-01",
}


async def _attacker_token(client: httpx.AsyncClient) -> str:
    """A token the server itself signed, as an attacker gets one: from its own visit."""
    transport = httpx.ASGITransport(app=client._transport.app)  # type: ignore[attr-defined]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as attacker:
        await attacker.get("/login")
        token = attacker.cookies.get("csrftoken")
    assert token
    return token


async def test_a_planted_csrf_cookie_does_not_pass_for_a_signed_in_session(client, cast):
    await login(client, "analyst")
    planted = await _attacker_token(client)
    session = client.cookies.get("session")
    client.cookies.clear()
    client.cookies.set("session", session)
    client.cookies.set("csrftoken", planted)  # the attacker's cookie, and its own value in the header
    forged = await client.post("/api/v1/periods", headers={"X-CSRFToken": planted}, json=PERIOD)
    assert forged.status_code == 403


async def test_the_sessions_own_token_works_and_is_handed_back_over_a_planted_cookie(client, cast):
    await login(client, "analyst")
    own = client.cookies.get("csrftoken")
    session = client.cookies.get("session")
    planted = await _attacker_token(client)
    client.cookies.clear()
    client.cookies.set("session", session)
    client.cookies.set("csrftoken", planted)
    page = await client.get("/api/v1/auth/me")
    assert f"csrftoken={own}" in page.headers.get("set-cookie", "")  # the browser gets its token back
    client.cookies.set("csrftoken", own)
    made = await client.post("/api/v1/periods", headers={"X-CSRFToken": own}, json=PERIOD)
    assert made.status_code == 201, made.text


async def test_sign_in_replaces_a_token_planted_before_it(client, cast):
    await client.get("/login")
    before = client.cookies.get("csrftoken")
    assert before
    response = await client.post(
        "/api/v1/auth/login", json={"email": CAST["analyst"][0], "password": PASSWORD}
    )
    assert response.status_code == 200
    after = client.cookies.get("csrftoken")
    assert after and after != before
    stale = await client.post("/api/v1/periods", headers={"X-CSRFToken": before}, json=PERIOD)
    assert stale.status_code == 403
    fresh = await client.post("/api/v1/periods", headers=csrf(client), json=PERIOD)
    assert fresh.status_code == 201, fresh.text


async def test_behind_https_the_session_and_csrf_cookies_are_host_prefixed(db):
    transport = httpx.ASGITransport(app=create_app(manage_pool=False, render_inline=True))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as http:
        response = await http.post(
            "/api/v1/auth/login", json={"email": CAST["analyst"][0], "password": PASSWORD}
        )
        assert response.status_code == 200
        cookies = response.headers.get_list("set-cookie")
        names = {cookie.partition("=")[0] for cookie in cookies}
        assert {"__Host-session", "__Host-csrftoken"} <= names, cookies
        for cookie in cookies:
            assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie, cookie
        assert (await http.get("/api/v1/auth/me")).status_code == 200  # the prefixed cookie signs in
        token = http.cookies.get("__Host-csrftoken")
        made = await http.post("/api/v1/periods", headers={"X-CSRFToken": token}, json=PERIOD)
        assert made.status_code == 201, made.text
        # The same session id under its plain name (as a sibling subdomain could plant it) is
        # ignored over https.
        session = http.cookies.get("__Host-session")
        http.cookies.clear()
        http.cookies.set("session", session)
        assert (await http.get("/api/v1/auth/me")).status_code == 401

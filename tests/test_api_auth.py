"""Signing in: sessions, rotation, uniform failures, throttling, tokens and CSRF."""

import httpx
import pytest

from commitments.actor import SYSTEM
from commitments.services.users import create_token, create_user
from server.app import create_app
from tests.cast import PASSWORD
from tests.web import csrf, login


async def test_login_sets_an_httponly_lax_session_and_me_answers(client):
    response = await login(client, "minfin")
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    me = await client.get("/api/v1/auth/me")
    assert me.json() == {"email": "minfin@test.gt", "role": "focal_point", "agency": "MINFIN"}


async def test_session_id_changes_at_login(client):
    planted = "a" * 64
    response = await client.post(
        "/api/v1/auth/login",
        headers={"Cookie": f"session={planted}"},
        json={"email": "analista@test.gt", "password": PASSWORD},
    )
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("session="))
    new_id = cookie.split(";")[0].split("=", 1)[1]
    assert response.status_code == 200 and new_id not in (planted, "null") and len(new_id) == 64


async def test_wrong_password_and_unknown_user_get_the_same_401(client):
    wrong = await client.post(
        "/api/v1/auth/login", json={"email": "analista@test.gt", "password": "nope nope"}
    )
    unknown = await client.post(
        "/api/v1/auth/login", json={"email": "ghost@test.gt", "password": "nope nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_anonymous_api_calls_get_401(client):
    response = await client.get("/api/v1/recommendations")
    assert response.status_code == 401
    assert response.json()["status_code"] == 401


async def test_logout_ends_the_session(client):
    await login(client, "analyst")
    assert (await client.post("/api/v1/auth/logout", headers=csrf(client))).status_code == 200
    assert (await client.get("/api/v1/auth/me")).status_code == 401


async def test_state_change_without_csrf_token_is_refused(client):
    await login(client, "analyst")
    body = {
        "code": "2031-S1",
        "starts_on": "2031-01-01",
        "ends_on": "2031-06-30",
        "response_deadline": "2031-07-15",
    }
    refused = await client.post("/api/v1/periods", json=body)
    assert refused.status_code == 403
    accepted = await client.post("/api/v1/periods", json=body, headers=csrf(client))
    assert accepted.status_code == 201, accepted.text


async def test_bearer_token_works_without_csrf_and_bad_token_is_401(client, cast):
    token = await create_token(SYSTEM, "analista@test.gt")
    client.cookies.clear()
    body = {
        "code": "2032-S1",
        "starts_on": "2032-01-01",
        "ends_on": "2032-06-30",
        "response_deadline": "2032-07-15",
    }
    ok = await client.post("/api/v1/periods", json=body, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 201, ok.text
    bad = await client.get("/api/v1/auth/me", headers={"Authorization": "Bearer cmt_nope"})
    assert bad.status_code == 401


async def test_repeated_failures_are_throttled_with_retry_after(db):
    await create_user(SYSTEM, "throttled@test.gt", PASSWORD, "reviewer")
    transport = httpx.ASGITransport(app=create_app(manage_pool=False), client=("10.9.9.9", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        statuses = []
        for _ in range(7):
            r = await http.post(
                "/api/v1/auth/login", json={"email": "throttled@test.gt", "password": "wrong wrong"}
            )
            statuses.append(r.status_code)
        assert statuses[:5] == [401] * 5 and statuses[-1] == 429
        assert int(r.headers["retry-after"]) > 0
        # even the right password waits until the window passes
        r = await http.post("/api/v1/auth/login", json={"email": "throttled@test.gt", "password": PASSWORD})
        assert r.status_code == 429


@pytest.mark.parametrize("path", ["/api/v1/auth/me", "/health"])
async def test_security_headers_are_sent(client, path):
    response = await client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def _login(http, email: str, password: str = "wrong wrong", **kwargs):
    return await http.post("/api/v1/auth/login", json={"email": email, "password": password}, **kwargs)


def _app_from(address: str):
    return httpx.ASGITransport(app=create_app(manage_pool=False), client=(address, 5000))


async def test_address_variants_share_one_count(db):
    await create_user(SYSTEM, "variants@test.gt", PASSWORD, "reviewer")
    async with httpx.AsyncClient(transport=_app_from("10.9.9.10"), base_url="http://testserver") as http:
        for email in (
            "VARIANTS@test.gt",
            "variants@ｔｅｓｔ.gt",
            "variants@test。gt",
            " variants@test.gt",
            "variants@TEST.GT",
        ):
            assert (await _login(http, email)).status_code == 401, email
        assert (await _login(http, "variants@ｔｅｓｔ.gt", PASSWORD)).status_code == 429


async def test_an_attackers_burst_does_not_lock_the_owner_out(db):
    await create_user(SYSTEM, "owner@test.gt", PASSWORD, "reviewer")
    async with httpx.AsyncClient(
        transport=_app_from("203.0.113.66"), base_url="http://testserver"
    ) as attacker:
        statuses = [(await _login(attacker, "owner@test.gt")).status_code for _ in range(12)]
        assert statuses.count(401) == 5 and statuses[-1] == 429
    async with httpx.AsyncClient(transport=_app_from("10.1.2.3"), base_url="http://testserver") as owner:
        assert (await _login(owner, "owner@test.gt", PASSWORD)).status_code == 200


async def test_login_takes_json_from_this_site_only(client):
    body = '{"email": "analista@test.gt", "password": "correct horse battery"}'
    plain = await client.post("/api/v1/auth/login", content=body, headers={"Content-Type": "text/plain"})
    assert plain.status_code == 415
    foreign = await client.post(
        "/api/v1/auth/login",
        content=body,
        headers={"Content-Type": "application/json", "Origin": "https://evil.example"},
    )
    assert foreign.status_code == 403
    own = await client.post(
        "/api/v1/auth/login",
        content=body,
        headers={"Content-Type": "application/json", "Origin": "http://testserver"},
    )
    assert own.status_code == 200


async def test_https_answers_carry_hsts(db):
    transport = httpx.ASGITransport(app=create_app(manage_pool=False))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as http:
        assert "max-age" in (await http.get("/health")).headers["strict-transport-security"]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        assert "strict-transport-security" not in (await http.get("/health")).headers

"""Browser sessions: idle and absolute timeouts, and a Redis store shared by several workers."""

import datetime as dt
import socket
from pathlib import Path

import httpx
import pytest

from commitments import clock
from commitments.actor import SYSTEM
from commitments.services.users import create_token
from server.app import create_app
from tests.web import login


async def test_session_expires_after_thirty_idle_minutes_and_renews_on_use(client):
    await login(client, "analyst")
    session_id = client.cookies.get("session")
    store = client._transport.app.stores.get("sessions")
    first = await store.expires_in(session_id)
    assert first is not None and 1700 < first <= 1800
    await client.get("/api/v1/auth/me")
    assert await store.expires_in(session_id) >= first - 1


async def test_session_ends_twelve_hours_after_login_even_if_active(client, monkeypatch):
    await login(client, "analyst")
    assert (await client.get("/api/v1/auth/me")).status_code == 200
    with clock.pinned(clock.now() + dt.timedelta(hours=12, seconds=5)):
        assert (await client.get("/api/v1/auth/me")).status_code == 401


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379: shared-session test skipped")
async def test_two_workers_share_sessions_through_redis(db, settings, monkeypatch):
    monkeypatch.setattr(settings, "redis_url", "redis://127.0.0.1:6379/0")
    apps = [create_app(manage_pool=False, render_inline=True) for _ in range(2)]
    clients = [
        httpx.AsyncClient(transport=httpx.ASGITransport(app=a), base_url="http://testserver") for a in apps
    ]
    try:
        await login(clients[0], "analyst")
        clients[1].cookies.set("session", clients[0].cookies.get("session"))
        me = await clients[1].get("/api/v1/auth/me")
        assert me.status_code == 200 and me.json()["email"] == "analista@test.gt"
    finally:
        for c in clients:
            await c.aclose()
        for a in apps:
            await a.stores.get("sessions")._redis.aclose()


async def test_cookies_are_secure_behind_https(db):
    from tests.cast import CAST, PASSWORD

    transport = httpx.ASGITransport(app=create_app(manage_pool=False, render_inline=True))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as http:
        response = await http.post(
            "/api/v1/auth/login", json={"email": CAST["analyst"][0], "password": PASSWORD}
        )
        assert response.status_code == 200
        cookies = response.headers.get_list("set-cookie")
        assert cookies and all("Secure" in cookie for cookie in cookies)
    transport = httpx.ASGITransport(app=create_app(manage_pool=False, render_inline=True))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.post(
            "/api/v1/auth/login", json={"email": CAST["analyst"][0], "password": PASSWORD}
        )
        assert all("Secure" not in cookie for cookie in response.headers.get_list("set-cookie"))


def _session_files(settings) -> int:
    folder = Path(settings.data_dir) / "sessions"
    return sum(1 for p in folder.iterdir() if not p.name.startswith("login")) if folder.exists() else 0


async def test_requests_that_never_sign_in_create_no_session(client, settings):
    token = await create_token(SYSTEM, "analista@test.gt")
    before = _session_files(settings)
    for _ in range(100):
        for url, headers in (
            ("/health", {}),
            ("/public", {}),
            ("/api/v1/open-data/recommendations.json", {}),
            ("/api/v1/recommendations?page_size=1", {"Authorization": f"Bearer {token}"}),
        ):
            response = await client.get(url, headers=headers)
            assert response.status_code == 200, url
            assert "session=" not in response.headers.get("set-cookie", "")
    assert _session_files(settings) == before


async def test_a_script_that_keeps_cookies_is_still_exempt_from_csrf(client):
    token = await create_token(SYSTEM, "analista@test.gt")
    bearer = {"Authorization": f"Bearer {token}"}
    period = {
        "code": "2039-S1",
        "starts_on": "2039-01-01",
        "ends_on": "2039-06-30",
        "response_deadline": "2039-07-15",
    }
    assert (await client.get("/api/v1/periods", headers=bearer)).status_code == 200
    first = await client.post("/api/v1/periods", headers=bearer, json=period)
    second = await client.post("/api/v1/periods", headers=bearer, json={**period, "code": "2039-S2"})
    assert first.status_code == 201 and second.status_code == 201, second.text


async def test_an_unreachable_session_store_leaves_public_and_bearer_requests_working(
    db, settings, monkeypatch
):
    from tests.clirun import free_port

    monkeypatch.setattr(settings, "redis_url", f"redis://127.0.0.1:{free_port()}/0")
    token = await create_token(SYSTEM, "analista@test.gt")
    transport = httpx.ASGITransport(app=create_app(manage_pool=False, render_inline=True))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        health = await http.get("/health")
        assert health.status_code == 503 and health.json()["sessions"] == "unreachable"
        assert (await http.get("/public")).status_code == 200
        http.cookies.set("session", "a-browser-session-id")
        assert (await http.get("/public")).status_code == 200
        api = await http.get(
            "/api/v1/recommendations?page_size=1", headers={"Authorization": f"Bearer {token}"}
        )
        assert api.status_code == 200

"""Browser sessions: idle and absolute timeouts, and a Redis store shared by several workers."""

import socket
import time

import httpx
import pytest

from server import auth
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
    later = time.time() + 12 * 3600 + 5
    monkeypatch.setattr(auth.time, "time", lambda: later)
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

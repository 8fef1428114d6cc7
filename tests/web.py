"""Driving the HTTP surface in tests: log in as a cast member, send CSRF like a browser."""

from __future__ import annotations

import httpx

from tests.cast import CAST, PASSWORD


async def login(client: httpx.AsyncClient, who: str) -> httpx.Response:
    """Log in with the cast member's email and password; returns the response."""
    client.cookies.clear()
    response = await client.post("/api/v1/auth/login", json={"email": CAST[who][0], "password": PASSWORD})
    assert response.status_code == 200, response.text
    await client.get("/api/v1/auth/me")  # a safe request hands out the csrftoken cookie
    return response


def csrf(client: httpx.AsyncClient) -> dict[str, str]:
    """The header a browser's script would send with a state-changing request."""
    return {"X-CSRFToken": client.cookies.get("csrftoken", "")}

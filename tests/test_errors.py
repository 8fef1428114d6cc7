"""An unexpected error is logged once with its traceback and the request's id, and answers 500
(or 503 when the database or the disk is the cause) without internals; every answer carries
its request id, and every request leaves one log line."""

from __future__ import annotations

import errno
import logging

import pytest

from commitments.queries import reference
from tests.web import login


async def _boom(*args, **kwargs):
    raise RuntimeError("secret internals 7731")


async def test_an_unexpected_error_is_logged_with_its_traceback_and_request_id(client, caplog, monkeypatch):
    await login(client, "analyst")
    monkeypatch.setattr(reference, "list_agencies", _boom)
    with caplog.at_level(logging.INFO):
        response = await client.get(
            "/api/v1/agencies?lang=en", headers={"X-Request-Id": "probe-request-0042"}
        )
    assert response.status_code == 500 and response.headers["x-request-id"] == "probe-request-0042"
    body = response.json()
    assert body["extra"]["request_id"] == "probe-request-0042" and "7731" not in response.text
    assert "probe-request-0042" in body["detail"]
    errors = [
        r for r in caplog.records if r.levelno >= logging.ERROR and "probe-request-0042" in r.getMessage()
    ]
    assert len(errors) == 1 and errors[0].exc_info and "7731" in str(errors[0].exc_info[1])
    lines = [r.getMessage() for r in caplog.records if r.name == "commitments.access"]
    assert any("status=500" in line and "id=probe-request-0042" in line for line in lines)


@pytest.mark.parametrize(
    ("error", "cause"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "disk full"),
        (ConnectionRefusedError(111, "Connection refused"), "database"),
    ],
)
async def test_disk_full_and_database_down_answer_503(client, monkeypatch, error, cause):
    await login(client, "analyst")

    async def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(reference, "list_agencies", failing)
    response = await client.get("/api/v1/agencies?lang=en")
    assert response.status_code == 503 and response.headers["retry-after"] == "60"
    assert cause in response.json()["detail"]


async def test_a_page_error_is_a_page_in_the_visitors_language(client, monkeypatch):
    from server.pages import public

    async def failing(*args, **kwargs):
        raise RuntimeError("internal 7732")

    monkeypatch.setattr(public, "public_progress", failing)
    response = await client.get("/public?lang=es")
    assert response.status_code == 500 and "text/html" in response.headers["content-type"]
    assert "Algo falló de nuestro lado" in response.text and "7732" not in response.text


async def test_a_bad_request_id_is_replaced(client):
    response = await client.get("/health", headers={"X-Request-Id": "<script>"})
    assert response.headers["x-request-id"] != "<script>" and len(response.headers["x-request-id"]) == 32

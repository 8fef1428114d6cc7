"""`Idempotency-Key` on the API's writes: a client that lost an answer sends the same request
again with the same key and gets the first answer back instead of a second upload, response or
report.

The key is remembered per caller (a hash of the bearer token or session cookie), with the
request's fingerprint (method, path, body). Taking a key is one INSERT against a unique index,
so two concurrent requests with one key cannot both run: the second is told the first is in
progress (409). A request that fails with a server error forgets its key, so it may be retried;
any other answer is kept for a day and replayed, marked `Idempotent-Replayed: true`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
from typing import Any

from litestar.types import (
    ASGIApp,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    Message,
    Receive,
    ReceiveMessage,
    Scope,
    Send,
)

from commitments import clock
from commitments.errors import Conflict, DomainError, InvalidInput
from commitments.i18n import _
from commitments.tables import IdempotentRequest
from server.sessions import SESSION_COOKIE, request_cookie

log = logging.getLogger(__name__)
HEADER = b"idempotency-key"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
MAX_KEY = 200
KEEP = dt.timedelta(days=1)
# Bodies up to this size are fingerprinted (uploads' own limit is 25 MB by default).
MAX_BODY = 64 * 1024 * 1024
REUSED = _("esta Idempotency-Key ya se usó con otra solicitud")
IN_PROGRESS = _("una solicitud con esta Idempotency-Key está en curso; vuelva a intentarlo en unos segundos")
BAD_KEY = _("la Idempotency-Key debe tener de 1 a 200 caracteres visibles")


def _owner(scope: Scope, headers: dict[bytes, bytes]) -> str | None:
    """Who is asking, without knowing who they are: their credential's hash."""
    authorization = headers.get(b"authorization", b"")
    if authorization:
        return hashlib.sha256(authorization).hexdigest()
    session = request_cookie(scope, SESSION_COOKIE)
    return hashlib.sha256(f"session:{session}".encode()).hexdigest() if session else None


class IdempotencyMiddleware:
    """Replays a write's first answer when the same caller repeats its Idempotency-Key."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        key = headers.get(HEADER)
        if not key or scope.get("method") not in WRITES or not scope.get("path", "").startswith("/api/"):
            await self.app(scope, receive, send)
            return
        owner = _owner(scope, headers)
        text = key.decode("latin-1").strip()
        if not 0 < len(text) <= MAX_KEY or not text.isprintable():
            raise DomainError(BAD_KEY)  # 400, in the caller's language, by server.errors
        if owner is None:  # an anonymous write has nobody to remember it for
            await self.app(scope, receive, send)
            return
        body, more = await _read(receive)
        fingerprint = hashlib.sha256(
            str(scope.get("method", "")).encode()
            + b" "
            + scope.get("raw_path", b"")
            + b"?"
            + scope.get("query_string", b"")
            + b"\n"
            + _without_boundary(headers.get(b"content-type", b""), body)
        ).hexdigest()
        identity = hashlib.sha256(f"{owner}|{text}".encode()).hexdigest()
        stored = await _take(identity, fingerprint)
        if stored is not None:
            await _replay(send, stored)
            return
        await self._run(scope, _replaying(body, more, receive), send, identity)

    async def _run(self, scope: Scope, receive: Receive, send: Send, identity: str) -> None:
        captured: dict[str, Any] = {"status": 500, "headers": [], "body": b""}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            await _settle(identity, captured)


async def _read(receive: Receive) -> tuple[bytes, list[ReceiveMessage]]:
    """The whole body (up to MAX_BODY); messages beyond it are passed on unread."""
    body = b""
    more: list[ReceiveMessage] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            more.append(message)
            return body, more
        body += message.get("body", b"")
        if not message.get("more_body", False) or len(body) > MAX_BODY:
            return body, more


def _without_boundary(content_type: bytes, body: bytes) -> bytes:
    """A multipart body with its boundary taken out: a client that sends the same form again
    picks a new random boundary, and that is still the same request."""
    media, _sep, params = content_type.partition(b";")
    if media.strip().lower() != b"multipart/form-data":
        return body
    for param in params.split(b";"):
        name, _eq, value = param.strip().partition(b"=")
        if name.strip().lower() == b"boundary" and value.strip(b'" '):
            return body.replace(value.strip(b'" '), b"")
    return body


def _replaying(body: bytes, more: list[ReceiveMessage], receive: Receive) -> Receive:
    sent = False

    async def replay() -> ReceiveMessage:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if more:
            return more.pop(0)
        return await receive()

    return replay


_CLAIM = (
    "INSERT INTO idempotent_request (key, fingerprint, created_at, done, status, headers, body) "
    "VALUES ({}, {}, {}, false, NULL, '', '') ON CONFLICT (key) DO NOTHING RETURNING id"
)


async def _take(identity: str, fingerprint: str) -> dict[str, Any] | None:
    """Claim the key (None: go on), or the answer stored for it; Conflict while it is in use,
    InvalidInput when it was used for another request. The claim is one INSERT … ON CONFLICT DO NOTHING on the
    unique key: of two at once, exactly one gets a row back, and the loser's transaction (if
    any surrounds it) is not aborted."""
    claimed = await IdempotentRequest.raw(_CLAIM, identity, fingerprint, clock.now())
    if claimed:
        return None
    row = await IdempotentRequest.select().where(IdempotentRequest.key == identity).first()
    if row is None:  # the other request failed and let the key go meanwhile
        raise Conflict(IN_PROGRESS)
    if row["fingerprint"] != fingerprint:
        raise InvalidInput(REUSED)
    if not row["done"]:
        raise Conflict(IN_PROGRESS)
    return row


async def _settle(identity: str, captured: dict[str, Any]) -> None:
    try:
        if captured["status"] >= 500:
            await IdempotentRequest.delete().where(IdempotentRequest.key == identity)
            return
        keep = [(k, v) for k, v in captured["headers"] if k.lower() in (b"content-type", b"location")]
        await IdempotentRequest.update(
            {
                IdempotentRequest.done: True,
                IdempotentRequest.status: captured["status"],
                IdempotentRequest.headers: json.dumps(
                    [[k.decode("latin-1"), v.decode("latin-1")] for k, v in keep]
                ),
                IdempotentRequest.body: base64.b64encode(captured["body"]).decode("ascii"),
            }
        ).where(IdempotentRequest.key == identity)
    except Exception:
        log.exception("the answer to an idempotent request was not kept")


async def _replay(send: Send, row: dict[str, Any]) -> None:
    body = base64.b64decode(row["body"])
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in json.loads(row["headers"] or "[]")]
    headers += [(b"idempotent-replayed", b"true"), (b"content-length", str(len(body)).encode())]
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": row["status"],
        "headers": headers,
    }
    await send(start)
    end: HTTPResponseBodyEvent = {"type": "http.response.body", "body": body, "more_body": False}
    await send(end)


async def forget_old() -> None:
    """Drop keys older than a day."""
    await IdempotentRequest.delete().where(IdempotentRequest.created_at < clock.now() - KEEP)

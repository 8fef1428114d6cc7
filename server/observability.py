"""One log line per request (method, path, status, duration, request id), a request id on every
answer (`X-Request-Id`), and logging set up for the service's own loggers."""

from __future__ import annotations

import logging
import re
import time
import uuid

from litestar.types import ASGIApp, Message, Receive, Scope, Send

access = logging.getLogger("commitments.access")
REQUEST_ID = "request_id"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def configure_logging() -> None:
    """Send the service's INFO and above to stderr once (uvicorn configures only its own)."""
    for name in ("commitments", "server"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            logger.propagate = True


def request_id(scope: Scope) -> str:
    """This request's id (as given by a proxy's X-Request-Id when it is safe, else a new one)."""
    return str(scope.get("state", {}).get(REQUEST_ID, ""))


class RequestLogMiddleware:
    """Give each request an id, return it in `X-Request-Id`, and log one line when it ends."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})[REQUEST_ID] = rid
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access.info(
                "request method=%s path=%s status=%s ms=%.1f id=%s",
                scope.get("method"),
                scope.get("path"),
                status,
                (time.perf_counter() - started) * 1000,
                rid,
            )

"""Refuse, before any handler runs, a path or query string holding control characters (a NUL
in a filter reached PostgreSQL as an error, and SQLite as stored text)."""

from __future__ import annotations

import json
from urllib.parse import unquote_to_bytes

from litestar.types import ASGIApp, HTTPResponseBodyEvent, HTTPResponseStartEvent, Receive, Scope, Send

from commitments.i18n import _, gettext, normalise_locale
from commitments.schemas import has_control

REFUSED = _("la dirección contiene caracteres de control")


class ControlCharacterGuard:
    """422 for a request whose path or query string decodes to a control character."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _refused(scope):
            await _answer(scope, send)
            return
        await self.app(scope, receive, send)


def _refused(scope: Scope) -> bool:
    raw = scope.get("raw_path") or scope.get("path", "").encode()
    query = scope.get("query_string", b"")
    for part in (raw, query):
        text = unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8", errors="replace")
        if has_control(text):
            return True
    return False


async def _answer(scope: Scope, send: Send) -> None:
    query = scope.get("query_string", b"").decode("latin-1")
    locale = normalise_locale("en" if "lang=en" in query else None)
    body = json.dumps({"status_code": 422, "detail": gettext(locale, REFUSED)}).encode()
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": 422,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    }
    await send(start)
    end: HTTPResponseBodyEvent = {"type": "http.response.body", "body": body, "more_body": False}
    await send(end)

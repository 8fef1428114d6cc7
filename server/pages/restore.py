"""Typed work survives an expired session: a page form posted without a session is kept (its
text fields, never passwords or files) for two hours under an unguessable key, the visitor is
sent to sign in with the key in the return address, and the form opens again with what they
typed."""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection

STATE_KEY = "restore_key"
RESTORE_SECONDS = 2 * 3600
# Forms worth keeping: an agency's answer (the long text people lose).
RESTORABLE = re.compile(r"^/inbox/\d+$")
_SKIP = ("_csrf_token", "action")
_MAX_FIELD, _MAX_TOTAL = 20_000, 200_000


def _store(connection: ASGIConnection[Any, Any, Any, Any]) -> Any:
    return connection.app.stores.get("sessions")


async def keep_posted_form(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """Called for an anonymous POST: keep a restorable form's text and note the key."""
    if connection.scope.get("method") != "POST" or not RESTORABLE.match(connection.url.path):
        return
    if not isinstance(connection, Request):
        return
    form = await connection.form()
    kept: dict[str, str] = {}
    total = 0
    for name, value in form.items():
        if not isinstance(value, str) or name in _SKIP or "password" in name:
            continue
        value = value[:_MAX_FIELD]
        total += len(value)
        if total > _MAX_TOTAL:
            break
        kept[name] = value
    if not any(v.strip() for k, v in kept.items() if k != "version"):
        return
    key = secrets.token_urlsafe(24)
    await _store(connection).set(f"restore-{key}", json.dumps(kept).encode(), expires_in=RESTORE_SECONDS)
    connection.scope.setdefault("state", {})[STATE_KEY] = key


def restore_key(request: Request[Any, Any, Any]) -> str | None:
    """The key kept for this request's form, if any (for the sign-in redirect)."""
    value = request.scope.get("state", {}).get(STATE_KEY)
    return str(value) if value else None


async def take_kept_form(request: Request[Any, Any, Any], key: str | None) -> dict[str, str] | None:
    """The form kept under `key` (once: it is forgotten as it is given back)."""
    if not key or not re.fullmatch(r"[A-Za-z0-9_\-]{20,64}", key):
        return None
    store = _store(request)
    raw = await store.get(f"restore-{key}")
    if raw is None:
        return None
    await store.delete(f"restore-{key}")
    try:
        values = json.loads(raw)
    except ValueError:
        return None
    return {str(k): str(v) for k, v in values.items()} if isinstance(values, dict) else None

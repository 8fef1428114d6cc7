"""Who is calling: a bearer token, a browser session, or nobody."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException

from commitments import clock, throttle
from commitments.actor import ANONYMOUS, Actor
from commitments.errors import InvalidInput, Unauthenticated
from commitments.i18n import _
from commitments.services.users import actor_for_token, actor_for_user, authenticate, normalise_email
from commitments.settings import get_settings
from server.sessions import CSRF_SESSION_KEY, ROTATE_FLAG, new_csrf_token


async def provide_actor(request: Request[Any, Any, State]) -> Actor:
    """The Actor of this request (cached on the request)."""
    cached = request.scope.get("state", {}).get("actor")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    actor = await _resolve(request)
    request.scope.setdefault("state", {})["actor"] = actor
    return actor


async def _resolve(request: Request[Any, Any, State]) -> Actor:
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        actor = await actor_for_token(authorization[7:].strip())
        if actor is None:
            raise Unauthenticated(_("token de API no válido o revocado"))
        return actor
    session = request.session if "session" in request.scope else {}
    user_id, login_at = session.get("uid"), session.get("login_at", 0)
    if not user_id:
        return ANONYMOUS
    # The store renews the session on every request (idle timeout); this bounds its whole life.
    if clock.timestamp() - float(login_at) > get_settings().session_max_hours * 3600:
        request.clear_session()
        return ANONYMOUS
    # Looked up on every request (one query), so a deactivation or a revoked token takes effect
    # on the next request, on every worker.
    actor = await actor_for_user(int(user_id))
    if actor is None or actor.credentials_version != session.get("cv", 1):
        # Deactivated, or the password changed (or an admin reset it) since this sign-in.
        request.clear_session()
        return ANONYMOUS
    return actor


def client_address(request: Request[Any, Any, State]) -> str:
    """The caller's address (uvicorn applies X-Forwarded-For from trusted proxies)."""
    return request.client.host if request.client else "unknown"


class TooManyAttempts(HTTPException):
    status_code = 429


async def log_in(request: Request[Any, Any, State], email: str, password: str) -> Actor:
    """Check the password (throttled: commitments.throttle), then start a fresh session with a
    new id."""
    account, client = login_account(email), client_address(request)
    wait = await throttle.admit(account, client)
    if wait is not None:
        raise TooManyAttempts(
            detail="too many login attempts; try again later", headers={"Retry-After": str(wait)}
        )
    actor = await authenticate(email, password)
    if actor is None:
        # Same answer for an unknown user and a wrong password.
        raise Unauthenticated(_("correo o contraseña incorrectos"))
    await throttle.succeeded(account, client)
    request.scope.setdefault("state", {})[ROTATE_FLAG] = True
    request.clear_session()
    # A fresh CSRF token bound to the new session (server.sessions): one planted before
    # sign-in is worth nothing after it.
    token = new_csrf_token(get_settings().secret_key or "")
    request.set_session(
        {
            "uid": actor.user_id,
            "login_at": clock.timestamp(),
            "cv": actor.credentials_version,
            CSRF_SESSION_KEY: token,
        }
    )
    request.scope["state"]["actor"] = actor
    return actor


def keep_session(request: Request[Any, Any, State], credentials_version: int) -> None:
    """After changing one's own password: this session goes on (with the new version) while
    every other one ends."""
    session = dict(request.session)
    session["cv"] = credentials_version
    request.set_session(session)


def login_account(email: str) -> str:
    """The account an attempt counts against: the normalised address (full-width letters and
    ideographic dots fold into the address they spell), or the text as typed when it is none."""
    try:
        return normalise_email(email)
    except InvalidInput:
        return email.strip().lower()[:254]


def log_out(request: Request[Any, Any, State]) -> None:
    """End the session (the store forgets it; the cookie is cleared)."""
    request.clear_session()


CurrentActor = NamedDependency[Actor]
"""Handlers declare `actor: CurrentActor` to receive the caller."""

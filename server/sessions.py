"""Server-side sessions (file store, or Redis when configured), rotated at login, and CSRF."""

from __future__ import annotations

import logging
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.middleware.csrf import CSRFMiddleware, generate_csrf_token
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.stores.base import Store
from litestar.types import Empty, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from commitments.settings import Settings

log = logging.getLogger(__name__)
SESSION_COOKIE = "session"
ROTATE_FLAG = "rotate_session"


def make_store(settings: Settings) -> Store:
    """Redis when COMMITMENTS_REDIS_URL is set (shared by workers and hosts), else files."""
    if settings.redis_url:
        from litestar.stores.redis import RedisStore

        return RedisStore.with_client(url=settings.redis_url, namespace="commitments")
    from litestar.stores.file import FileStore

    path = settings.data_dir / "sessions"
    path.mkdir(parents=True, exist_ok=True)
    return FileStore(path=path, create_directories=True)


class RotatingSessionBackend(ServerSideSessionBackend):
    """Server-side sessions for browsers that sign in, and nobody else: a request without a
    session cookie that leaves its session empty (anonymous pages, `/health`, bearer scripts)
    stores nothing and gets no cookie. The session gets a new id when a handler asks (at login),
    so a planted id is useless."""

    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        state = connection.scope.setdefault("state", {})
        if state.get(ROTATE_FLAG):
            if "rotated_session_id" not in state:
                state["rotated_session_id"] = self.generate_session_id()
            return str(state["rotated_session_id"])
        return super().get_session_id(connection)

    async def load_from_connection(self, connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any]:
        # A store that cannot be reached (Redis down) makes the caller anonymous rather than
        # failing every request that carries a cookie, public pages included.
        try:
            return await super().load_from_connection(connection)
        except Exception:
            log.warning("the session store is unreachable: treating the request as anonymous", exc_info=True)
            return {}

    async def store_in_message(
        self, scope_session: Any, message: Any, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> None:
        state = connection.scope.setdefault("state", {})
        old_id = connection.cookies.get(self.config.key)
        if scope_session is Empty or (not scope_session and not state.get(ROTATE_FLAG)):
            if old_id:  # signed out, or an expired or unknown session: forget it and its cookie
                await self._forget(old_id, message, connection)
            return
        if state.get(ROTATE_FLAG) and old_id:
            await self.delete(old_id, store=self.config.get_store_from_app(connection.scope["app"]))
        await super().store_in_message(scope_session, message, connection)

    async def _forget(
        self, session_id: str, message: Any, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> None:
        try:
            await self.delete(session_id, store=self.config.get_store_from_app(connection.scope["app"]))
        except Exception:
            log.warning("the session store is unreachable: a session was not forgotten", exc_info=True)
        # An expired cookie (Max-Age=0), not the session's usual lifetime.
        cookie = Cookie(
            key=self.config.key,
            value="",
            max_age=0,
            expires=0,
            path=self.config.path,
            httponly=self.config.httponly,
            samesite=self.config.samesite,
            secure=self.config.secure,
        )
        MutableScopeHeaders.from_message(message).add("Set-Cookie", cookie.to_header(header=""))


class RotatingSessionConfig(ServerSideSessionConfig):
    _backend_class = RotatingSessionBackend  # type: ignore[assignment]


def session_config(settings: Settings, secure: bool) -> RotatingSessionConfig:
    """HttpOnly, SameSite=Lax cookie; idle timeout renewed on every request."""
    return RotatingSessionConfig(
        key=SESSION_COOKIE,
        store="sessions",
        max_age=settings.session_idle_minutes * 60,
        renew_on_access=True,
        httponly=True,
        samesite="lax",
        secure=secure,
    )


CSRF_COOKIE = "csrftoken"
CSRF_SESSION_KEY = "csrf"


def new_csrf_token(secret: str) -> str:
    """A token the CSRF check accepts (random, signed with the site's secret)."""
    return generate_csrf_token(secret=secret)


class BearerExemptCSRFMiddleware(CSRFMiddleware):
    """CSRF for cookie sessions, bound to the session; scripts with a bearer token and no
    session cookie are exempt, since a browser never attaches that header on its own.

    Sign-in stores a fresh token in the (server-side) session and hands it out as the
    `csrftoken` cookie. From then on the session's token is the only one that counts: a cookie
    planted by a sibling site ("cookie tossing") is ignored, and the browser is given the
    session's token back on its next answer."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _bearer_without_cookie(scope):
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        sent = request_cookie(scope, CSRF_COOKIE)
        bound = _bound_token(scope)
        if bound and sent != bound:
            _replace_request_cookie(scope, CSRF_COOKIE, bound)
        await super().__call__(scope, receive, self._hand_out_bound_token(scope, sent, send))

    def _hand_out_bound_token(self, scope: Scope, sent: str | None, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                bound = _bound_token(scope)  # read after the handler: sign-in sets a new one
                if bound and bound != sent:
                    headers = MutableScopeHeaders.from_message(message)
                    cookie = Cookie(
                        key=CSRF_COOKIE,
                        value=bound,
                        path="/",
                        samesite="lax",
                        secure=scope.get("scheme") == "https",
                    )
                    headers.add("Set-Cookie", cookie.to_header(header=""))
            await send(message)

        return wrapped


def _bound_token(scope: Scope) -> str | None:
    session = scope.get("session")
    token = session.get(CSRF_SESSION_KEY) if isinstance(session, dict) else None
    return token if isinstance(token, str) and token else None


def request_cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                cookie_name, _sep, cookie_value = part.strip().partition("=")
                if cookie_name == name:
                    return cookie_value
    return None


def _replace_request_cookie(scope: Scope, name: str, value: str) -> None:
    """The request as if the browser had sent `name=value` (and no other cookie of that name)."""
    kept: list[str] = []
    for key, header in scope.get("headers", []):
        if key == b"cookie":
            kept += [
                part.strip()
                for part in header.decode("latin-1").split(";")
                if part.strip() and part.strip().partition("=")[0] != name
            ]
    kept.append(f"{name}={value}")
    others = [(k, v) for k, v in scope.get("headers", []) if k != b"cookie"]
    scope["headers"] = [*others, (b"cookie", "; ".join(kept).encode("latin-1"))]
    state = ScopeState.from_scope(scope)  # connections cache what they parsed: parse again
    state.cookies = Empty
    state.headers = Empty


def _bearer_without_cookie(scope: Scope) -> bool:
    headers = dict(scope.get("headers", []))
    authorization = headers.get(b"authorization", b"").decode("latin-1")
    cookie = headers.get(b"cookie", b"").decode("latin-1")
    return authorization.lower().startswith("bearer ") and f"{SESSION_COOKIE}=" not in cookie

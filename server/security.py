"""Response hardening: Secure cookies behind https, and standard security headers."""

from __future__ import annotations

from litestar.types import ASGIApp, Message, Receive, Scope, Send

_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"frame-ancestors 'none'; form-action 'self'",
    ),
)


HOST_PREFIXED = (b"session", b"csrftoken")


class SecureCookiesMiddleware:
    """Behind https (directly or via a proxy) every cookie is Secure, and the session and CSRF
    cookies carry the `__Host-` prefix: the browser then accepts them only from this host, over
    https, for the whole path, so a sibling subdomain cannot plant or overwrite them. Inside the
    application they keep their plain names; plain-named ones a browser sends over https are
    ignored (they could have been planted)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return
        scope["headers"] = [(k, _unprefixed(v) if k == b"cookie" else v) for k, v in scope.get("headers", [])]

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (k, _secure(v) if k.lower() == b"set-cookie" else v)
                    for k, v in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, send_secure)


def _unprefixed(header: bytes) -> bytes:
    kept = []
    for part in header.split(b";"):
        name, _sep, value = part.strip().partition(b"=")
        if name in HOST_PREFIXED:
            continue
        if name.startswith(b"__Host-") and name[7:] in HOST_PREFIXED:
            name = name[7:]
        if name:
            kept.append(name + b"=" + value)
    return b"; ".join(kept)


def _secure(cookie: bytes) -> bytes:
    name = cookie.partition(b"=")[0].strip()
    if name in HOST_PREFIXED:
        cookie = b"__Host-" + cookie.lstrip()
    return cookie if b"secure" in cookie.lower() else cookie + b"; Secure"


class SecurityHeadersMiddleware:
    """Headers every response carries (pages and API alike)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path", "").startswith("/schema"):
            await self.app(scope, receive, send)
            return

        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _HEADERS if k not in existing]
                if https:  # browsers then never try this site over plain http again
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)

"""Translate errors into answers, in one place: JSON under /api and /health, pages elsewhere."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Redirect, Template
from pydantic import ValidationError

from commitments.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthenticated,
)
from commitments.uploads import TooLarge, UnsupportedMedia

STATUS = (
    (UnsupportedMedia, 415),
    (TooLarge, 413),
    (NotFound, 404),
    (Forbidden, 403),
    (Unauthenticated, 401),
    (Conflict, 409),
    (InvalidInput, 422),
)


def status_for(exc: DomainError) -> int:
    """The HTTP status of a domain error."""
    for kind, status in STATUS:
        if isinstance(exc, kind):
            return status
    return 400


def wants_json(request: Request[Any, Any, Any]) -> bool:
    """API and machine paths answer JSON; pages answer HTML."""
    path = request.url.path
    return path.startswith(("/api/", "/health", "/schema"))


def _answer(
    request: Request[Any, Any, Any],
    status: int,
    detail: str,
    extra: Any = None,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    if wants_json(request):
        body: dict[str, Any] = {"status_code": status, "detail": detail}
        if extra is not None:
            body["extra"] = extra
        return Response(body, status_code=status, headers=headers)
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(f"/login?next={quote(target)}")
    from server.i18n import request_locale

    return Template(
        "error.html",
        context={"status": status, "detail": detail, "locale": request_locale(request)},
        status_code=status,
        headers=headers,
    )


def domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    """`{status_code, detail, extra?}` for every domain error, in the caller's language."""
    from server.i18n import request_locale

    return _answer(request, status_for(exc), exc.localized(request_locale(request)), exc.extra)


def validation_error_handler(request: Request[Any, Any, Any], exc: ValidationError) -> Response[Any]:
    """Pydantic errors raised inside handlers are bad input (400), never a 500."""
    extra = [
        {"key": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg")} for e in exc.errors()
    ]
    return _answer(request, 400, "invalid input", extra)


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    """Framework errors (404 route, 405, 413, CSRF 403, 429) in the same shapes."""
    return _answer(
        request, exc.status_code, exc.detail, getattr(exc, "extra", None) or None, headers=exc.headers
    )


def exception_handlers() -> dict[Any, Any]:
    """The handlers the app registers."""
    return {
        DomainError: domain_error_handler,
        ValidationError: validation_error_handler,
        HTTPException: http_error_handler,
    }

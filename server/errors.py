"""Translate errors into answers, in one place: JSON under /api and /health, pages elsewhere."""

from __future__ import annotations

import errno
import logging
import sqlite3
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
    TooManyRequests,
    Unauthenticated,
)
from commitments.i18n import _, gettext
from commitments.uploads import TooLarge, UnsupportedMedia

log = logging.getLogger(__name__)

STATUS = (
    (TooManyRequests, 429),
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
    localized: bool = True,
) -> Response[Any]:
    if wants_json(request):
        body: dict[str, Any] = {"status_code": status, "detail": detail}
        if extra is not None:
            body["extra"] = extra
        return Response(body, status_code=status, headers=headers)
    if status == 401:
        from server.pages.restore import restore_key

        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        key = restore_key(request)
        if key:  # an expired session's form was kept: it opens again after signing in
            target = f"{request.url.path}?restore={key}"
        return Redirect(f"/login?next={quote(target)}&expired=1" if key else f"/login?next={quote(target)}")
    from server.i18n import request_locale

    return Template(
        "error.html",
        # The framework's own details are English ("Not Found"): a page says it in its words.
        context={"status": status, "detail": detail if localized else "", "locale": request_locale(request)},
        status_code=status,
        headers=headers,
    )


def domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    """`{status_code, detail, extra?}` for every domain error, in the caller's language."""
    from server.i18n import request_locale

    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else None
    return _answer(request, status_for(exc), exc.localized(request_locale(request)), exc.extra, headers)


def validation_error_handler(request: Request[Any, Any, Any], exc: ValidationError) -> Response[Any]:
    """Pydantic errors raised inside handlers are bad input (400), never a 500."""
    extra = [
        {"key": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg")} for e in exc.errors()
    ]
    return _answer(request, 400, "invalid input", extra)


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    """Framework errors (404 route, 405, 413, CSRF 403, 429) in the same shapes."""
    return _answer(
        request,
        exc.status_code,
        exc.detail,
        getattr(exc, "extra", None) or None,
        headers=exc.headers,
        localized=False,
    )


UNAVAILABLE = _("el servicio no puede atender ahora (%(cause)s); inténtelo de nuevo en unos minutos")
UNEXPECTED = _("error inesperado; la comisión puede buscarlo en el registro con el identificador %(id)s")


def unavailable_cause(exc: BaseException) -> str | None:
    """'database' or 'disk' when the error means the service cannot work now (503), else None."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk"
    if isinstance(exc, ConnectionError | TimeoutError):  # a refused, reset or lost connection
        return "database"
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if "disk" in text or "full" in text:
            return "disk"
        if "locked" in text or "unable to open" in text:
            return "database"
    try:
        import asyncpg
    except ImportError:
        return None
    gone = (
        asyncpg.exceptions.PostgresConnectionError,
        asyncpg.exceptions.CannotConnectNowError,
        asyncpg.exceptions.TooManyConnectionsError,
        asyncpg.exceptions.InterfaceError,
    )
    if isinstance(exc, gone):
        return "database"
    if isinstance(exc, asyncpg.exceptions.DiskFullError):
        return "disk"
    return None


def unexpected_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Log every unexpected error once with its traceback and the request id; answer 503 when
    the database or the disk is the cause, else 500, never with internals in the body."""
    from server.i18n import request_locale
    from server.observability import request_id

    rid = request_id(request.scope)
    log.error("unexpected error id=%s %s %s", rid, request.method, request.url.path, exc_info=exc)
    locale = request_locale(request)
    cause = unavailable_cause(exc)
    if cause:
        words = {"database": _("base de datos"), "disk": _("disco lleno")}
        detail = gettext(locale, UNAVAILABLE, cause=gettext(locale, words[cause]))
        return _answer(request, 503, detail, {"request_id": rid}, headers={"Retry-After": "60"})
    return _answer(request, 500, gettext(locale, UNEXPECTED, id=rid), {"request_id": rid})


def exception_handlers() -> dict[Any, Any]:
    """The handlers the app registers."""
    return {
        DomainError: domain_error_handler,
        ValidationError: validation_error_handler,
        HTTPException: http_error_handler,
        Exception: unexpected_error_handler,
    }

"""Translate domain errors into HTTP answers, in one place."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response

from commitments.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthenticated,
)

STATUS = {NotFound: 404, Forbidden: 403, Unauthenticated: 401, Conflict: 409, InvalidInput: 422}


def status_for(exc: DomainError) -> int:
    """The HTTP status of a domain error."""
    for kind, status in STATUS.items():
        if isinstance(exc, kind):
            return status
    return 400


def domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    """`{status_code, detail, extra?}` for every domain error."""
    status = status_for(exc)
    body: dict[str, Any] = {"status_code": status, "detail": exc.message}
    if exc.extra is not None:
        body["extra"] = exc.extra
    return Response(body, status_code=status)


def exception_handlers() -> dict[Any, Any]:
    """The handlers the app registers."""
    return {DomainError: domain_error_handler}



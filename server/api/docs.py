"""What the OpenAPI document says every route may answer besides success: the error shape, and
the statuses the service uses (so a client, or a schema fuzzer, is never surprised)."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.openapi.datastructures import ResponseSpec
from pydantic import BaseModel


class ErrorOut(BaseModel):
    """Every error: `{status_code, detail, extra?}`, `detail` in the caller's language."""

    status_code: int
    detail: str
    extra: Any = None


_MEANING = {
    400: "Malformed input (wrong types, out-of-range ids or pages, control characters in a body)",
    401: "Not signed in",
    403: "The caller's role may not do this",
    404: "Absent, or not visible to the caller",
    405: "Method not allowed on this path",
    409: "Conflicts with stored data (stale version, wrong state, duplicate)",
    413: "Too large",
    415: "Unsupported media type",
    422: "Breaks a rule (or control characters in the address)",
    429: "Too many attempts (Retry-After)",
    500: "Unexpected error (logged with the request id)",
    503: "Database, session store or disk unavailable (Retry-After)",
}

ERRORS: dict[int, ResponseSpec] = {
    status: ResponseSpec(data_container=ErrorOut, description=text, generate_examples=False)
    for status, text in _MEANING.items()
}


def download(media_type: str, description: str) -> dict[int, ResponseSpec]:
    """A 200 answered with a file of `media_type` (plus the usual errors)."""
    return {
        **ERRORS,
        200: ResponseSpec(
            data_container=bytes, media_type=media_type, description=description, generate_examples=False
        ),
    }


def document_errors(app: Litestar) -> None:
    """Add the error answers to every API operation that does not list its own."""
    for route in app.routes:
        if not route.path.startswith(("/api/", "/health")):
            continue
        for handler in getattr(route, "route_handlers", ()):
            handler.responses = {**ERRORS, **(handler.responses or {})}

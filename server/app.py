"""The Litestar application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, get
from litestar.openapi import OpenAPIConfig
from litestar.response import Response

from commitments import __version__
from commitments.db import engine, is_postgres_engine, pending_migrations
from server.errors import exception_handlers


@get("/health", tags=["system"], summary="Database reachable and migrations applied")
async def health() -> Response[dict[str, object]]:
    """200 when the database answers and every migration is applied; 503 otherwise."""
    try:
        pending = await pending_migrations()
    except Exception as exc:  # any driver error means "not healthy", never a 500
        return Response({"status": "unavailable", "database": "unreachable",
                         "detail": type(exc).__name__}, status_code=503)
    body: dict[str, object] = {
        "status": "ok" if not pending else "unavailable",
        "database": "postgresql" if is_postgres_engine() else "sqlite",
        "pending_migrations": len(pending),
        "version": __version__,
    }
    return Response(body, status_code=200 if not pending else 503)


@asynccontextmanager
async def database_pool(app: Litestar) -> AsyncIterator[None]:
    """A bounded asyncpg pool for PostgreSQL (without one, Piccolo connects per query)."""
    db = engine()
    if is_postgres_engine(db):
        await db.start_connection_pool(min_size=1, max_size=10)  # type: ignore[attr-defined]
        try:
            yield
        finally:
            await db.close_connection_pool()  # type: ignore[attr-defined]
    else:
        yield


def create_app(manage_pool: bool = True) -> Litestar:
    """Build the web application; tests that own the pool pass manage_pool=False."""
    return Litestar(
        route_handlers=[health],
        lifespan=[database_pool] if manage_pool else [],
        exception_handlers=exception_handlers(),
        openapi_config=OpenAPIConfig(title="commitments", version=__version__, path="/schema"),
        debug=False,
    )

"""`GET /health`: whether this instance can serve (database, migrations, session store, disk)."""

from __future__ import annotations

import shutil

from litestar import Request, get
from litestar.response import Response

from commitments import __version__
from commitments.db import is_postgres_engine, pending_migrations
from commitments.jobs import queue
from commitments.settings import get_settings

# Below this much free space in the data directory uploads and reports would start failing.
MIN_FREE_BYTES = 100 * 1024 * 1024


async def _session_store(request: Request) -> str:
    try:
        await request.app.stores.get("sessions").exists("health-probe")
    except Exception:  # Redis unreachable, a file store's folder gone
        return "unreachable"
    return "ok"


def _disk() -> tuple[str, int]:
    folder = get_settings().data_dir
    try:
        free = shutil.disk_usage(folder if folder.exists() else folder.parent).free
    except OSError:
        return "unreachable", 0
    return ("ok" if free >= MIN_FREE_BYTES else "full"), free


@get(
    "/health",
    tags=["system"],
    summary="Database, migrations, session store, disk space and job queue",
    exclude_from_csrf=True,
)
async def health(request: Request) -> Response[dict[str, object]]:
    """200 when every part answers; 503 naming the one that does not. The job queue is reported
    but never makes an instance unhealthy: every instance shares it, and what waits for it is
    queued again by the workers' sweep once it answers."""
    try:
        pending = len(await pending_migrations())
        database = "postgresql" if is_postgres_engine() else "sqlite"
    except Exception as exc:  # any driver error means "not healthy", never a 500
        return Response(
            {"status": "unavailable", "database": "unreachable", "detail": type(exc).__name__},
            status_code=503,
        )
    sessions = await _session_store(request)
    disk, free = _disk()
    healthy = not pending and sessions == "ok" and disk == "ok"
    body: dict[str, object] = {
        "status": "ok" if healthy else "unavailable",
        "database": database,
        "pending_migrations": pending,
        "sessions": sessions,
        "disk": disk,
        "disk_free_mb": free // (1024 * 1024),
        "version": __version__,
        **await queue.state(),
    }
    return Response(body, status_code=200 if healthy else 503)

"""Static files with long-lived caching and compression.

Pages link each file as `/static/<name>?v=<hash of its content>` (`static_url`), so a browser
may keep it for a year (`Cache-Control: immutable`) and a new release changes the address. Text
files go out gzip-compressed to clients that accept it (compressed once per worker and kept),
with an ETag for revalidation. Pages themselves are not compressed: they carry the CSRF token
beside echoed input, which compression would expose (BREACH)."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery

from commitments.resources import resource_dir

YEAR = 365 * 24 * 3600
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass(frozen=True)
class Asset:
    content: bytes
    gzipped: bytes | None
    version: str
    media_type: str


def static_dir() -> Path:
    return (resource_dir("templates") / "static").resolve()


@lru_cache(maxsize=64)
def asset(name: str) -> Asset | None:
    """A file under the static directory (None if absent or outside it)."""
    root = static_dir()
    path = (root / name).resolve()
    if root not in path.parents or not path.is_file():
        return None
    content = path.read_bytes()
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if media_type in ("text/javascript", "application/x-javascript"):
        media_type = "application/javascript"
    compress = media_type.startswith(_COMPRESSIBLE) and len(content) > 500
    gzipped = gzip.compress(content, compresslevel=9, mtime=0) if compress else None
    return Asset(content, gzipped, hashlib.sha256(content).hexdigest()[:12], media_type)


def static_url(name: str) -> str:
    """The address of a static file, versioned by its content."""
    found = asset(name)
    return f"/static/{name}?v={found.version}" if found else f"/static/{name}"


@get("/static/{name:path}", include_in_schema=False, sync_to_thread=False)
def static_file(
    request: Request[Any, Any, Any], name: FromPath[Path], v: FromQuery[str | None] = None
) -> Response[bytes]:
    found = asset(str(name).lstrip("/"))
    if found is None:
        raise NotFoundException()
    cache = f"public, max-age={YEAR}, immutable" if v == found.version else "public, max-age=300"
    headers = {"Cache-Control": cache, "ETag": f'"{found.version}"', "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == f'"{found.version}"':
        return Response(b"", status_code=304, headers=headers)
    wants_gzip = "gzip" in request.headers.get("accept-encoding", "").lower()
    if found.gzipped is not None and wants_gzip:
        return Response(
            found.gzipped, media_type=found.media_type, headers={**headers, "Content-Encoding": "gzip"}
        )
    return Response(found.content, media_type=found.media_type, headers=headers)

"""Preview, then apply: an import checked on a dry run is kept aside, by its SHA-256, until the
analyst applies it, so the file applied is byte for byte the file previewed.

Staged files live under `<data dir>/import-staging/` and are not catalogue data: nothing reaches
the database before `apply_staged`. Files older than a day are removed on the next preview.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path, PurePath

from commitments.actor import Actor
from commitments.canonical import sha256_hex
from commitments.errors import InvalidInput, NotFound
from commitments.i18n import _
from commitments.imports.importing import import_file
from commitments.imports.issues import ImportResult
from commitments.imports.reading import EXTENSIONS
from commitments.settings import get_settings

KEEP_SECONDS = 24 * 3600
_SHA256 = re.compile(r"[0-9a-f]{64}")
_GONE = _("no hay ningún archivo pendiente con ese identificador: súbalo de nuevo")


def staging_dir() -> Path:
    """Where previewed files wait to be applied."""
    return get_settings().data_dir / "import-staging"


def _path(sha256: str) -> Path:
    # Only a hex digest names a file here: no path a form could smuggle in.
    if not _SHA256.fullmatch(sha256 or ""):
        raise NotFound(_GONE)
    return staging_dir() / sha256


def _keep(data: bytes) -> str:
    """Write the file atomically under its digest; drop stale ones."""
    folder = staging_dir()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - KEEP_SECONDS
    for old in folder.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    digest = sha256_hex(data)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".staging-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, folder / digest)
    return digest


async def preview_import(actor: Actor, filename: str, data: bytes, locale: str | None = None) -> ImportResult:
    """Check a file on a dry run (nothing written); keep it for `apply_staged` if it is clean."""
    actor.require_commission()
    result = await import_file(actor, filename, data, dry_run=True, locale=locale)
    if result.ok:
        _keep(data)
    return result


async def apply_staged(actor: Actor, sha256: str, filename: str, locale: str | None = None) -> ImportResult:
    """Import the previewed file with this digest (all or nothing), then forget it."""
    actor.require_commission()
    if PurePath(filename).suffix.lower() not in EXTENSIONS:
        raise InvalidInput(
            _("formato no admitido «%(ext)s»: use .csv, .xlsx, .yaml, .yml o .json"),
            ext=PurePath(filename).suffix or filename,
        )
    path = _path(sha256)
    if not path.is_file():
        raise NotFound(_GONE)
    data = path.read_bytes()
    if sha256_hex(data) != sha256:  # damaged on disk: never apply something else
        path.unlink(missing_ok=True)
        raise NotFound(_GONE)
    result = await import_file(actor, filename, data, dry_run=False, locale=locale)
    if result.ok:
        path.unlink(missing_ok=True)
    return result

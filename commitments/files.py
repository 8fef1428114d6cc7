"""Collecting stored files that no row names: uploads that failed after their file was stored,
superseded renderings of draft reports, files left by a crash.

A request never deletes a stored file (another request may be about to name the same bytes in a
transaction not yet committed). The sweep removes a file only when no committed row names it and
it was last stored more than `grace` ago; it first sets the file aside under another name, then
checks again, so a request storing the same content meanwhile either refreshed the file (kept)
or finds it gone and writes it anew.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from commitments import storage
from commitments.actor import SYSTEM, Actor
from commitments.db import writing
from commitments.errors import Conflict
from commitments.i18n import _
from commitments.services import audit
from commitments.tables import Evidence, Report

GRACE = dt.timedelta(hours=24)
ASIDE = ".sweep-"


class SweepResult(BaseModel):
    """What a sweep found and did."""

    examined: int
    unreferenced: int
    recent: int  # unreferenced but stored within the grace period: kept
    removed: int
    removed_bytes: int
    dry_run: bool


async def referenced() -> set[str]:
    """Digests some row names (in any country: the files folder is shared)."""
    evidence = await Evidence.select(Evidence.file_sha256).where(Evidence.file_sha256 != "").distinct()
    reports = await Report.select(Report.file_sha256).where(Report.file_sha256 != "").distinct()
    return {row["file_sha256"] for row in (*evidence, *reports)}


async def _is_named(digest: str) -> bool:
    return bool(
        await Evidence.exists().where(Evidence.file_sha256 == digest)
        or await Report.exists().where(Report.file_sha256 == digest)
    )


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return time.time()


async def sweep(grace: dt.timedelta = GRACE, dry_run: bool = False, actor: Actor = SYSTEM) -> SweepResult:
    """Remove stored files no row names and nobody stored within `grace` (file system times)."""
    if grace < dt.timedelta(0):
        raise ValueError("grace must not be negative")
    with exclusive():
        return await _sweep(grace, dry_run, actor)


@contextlib.contextmanager
def exclusive() -> Iterator[None]:
    """One sweep at a time on this data directory (several workers, a cron job, the CLI)."""
    root = storage.files_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".sweep.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Conflict(_("ya hay otra limpieza de archivos en curso")) from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


async def _sweep(grace: dt.timedelta, dry_run: bool, actor: Actor) -> SweepResult:
    cutoff = time.time() - grace.total_seconds()
    stored = storage.stored_digests()
    used = await referenced()
    unused = [(digest, path) for digest, path in stored if digest not in used]
    old = [(digest, path) for digest, path in unused if _modified(path) < cutoff]
    removed = removed_bytes = 0
    for digest, path in [] if dry_run else old:
        size = await _collect(digest, path, cutoff)
        if size is not None:
            removed, removed_bytes = removed + 1, removed_bytes + size
    if not dry_run:
        _clear_leftovers(cutoff)
    result = SweepResult(
        examined=len(stored),
        unreferenced=len(unused),
        recent=len(unused) - len(old),
        removed=len(old) if dry_run else removed,
        removed_bytes=sum(p.stat().st_size for _, p in old) if dry_run else removed_bytes,
        dry_run=dry_run,
    )
    if removed:
        async with writing():
            await audit.record(actor, "files.sweep", "files", "", after=result.model_dump())
    return result


async def _collect(digest: str, path: Path, cutoff: float) -> int | None:
    """Set the file aside, check again, then remove it (its size) or put it back (None)."""
    aside = path.with_name(ASIDE + path.name)
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        return None
    if _modified(aside) >= cutoff or await _is_named(digest):
        os.replace(aside, path)  # the same bytes, if a request wrote them again meanwhile
        return None
    size = aside.stat().st_size
    aside.unlink()
    storage.fsync_dir(path.parent)
    return size


def _clear_leftovers(cutoff: float) -> None:
    # Temporary files of writes that died, and files a sweep that died had set aside (put
    # back: the next sweep judges them again; no other sweep runs now).
    root = storage.files_root()
    if not root.exists():
        return
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.name.startswith(".upload-") and _modified(path) < cutoff:
                path.unlink(missing_ok=True)
            elif path.name.startswith(ASIDE):
                target = path.with_name(path.name.removeprefix(ASIDE))
                if target.exists():
                    path.unlink(missing_ok=True)
                else:
                    os.replace(path, target)

"""Evidence and report files, content-addressed by SHA-256 under the data directory.

A stored file is shared by every row naming its digest, and a request never deletes one: a
failed upload leaves its file behind, and `commitments.files.sweep` collects files no row names
once they are old enough that no transaction can still be about to name them. Storing content
that is already there refreshes the file's modification time, which is what the sweep reads.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from commitments.settings import get_settings


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int


def files_root() -> Path:
    """The folder holding stored files."""
    return get_settings().data_dir / "files"


def path_for(sha256: str) -> Path:
    """Where the file with this digest lives (two-level fan-out)."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a SHA-256 hex digest")
    return files_root() / sha256[:2] / sha256[2:]


def sha256_of(data: bytes) -> str:
    """The hex SHA-256 that names stored content."""
    return hashlib.sha256(data).hexdigest()


def store_bytes(data: bytes) -> StoredFile:
    """Store content once: write to a temporary file, fsync it, rename it into place and fsync
    the folder, so an acknowledged file survives a power cut. Content already stored is only
    marked as just used (its modification time), so a sweep running now keeps it."""
    digest = sha256_of(data)
    target = path_for(digest)
    try:
        os.utime(target)
    except FileNotFoundError:
        _write(target, data)
    return StoredFile(sha256=digest, size=len(data))


def _write(target: Path, data: bytes) -> None:
    created = _make_dirs(target.parent)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for folder in (target.parent, *created):
        fsync_dir(folder)


def _make_dirs(folder: Path) -> list[Path]:
    """Create `folder` and missing parents; the parents of new folders, to fsync them."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return [p.parent for p in missing]


def fsync_dir(folder: Path) -> None:
    """Make a folder's entries (a rename into it) durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def stored_digests() -> list[tuple[str, Path]]:
    """Every stored file's digest and path (temporary and set-aside files excluded)."""
    root = files_root()
    if not root.exists():
        return []
    found = []
    for folder in root.iterdir():
        if folder.is_dir() and len(folder.name) == 2:
            for path in folder.iterdir():
                if not path.name.startswith(".") and len(path.name) == 62:
                    found.append((folder.name + path.name, path))
    return found


def read_bytes(sha256: str) -> bytes:
    """The stored content for a digest."""
    return path_for(sha256).read_bytes()


def exists(sha256: str) -> bool:
    """Whether content with this digest is stored."""
    return path_for(sha256).is_file()

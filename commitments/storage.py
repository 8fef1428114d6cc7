"""Evidence and report files, content-addressed by SHA-256 under the data directory."""

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
    """Store content once: write to a temporary file, fsync, then rename into place."""
    digest = sha256_of(data)
    target = path_for(digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
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
    return StoredFile(sha256=digest, size=len(data))


def read_bytes(sha256: str) -> bytes:
    """The stored content for a digest."""
    return path_for(sha256).read_bytes()


def exists(sha256: str) -> bool:
    """Whether content with this digest is stored."""
    return path_for(sha256).is_file()

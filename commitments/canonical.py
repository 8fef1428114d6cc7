"""Canonical JSON: one byte sequence per value, so hashes can be recomputed anywhere."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return utc_iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    raise TypeError(f"not serialisable: {type(value).__name__}")


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 text, dates in ISO 8601."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)


def sha256_hex(data: str | bytes) -> str:
    """Hex SHA-256 of text (UTF-8) or bytes."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def utc_iso(value: dt.datetime) -> str:
    """A timestamp as UTC ISO 8601 with microseconds (naive values are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")

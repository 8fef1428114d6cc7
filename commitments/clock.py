"""The one clock: every reading of the date or time goes through here.

`now()` is an aware UTC instant; `today()` is the date in the configured time zone
(COMMITMENTS_TIMEZONE, default America/Guatemala), because a deadline falls on a Guatemalan
day, not a UTC one. Tests pin the clock with `pinned(...)`; a process can be started with its
clock set (COMMITMENTS_CLOCK_AT), which is how tests pin the commands and servers they start.
A pinned clock keeps ticking from the instant it was set to, so timestamps still increase.

Durations inside one process that never meet a date (cache lifetimes) may use
`time.monotonic()`; file modification times are compared with `time.time()`, the file
system's clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from zoneinfo import ZoneInfo

from commitments.settings import get_settings

# Offset added to the system clock while pinned (None: not pinned in this process).
_offset: dt.timedelta | None = None


def _system_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _configured_offset() -> dt.timedelta | None:
    at = get_settings().clock_at
    if at is None:
        return None
    return _start_offset(at)


@lru_cache(maxsize=4)
def _start_offset(at: dt.datetime) -> dt.timedelta:
    # Computed once per process: the configured instant is when this process's clock starts.
    return at - _system_now()


def now() -> dt.datetime:
    """The current instant, in UTC (aware)."""
    offset = _offset if _offset is not None else _configured_offset()
    return _system_now() + offset if offset is not None else _system_now()


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone() -> ZoneInfo:
    """The configured time zone."""
    return _zone(get_settings().timezone)


def local(value: dt.datetime) -> dt.datetime:
    """An instant in the configured time zone (a naive value is taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(zone())


def local_date(value: dt.datetime) -> dt.date:
    """The configured zone's calendar day of an instant."""
    return local(value).date()


def today() -> dt.date:
    """Today's date in the configured time zone."""
    return local_date(now())


def timestamp() -> float:
    """Seconds since the epoch, for stored durations (session age, throttling windows)."""
    return now().timestamp()


def from_timestamp(value: float) -> dt.datetime:
    """The instant `value` seconds after the epoch (aware, UTC)."""
    return dt.datetime.fromtimestamp(value, tz=dt.UTC)


@contextmanager
def pinned(at: dt.datetime) -> Iterator[None]:
    """Within the block the clock reads `at` (aware), ticking on from there."""
    global _offset
    if at.tzinfo is None:
        raise ValueError("pin the clock to an aware datetime")
    previous = _offset
    _offset = at - _system_now()
    try:
        yield
    finally:
        _offset = previous

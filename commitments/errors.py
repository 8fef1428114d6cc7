"""Domain errors: the web layer and the CLI translate these, once each."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a user can cause; `message` is safe to show."""

    def __init__(self, message: str, extra: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra


class NotFound(DomainError):
    """The object does not exist, or the actor may not know that it does."""


class Forbidden(DomainError):
    """The actor is known but may not do this."""


class Unauthenticated(DomainError):
    """No valid identity was presented."""


class Conflict(DomainError):
    """The change collides with stored data (duplicate key, stale version, wrong state)."""


class InvalidInput(DomainError):
    """The input is malformed or breaks a rule."""


def is_integrity_error(exc: BaseException) -> bool:
    """Whether a driver exception is a constraint violation (sqlite3 or asyncpg)."""
    import sqlite3

    if isinstance(exc, sqlite3.IntegrityError):
        return True
    try:
        import asyncpg
    except ImportError:  # PostgreSQL support not installed
        return False
    return isinstance(exc, asyncpg.exceptions.IntegrityConstraintViolationError)

"""Domain errors: the web layer and the CLI translate these, once each."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a user can cause; safe to show.

    `template` is a Spanish source string marked with `_()` and `%(name)s` placeholders filled
    from `params`; `message` is it filled in, `localized(locale)` the translation.
    """

    def __init__(self, message: str, extra: Any = None, **params: Any) -> None:
        self.template = message
        self.params = params
        self.message = message % params if params else message
        self.extra = extra
        super().__init__(self.message)

    def localized(self, locale: str) -> str:
        """The message in a locale (falls back to the Spanish source)."""
        from commitments.i18n import gettext

        return gettext(locale, self.template, **self.params)


class NotFound(DomainError):
    """The object does not exist, or the actor may not know that it does."""


class Forbidden(DomainError):
    """The actor is known but may not do this."""


class Unauthenticated(DomainError):
    """No valid identity was presented."""


class Conflict(DomainError):
    """The change collides with stored data (duplicate key, stale version, wrong state)."""


class TooManyRequests(Conflict):
    """Too many of these from one client for now (a throttle): try again after `retry_after`
    seconds."""

    def __init__(self, message: str, retry_after: int, **params: Any) -> None:
        super().__init__(message, **params)
        self.retry_after = retry_after


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

"""What every command of `commitments` shares: running a coroutine, speaking the configured
language, and turning user errors into one line on stderr with exit code 1."""

from __future__ import annotations

import asyncio
import functools
import os
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import click
from pydantic import ValidationError

from commitments.errors import DomainError
from commitments.i18n import gettext, normalise_locale

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run one coroutine to completion (the CLI is synchronous)."""
    return asyncio.run(coroutine)


def fail(message: str) -> None:
    """One line on stderr and exit code 1: the contract for user errors."""
    click.echo(t("error: %(message)s", message=message), err=True)
    sys.exit(1)


def _cli_locale() -> str:
    # Read directly: the command must speak even when the settings themselves are invalid.
    return normalise_locale(os.environ.get("COMMITMENTS_LOCALE"))


def t(msgid: str, /, **params: Any) -> str:
    """A CLI message (Spanish source string) in the configured language."""
    return gettext(_cli_locale(), msgid, **params)


def user_errors(func: Callable[..., T]) -> Callable[..., T]:
    """Turn domain and validation errors into `fail` (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return func(*args, **kwargs)
        except DomainError as exc:
            fail(exc.localized(_cli_locale()))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "input"
            fail(f"{where}: {first.get('msg')}")
        except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
            fail(f"{exc.strerror or exc}: {exc.filename}")
        except ValueError as exc:
            fail(str(exc))
        raise AssertionError("unreachable")

    return wrapper


def setup_database() -> None:
    """Apply pending migrations (settings errors surface here as one line)."""
    from commitments.db import migrate

    run(migrate())

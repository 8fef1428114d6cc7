"""What an import reports: row errors (translated when shown) and the result model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

from commitments.i18n import gettext


@dataclass(frozen=True)
class Issue:
    """One problem in a file: row 0 is the file itself, row 1 a CSV/XLSX header."""

    row: int
    column: str
    message: str  # a Spanish msgid with %(name)s placeholders
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, locale: str) -> RowError:
        """The error as users see it, in their language."""
        return RowError(
            row=self.row, column=self.column, message=gettext(locale, self.message, **self.params)
        )


class RowError(BaseModel):
    row: int
    column: str
    message: str


class RowChange(BaseModel):
    """What an import does (or would do, on a dry run) to one recommendation."""

    row: int
    code: str
    action: Literal["created", "updated"]
    fields: list[str] = Field(default_factory=list)


class ImportResult(BaseModel):
    """The answer of an import: counts, and every error when nothing was written."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = Field(default_factory=list)
    dry_run: bool = False
    file_sha256: str = ""
    cycles_created: list[str] = Field(default_factory=list)
    assignments_created: int = 0
    changes: list[RowChange] = Field(default_factory=list)
    # Set when the file exceeds the size limit, so the web layer can answer 413.
    too_large: bool = False
    # Set when the file is not CSV, XLSX, YAML or JSON at all (the API answers 415).
    unsupported: bool = False

    @property
    def ok(self) -> bool:
        """Whether the file was (or, on a dry run, would be) applied."""
        return not self.errors

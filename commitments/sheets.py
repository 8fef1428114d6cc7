"""Spreadsheets people open in Excel: one sheet, a bold header row, plain values.

Text is always text: a cell starting with `=`, `+`, `-` or `@` is stored as a string, never as
a formula (a recommendation titled `=HYPERLINK(...)` must not run when an analyst opens the
export), and characters XML cannot hold are dropped rather than refused."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any


def xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The workbook's bytes: `headers` then `rows`, on a sheet named `title`."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31] or "data")
    bold = Font(bold=True)

    def cell(value: Any, header: bool = False) -> WriteOnlyCell:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            made.data_type = "s"  # never a formula
        if header:
            made.font = bold
        return made

    sheet.append([cell(h, header=True) for h in headers])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""Reading an uploaded catalogue file into rows of cells: CSV, XLSX, YAML or JSON.

Nothing here knows the database; it only turns bytes into `SourceRow`s or clear `Issue`s.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import yaml

from commitments.i18n import _
from commitments.imports.columns import KNOWN, REQUIRED
from commitments.imports.issues import Issue

EXTENSIONS = (".csv", ".xlsx", ".yaml", ".yml", ".json")
# Limits checked before a file is parsed, so a small hostile file cannot take the server's time
# or memory: columns of a header, cells of a workbook's shared strings, the size a workbook
# unpacks to.
MAX_COLUMNS = 100
MAX_SHARED_STRINGS = 2_000_000
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
# csv's default field limit (128 KiB) is below what a 20 MB file may legitimately hold in one
# cell; the model's own length limits still apply afterwards.
csv.field_size_limit(32 * 1024 * 1024)


@dataclass
class SourceRow:
    """One record: its row number as users see it and the cells it has."""

    number: int
    cells: dict[str, Any]


@dataclass
class Sheet:
    """The rows of a file, or the issues that stop it from being read."""

    rows: list[SourceRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    # The bytes are not a file of a format we read (not a fixable row): the API answers 415.
    unsupported: bool = False


def _fatal(message: str, **params: Any) -> Sheet:
    return Sheet(issues=[Issue(0, "", message, params)])


def _unsupported(message: str, **params: Any) -> Sheet:
    return Sheet(issues=[Issue(0, "", message, params)], unsupported=True)


def read_file(filename: str, data: bytes, max_rows: int) -> Sheet:
    """Parse a file by its extension; issues carry the row and column they concern."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in EXTENSIONS:
        return _unsupported(
            _("formato no admitido «%(ext)s»: use .csv, .xlsx, .yaml, .yml o .json"), ext=suffix or filename
        )
    if not data.strip():
        return _fatal(_("el archivo está vacío"))
    if suffix == ".xlsx":
        bomb = _workbook_bomb(data, max_rows)
        return bomb if bomb else read_xlsx(data, max_rows)
    text, issue = decode(data)
    if issue:
        return Sheet(issues=[issue])
    if "\x00" in text:
        return _unsupported(_("no es una tabla: el archivo contiene datos binarios"))
    if suffix == ".csv":
        return read_csv(text, max_rows)
    return read_mappings(text, suffix, max_rows)


def decode(data: bytes) -> tuple[str, Issue | None]:
    """UTF-8 text (with or without BOM), or an issue naming the first bad byte and its line."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", Issue(
            0,
            "",
            _(
                "el archivo no está en UTF-8 (byte 0x%(byte)s en la línea "
                "%(line)s): guárdelo como «CSV UTF-8»"
            ),
            {"byte": f"{data[exc.start]:02x}", "line": line},
        )


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _workbook_bomb(data: bytes, max_rows: int) -> Sheet | None:
    """A workbook that would unpack to far more than any catalogue (an issue), else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                return _unsupported(
                    _("no es una tabla: la hoja de cálculo se descomprime en un tamaño desmedido")
                )
            if "xl/sharedStrings.xml" in archive.namelist():
                with archive.open("xl/sharedStrings.xml") as strings:
                    count, tail = 0, b""
                    while chunk := strings.read(1 << 20):
                        # A tag split across two reads is whole in tail + chunk; a 3-byte tail
                        # holds no whole tag, so none is counted twice.
                        text = tail + chunk
                        count += text.count(b"<si>") + text.count(b"<si ")
                        tail = text[-3:]
                        if count > MAX_SHARED_STRINGS:
                            return _unsupported(
                                _(
                                    "no es una tabla: la hoja de cálculo tiene más de %(limit)s textos distintos"
                                ),
                                limit=MAX_SHARED_STRINGS,
                            )
    except (zipfile.BadZipFile, OSError, EOFError):
        return None  # read_xlsx says what is wrong with it
    return None


def header_issues(header: list[str]) -> list[Issue]:
    """Missing, unknown and repeated columns of a CSV/XLSX header (row 1)."""
    if len(header) > MAX_COLUMNS:
        return [
            Issue(
                1,
                "",
                _("el encabezado tiene %(count)s columnas; el máximo es %(limit)s"),
                {"count": len(header), "limit": MAX_COLUMNS},
            )
        ]
    issues = []
    if len(header) == 1 and any(sep in header[0] for sep in ("\t", "|")):
        return [Issue(1, "", _("separador incorrecto: separe las columnas con coma (,) o punto y coma (;)"))]
    for name in REQUIRED:
        if name not in header:
            issues.append(Issue(1, name, _("falta la columna «%(column)s»"), {"column": name}))
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            issues.append(Issue(1, name, _("columna repetida «%(column)s»"), {"column": name}))
        elif name and name not in KNOWN:
            issues.append(Issue(1, name, _("columna desconocida «%(column)s»"), {"column": name}))
        seen.add(name)
    return issues


def _too_many_rows(max_rows: int) -> Sheet:
    return _fatal(_("el archivo tiene más de %(limit)s filas"), limit=max_rows)


def _table(header: list[str], records: Any, max_rows: int) -> Sheet:
    """Rows from a header and records (lists of cells); spreadsheet numbering, header = 1."""
    header = [str(name or "").strip().lower() for name in header]
    issues = header_issues(header)
    if any(issue.column in REQUIRED or not issue.column for issue in issues):
        return Sheet(issues=issues)  # rows cannot be read without their key columns
    sheet = Sheet(issues=issues)
    for number, cells in enumerate(records, start=2):
        if all(cell in (None, "") for cell in cells):
            continue
        if len(sheet.rows) >= max_rows:
            return _too_many_rows(max_rows)
        if len(cells) > len(header) and any(c not in (None, "") for c in cells[len(header) :]):
            sheet.issues.append(
                Issue(
                    number,
                    "",
                    _("la fila tiene %(cells)s celdas pero el encabezado tiene %(columns)s"),
                    {"cells": len(cells), "columns": len(header)},
                )
            )
            continue
        sheet.rows.append(
            SourceRow(number, {name: cell for name, cell in zip(header, cells, strict=False) if name})
        )
    return sheet


def read_csv(text: str, max_rows: int) -> Sheet:
    """Rows of a CSV text separated by commas or semicolons."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader)
        return _table(header, reader, max_rows)
    except csv.Error as exc:
        return _fatal(
            _("no es una tabla: %(detail)s (línea %(line)s)"), detail=str(exc), line=reader.line_num
        )


def read_xlsx(data: bytes, max_rows: int) -> Sheet:
    """Rows of the first sheet of an XLSX workbook (read-only: large files stream)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    # A damaged or foreign file fails while opening or while streaming rows; both are reported
    # the same way (SyntaxError covers malformed XML inside the archive).
    unreadable = (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        OSError,
        TypeError,
        SyntaxError,
    )
    workbook = None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        records = _xlsx_records(workbook.worksheets[0]) if workbook.worksheets else iter(())
        header = next(records, None)
        if header is None:
            return _fatal(_("no es una tabla: la primera hoja está vacía"))
        return _table([str(h) if h is not None else "" for h in header], records, max_rows)
    except unreadable as exc:
        return _unsupported(
            _("no es una tabla: no se puede abrir como hoja de cálculo XLSX (%(detail)s)"),
            detail=type(exc).__name__,
        )
    finally:
        if workbook is not None:
            workbook.close()


class Formula(str):
    """A cell that holds a formula: reported as an error, never evaluated or stored."""


def _xlsx_records(worksheet: Any) -> Any:
    for row in worksheet.iter_rows():
        yield [Formula(cell.value) if getattr(cell, "data_type", None) == "f" else cell.value for cell in row]


def read_mappings(text: str, suffix: str, max_rows: int) -> Sheet:
    """Rows of a YAML or JSON list of mappings (or a mapping with a `recommendations` list)."""
    try:
        document = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    except RecursionError:
        return _unsupported(
            _("no es una tabla: %(kind)s anidado a demasiada profundidad"), kind=suffix.lstrip(".").upper()
        )
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else getattr(exc, "lineno", 0)
        return _unsupported(
            _("no es una tabla: %(kind)s inválido cerca de la línea %(line)s"),
            kind=suffix.lstrip(".").upper(),
            line=line,
        )
    if isinstance(document, dict) and "recommendations" in document:
        document = document["recommendations"]
    if not isinstance(document, list):
        return _fatal(
            _(
                "no es una tabla: se esperaba una lista de registros (o un mapa con "
                "la clave «recommendations»)"
            )
        )
    return mapping_rows(document, max_rows)


def mapping_rows(items: list[Any], max_rows: int) -> Sheet:
    """Rows from already-parsed mappings (YAML/JSON files and the seeds); the first is row 1."""
    if len(items) > max_rows:
        return _too_many_rows(max_rows)
    sheet = Sheet()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            sheet.issues.append(Issue(number, "", _("el registro no es un mapa de columnas y valores")))
            continue
        cells = {str(key).strip().lower(): value for key, value in item.items()}
        for name in cells:
            if name not in KNOWN:
                sheet.issues.append(
                    Issue(number, name, _("columna desconocida «%(column)s»"), {"column": name})
                )
        sheet.rows.append(SourceRow(number, cells))
    return sheet

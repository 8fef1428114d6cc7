"""Building real catalogue files (CSV, XLSX, YAML) for the import tests."""

from __future__ import annotations

import csv
import io
from typing import Any

import yaml

HEADER = [
    "mechanism",
    "cycle",
    "reference",
    "text",
    "language",
    "theme",
    "issued_on",
    "due_on",
    "agencies",
    "parent",
    "provision",
]


def row(reference: str, text: str = "", **values: Any) -> dict[str, Any]:
    """A valid OGP row in a new test cycle unless told otherwise."""
    base = {
        "mechanism": "OGP",
        "cycle": "AP9",
        "reference": reference,
        "text": text or f"Compromiso de prueba {reference}",
        "language": "es",
        "theme": "",
        "issued_on": "2026-01-15",
        "due_on": "",
        "agencies": "",
        "parent": "",
        "provision": "",
    }
    return {**base, **values}


def csv_bytes(
    rows: list[dict[str, Any]],
    delimiter: str = ",",
    bom: bool = False,
    header: list[str] | None = None,
    encoding: str = "utf-8",
) -> bytes:
    columns = header or (list(rows[0]) if rows else HEADER)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(columns)
    writer.writerows([r.get(c, "") for c in columns] for r in rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """A workbook whose first sheet holds these rows (the first is the header)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_from(rows: list[dict[str, Any]]) -> bytes:
    columns = list(rows[0])
    return xlsx_bytes([columns] + [[r[c] for c in columns] for r in rows])


def yaml_bytes(items: Any) -> bytes:
    return yaml.safe_dump(items, allow_unicode=True, sort_keys=False).encode("utf-8")

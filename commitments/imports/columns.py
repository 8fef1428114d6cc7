"""The columns of the catalogue file format, shared by import and export (DESIGN §6)."""

from __future__ import annotations

import re
from typing import Any

# Columns an import must have (a CSV/XLSX header lacking one is rejected as a whole).
REQUIRED = ("mechanism", "cycle", "reference", "text")
# Columns an import reads, in the order exports write them.
IMPORTED = (
    "mechanism",
    "cycle",
    "reference",
    "parent",
    "provision",
    "title",
    "text",
    "language",
    "text_translated",
    "translation_title_es",
    "translation_es",
    "translation_state_es",
    "translation_title_en",
    "translation_en",
    "translation_state_en",
    "theme",
    "kind",
    "issued_on",
    "due_on",
    "agencies",
    "source_title",
    "source_url",
    "verbatim_status",
    "starts_on",
    "ends_on",
    "ogp_values",
    "project",
    "procuring_entity",
    "stage",
    "disclosure_rate",
    "counterpart",
    "workstreams",
)
# Columns only an export writes; an import accepts and ignores them, so that an exported file
# can be imported again unchanged. `code` is checked against the one the row derives.
EXPORT_ONLY = (
    "id",
    "code",
    "state",
    "level",
    "level_es",
    "level_en",
    "progress",
    "last_assessment_on",
    "public_evidence",
)
# Curators' annotations in seeds/recommendations.yaml, which have no column to go to.
ANNOTATIONS = ("year", "note")
KNOWN = frozenset(IMPORTED + EXPORT_ONLY + ANNOTATIONS)
# Columns stored on the recommendation row as they are (provision and parent are resolved).
PLAIN = (
    "reference",
    "title",
    "text",
    "language",
    "translation_title_es",
    "translation_es",
    "translation_state_es",
    "translation_title_en",
    "translation_en",
    "translation_state_en",
    "theme",
    "kind",
    "issued_on",
    "due_on",
    "source_title",
    "source_url",
    "verbatim_status",
    "starts_on",
    "ends_on",
    "ogp_values",
    "project",
    "procuring_entity",
    "stage",
    "disclosure_rate",
    "counterpart",
    "workstreams",
)
DATES = ("issued_on", "due_on", "starts_on", "ends_on")

# A spreadsheet evaluates a cell starting with one of these: an export prefixes such cells
# with an apostrophe, and an import removes exactly one apostrophe in front of them, so that a
# value that itself starts with apostrophes survives the round trip.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")


def neutralise(value: Any) -> Any:
    """A cell value that a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def restore(value: str) -> str:
    """Undo `neutralise` on a cell read from a file."""
    return value[1:] if _NEUTRALISED.match(value) else value


def split_agencies(value: Any) -> list[str]:
    """Agency codes from 'MINFIN;SAT' or a YAML/JSON list; the first is the lead."""
    items = value if isinstance(value, list) else str(value or "").split(";")
    return [str(item).strip().upper() for item in items if str(item).strip()]

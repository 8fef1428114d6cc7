"""Catalogue files in and open data out: CSV, XLSX, YAML/JSON import; CSV, JSON, XLSX export."""

from commitments.imports.dictionary import DictionaryField, data_dictionary, json_schema
from commitments.imports.exporting import (
    FORMATS,
    MEDIA_TYPES,
    export_recommendations,
    public_records,
)
from commitments.imports.importing import import_file, import_items, size_issue
from commitments.imports.issues import ImportResult, RowChange, RowError

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "DictionaryField",
    "ImportResult",
    "RowChange",
    "RowError",
    "data_dictionary",
    "export_recommendations",
    "import_file",
    "import_items",
    "json_schema",
    "public_records",
    "size_issue",
]

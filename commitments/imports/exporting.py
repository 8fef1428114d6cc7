"""Open data: the catalogue's public fields as CSV, JSON or XLSX.

Only public fields leave through here, by the public rule of commitments.publicity: no
internal or unverified evidence, nothing from responses that are not accepted, nothing about
users. The columns are a superset of the import
columns, so an exported file imports again without changing anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from typing import Any

from commitments import clock, policy, publicity
from commitments.errors import InvalidInput
from commitments.imports.columns import neutralise
from commitments.imports.dictionary import EXPORT_COLUMNS
from commitments.item_rules import TRANSLATION_FIELDS, translation_language
from commitments.kinds import KIND_FIELDS
from commitments.settings import get_settings
from commitments.sheets import xlsx
from commitments.tables import Assessment, Assignment, Evidence, Recommendation
from commitments.vocabulary import AssignmentRole

FORMATS = ("csv", "json", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
R = Recommendation


async def _recommendations(public_only: bool) -> list[dict[str, Any]]:
    where = publicity.recommendations() if public_only else [R.country.is_in(policy.country())]
    level = R.current_level
    return (
        await R.select(
            R.id,
            R.code,
            R.cycle._.mechanism._.code.as_alias("mechanism"),
            R.cycle._.code.as_alias("cycle"),
            R.reference,
            R.parent._.reference.as_alias("parent"),
            R.provision._.code.as_alias("provision"),
            R.title,
            R.text,
            R.language,
            *(getattr(R, name) for name in TRANSLATION_FIELDS),
            R.theme,
            R.kind,
            R.issued_on,
            R.due_on,
            level.state.as_alias("state"),
            level.code.as_alias("level"),
            level.label_es.as_alias("level_es"),
            level.label_en.as_alias("level_en"),
            level.progress.as_alias("progress"),
            R.source_title,
            R.source_url,
            R.verbatim_status,
            *(getattr(R, name) for name in KIND_FIELDS),
        )
        .where(*where)
        .order_by(R.code)
    )


async def _agencies() -> dict[int, list[str]]:
    rows = await Assignment.select(
        Assignment.id,
        Assignment.recommendation,
        Assignment.role,
        Assignment.agency._.code.as_alias("agency"),
    ).where(Assignment.recommendation._.country.is_in(policy.country()))
    # Leads first (the import reads the first as lead), then in the order they were assigned.
    rows.sort(key=lambda row: (row["role"] != AssignmentRole.LEAD, row["id"]))
    found: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        found[row["recommendation"]].append(row["agency"])
    return found


async def _last_assessments() -> dict[int, dt.date]:
    rows = await Assessment.select(Assessment.recommendation, Assessment.assessed_at).where(
        Assessment.recommendation._.country.is_in(policy.country())
    )
    latest: dict[int, dt.date] = {}
    for row in rows:
        day = clock.local_date(row["assessed_at"])
        latest[row["recommendation"]] = max(day, latest.get(row["recommendation"], day))
    return latest


async def _public_evidence(public_only: bool) -> dict[int, list[dict[str, Any]]]:
    where = publicity.evidence(samples=not public_only)
    rows = (
        await Evidence.select(
            Evidence.id,
            Evidence.recommendation,
            Evidence.kind,
            Evidence.title,
            Evidence.url,
            Evidence.evidence_date,
            Evidence.file_sha256,
        )
        .where(where)
        .order_by(Evidence.id)
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        found[row["recommendation"]].append(
            {
                "id": row["id"],
                "kind": row["kind"],
                "title": row["title"],
                "url": row["url"],
                "date": row["evidence_date"],
                "file_sha256": row["file_sha256"],
            }
        )
    return found


async def public_records(public_only: bool = True) -> list[dict[str, Any]]:
    """Every recommendation as a mapping of the exported fields, ordered by code."""
    agencies = await _agencies()
    assessed = await _last_assessments()
    evidence = await _public_evidence(public_only)
    records = []
    for row in await _recommendations(public_only):
        row["agencies"] = agencies.get(row["id"], [])
        row["last_assessment_on"] = assessed.get(row["id"])
        row["public_evidence"] = evidence.get(row["id"], [])
        row["text_translated"] = row[f"translation_{translation_language(row['language'])}"]
        records.append({name: row[name] for name in EXPORT_COLUMNS})
    return records


async def export_recommendations(format: str = "csv", public_only: bool = True) -> bytes:
    """The open data file in `format` (csv, json or xlsx); public_only leaves out demo rows."""
    if format not in FORMATS:
        raise InvalidInput(f"unknown export format {format!r}: use csv, json or xlsx")
    records = await public_records(public_only)
    if format == "json":
        return _json(records)
    return _csv(records) if format == "csv" else _xlsx(records)


def _json(records: list[dict[str, Any]]) -> bytes:
    document = {
        "schema_version": 2,
        "country": get_settings().country,
        "count": len(records),
        "recommendations": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=_iso).encode("utf-8")


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value).__name__}")


def _evidence_lines(items: list[dict[str, Any]]) -> str:
    return "\n".join(item["url"] or f"sha256:{item['file_sha256']}" for item in items)


def _cells(record: dict[str, Any], dates_as_text: bool) -> list[Any]:
    """One spreadsheet row: lists flattened, empty for null, formulas neutralised."""
    cells = []
    for name in EXPORT_COLUMNS:
        value = record[name]
        if name == "agencies":
            value = ";".join(value)
        elif name == "public_evidence":
            value = _evidence_lines(value)
        elif isinstance(value, dt.date) and dates_as_text:
            value = value.isoformat()
        cells.append("" if value is None else neutralise(value))
    return cells


def _csv(records: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(_cells(record, dates_as_text=True) for record in records)
    # The BOM makes spreadsheet programs read the accents as UTF-8; the import accepts it.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(records: list[dict[str, Any]]) -> bytes:
    return xlsx("recommendations", list(EXPORT_COLUMNS), (_cells(r, dates_as_text=False) for r in records))

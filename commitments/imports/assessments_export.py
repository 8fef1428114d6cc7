"""Open data: every public recommendation's ratings, one row per period and voice, side by side.

Three voices, each labelled with who said it (`source`): the government's self-assessment
(`self`), the mechanism's own reviewer (`reviewer`) and each registered civil-society
organisation (`civil_society`, with the organisation's code and name). For the government and
the reviewer, the latest rating of each period, level and date only (their narratives are not
public); for an organisation, its whole assessment as it recorded it: narrative, evidence links,
and the commission's reply. Demo (sample) recommendations are left out, by the public rule of
commitments.publicity.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from commitments import clock, publicity
from commitments.imports.columns import neutralise
from commitments.queries.civil_society import assessments_for
from commitments.settings import get_settings
from commitments.tables import Assessment, Recommendation
from commitments.vocabulary import Role

COLUMNS = (
    "code",
    "mechanism",
    "cycle",
    "period",
    "period_ends_on",
    "source",
    "organisation",
    "organisation_name",
    "level",
    "level_es",
    "level_en",
    "state",
    "progress",
    "assessed_on",
    "narrative",
    "evidence_urls",
    "commission_reply",
)
CIVIL_SOCIETY = Role.CIVIL_SOCIETY.value  # the source of an organisation's assessment
SOURCES = ("self", "reviewer", CIVIL_SOCIETY)
DESCRIPTIONS = {
    "code": "The recommendation's code (MECHANISM-CYCLE-reference)",
    "period": "The reporting period the rating was given in",
    "source": "Who said it: self (the government), reviewer (the mechanism) or civil_society",
    "organisation": "The organisation's code (civil_society only)",
    "narrative": "The organisation's reasoning (civil_society only; government narratives are not public)",
    "evidence_urls": "Links the organisation gives as evidence",
    "commission_reply": "The commission's answer to the organisation's assessment",
}


async def _recommendations() -> dict[int, dict[str, Any]]:
    r = Recommendation
    rows = await r.select(
        r.id, r.code, r.cycle._.code.as_alias("cycle"), r.cycle._.mechanism._.code.as_alias("mechanism")
    ).where(*publicity.recommendations())
    return {row["id"]: row for row in rows}


async def _official(ids: list[int]) -> list[dict[str, Any]]:
    """The latest self and reviewer rating of each recommendation in each period."""
    a = Assessment
    rows = (
        await a.select(
            a.recommendation,
            a.source,
            a.assessed_at,
            a.period._.code.as_alias("period"),
            a.period._.ends_on.as_alias("period_ends_on"),
            a.level._.code.as_alias("level"),
            a.level._.label_es.as_alias("level_es"),
            a.level._.label_en.as_alias("level_en"),
            a.level._.state.as_alias("state"),
            a.level._.progress.as_alias("progress"),
        )
        .where(a.recommendation.is_in(ids) if ids else a.id < 0)
        .order_by(a.assessed_at, ascending=False)
        .order_by(a.id, ascending=False)
    )
    latest: dict[tuple[int, str, str], dict[str, Any]] = {}
    for row in rows:
        latest.setdefault((row["recommendation"], row["period"], row["source"]), row)
    return [
        {
            **row,
            "assessed_on": clock.local_date(row["assessed_at"]),
            "organisation": "",
            "organisation_name": "",
        }
        for row in latest.values()
    ]


async def assessment_records() -> list[dict[str, Any]]:
    """Every public rating as a mapping of COLUMNS, by code, period and voice."""
    recommendations = await _recommendations()
    ids = sorted(recommendations)
    records = [
        {**row, "narrative": "", "evidence_urls": [], "commission_reply": ""} for row in await _official(ids)
    ]
    for item in await assessments_for(ids):
        records.append(
            {
                "recommendation": item.recommendation_id,
                "period": item.period,
                "period_ends_on": item.period_ends_on,
                "source": CIVIL_SOCIETY,
                "organisation": item.organisation,
                "organisation_name": item.organisation_name,
                "level": item.level.code,
                "level_es": item.level.label_es,
                "level_en": item.level.label_en,
                "state": item.level.state,
                "progress": item.level.progress,
                "assessed_on": item.updated_on,
                "narrative": item.narrative,
                "evidence_urls": item.evidence_urls,
                "commission_reply": item.reply.text if item.reply else "",
            }
        )
    found: list[dict[str, Any]] = []
    for record in records:
        rec = recommendations[record["recommendation"]]
        found.append({name: {**record, **rec}.get(name) for name in COLUMNS})
    order = {source: i for i, source in enumerate(SOURCES)}
    found.sort(key=lambda r: (r["code"], r["period_ends_on"], order[r["source"]], r["organisation_name"]))
    return found


async def export_assessments(format: str = "csv") -> bytes:
    """The ratings open data as CSV (UTF-8 with BOM, formulas neutralised) or JSON."""
    records = await assessment_records()
    if format == "json":
        document = {"schema_version": 1, "country": get_settings().country, "count": len(records)}
        return json.dumps(
            {**document, "assessments": records}, ensure_ascii=False, indent=1, default=_iso
        ).encode()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([_cell(record[name]) for name in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        value = "\n".join(value)
    elif isinstance(value, dt.date):
        value = value.isoformat()
    return "" if value is None else neutralise(value)


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value).__name__}")


def assessments_schema() -> dict[str, Any]:
    """The JSON Schema of the ratings open data (assessments.json)."""
    text = {"type": "string"}
    fields: dict[str, Any] = {name: dict(text) for name in COLUMNS}
    fields["period_ends_on"] = {"type": "string", "format": "date"}
    fields["assessed_on"] = {"type": "string", "format": "date"}
    fields["source"] = {"type": "string", "enum": list(SOURCES)}
    fields["progress"] = {"type": ["integer", "null"]}
    fields["evidence_urls"] = {"type": "array", "items": {"type": "string", "format": "uri"}}
    for name, description in DESCRIPTIONS.items():
        fields[name]["description"] = description
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Public ratings of recommendations: government, reviewer and civil society",
        "type": "object",
        "required": ["schema_version", "country", "count", "assessments"],
        "properties": {
            "schema_version": {"const": 1},
            "country": {"type": "string"},
            "count": {"type": "integer"},
            "assessments": {
                "type": "array",
                "items": {"type": "object", "required": list(COLUMNS), "properties": fields},
            },
        },
    }

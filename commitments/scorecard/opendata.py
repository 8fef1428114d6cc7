"""The published ratings as open data: JSON (with its JSON Schema, scorecards.schema.json) and
CSV (one row per year, agency and criterion). Only published years that are not demo samples
leave through here (commitments.publicity), read from their frozen snapshots; nothing about the
agencies' contests or the evaluators."""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from commitments.imports.columns import neutralise
from commitments.scorecard.model import ScorecardModel
from commitments.scorecard.queries import published
from commitments.settings import get_settings

SCHEMA_FILE = Path(__file__).with_name("scorecards.schema.json")
CSV_COLUMNS = (
    "year",
    "agency",
    "agency_name_es",
    "agency_name_en",
    "rank",
    "total",
    "indicator",
    "indicator_title_es",
    "indicator_title_en",
    "indicator_weight",
    "indicator_score",
    "criterion",
    "criterion_title_es",
    "criterion_title_en",
    "criterion_weight",
    "score",
    "note",
    "evidence_url",
)


@lru_cache(maxsize=1)
def json_schema() -> dict[str, Any]:
    """The JSON Schema of scorecards.json."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def year_document(model: ScorecardModel, identifier: str) -> dict[str, Any]:
    """One published year as the open data shows it."""
    return {
        "year": model.year,
        "published_on": model.published_on.isoformat() if model.published_on else None,
        "identifier": identifier,
        "indicators": [
            {
                "code": i.code,
                "title_es": i.title.es,
                "title_en": i.title.en,
                "weight": i.weight,
                "criteria": [
                    {
                        "code": c.code,
                        "title_es": c.title.es,
                        "title_en": c.title.en,
                        "description_es": c.description.es,
                        "description_en": c.description.en,
                        "weight": c.weight,
                    }
                    for c in i.criteria
                ],
            }
            for i in model.indicators
        ],
        "results": [
            {
                "agency": r.code,
                "name_es": r.name.es,
                "name_en": r.name.en,
                "rank": r.rank,
                "total": r.total,
                "indicators": [{"code": i.indicator, "score": i.score} for i in r.indicators],
                "scores": [
                    {
                        "criterion": s.criterion,
                        "score": s.score,
                        "note": s.note,
                        "evidence_url": s.evidence_url,
                    }
                    for s in r.scores
                ],
            }
            for r in model.results
        ],
    }


async def document() -> dict[str, Any]:
    """scorecards.json: every published year, latest first."""
    years = [year_document(model, identifier) for model, identifier in await published()]
    return {"schema_version": 1, "country": get_settings().country, "count": len(years), "years": years}


def _rows(model: ScorecardModel) -> list[list[Any]]:
    rows = []
    for result in model.results:
        scores = {s.criterion: s for s in result.scores}
        for indicator in model.indicators:
            for criterion in indicator.criteria:
                score = scores.get(criterion.code)
                rows.append(
                    [
                        model.year,
                        result.code,
                        result.name.es,
                        result.name.en,
                        result.rank,
                        result.total,
                        indicator.code,
                        indicator.title.es,
                        indicator.title.en,
                        indicator.weight,
                        result.indicator(indicator.code),
                        criterion.code,
                        criterion.title.es,
                        criterion.title.en,
                        criterion.weight,
                        score.score if score else None,
                        score.note if score else "",
                        score.evidence_url if score else "",
                    ]
                )
    return rows


async def export(fmt: str) -> bytes:
    """The open data as `json` or `csv` bytes."""
    if fmt == "json":
        return json.dumps(await document(), ensure_ascii=False, indent=1).encode("utf-8")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for model, _identifier in await published():
        writer.writerows([["" if v is None else neutralise(v) for v in row] for row in _rows(model)])
    # The BOM makes spreadsheet programs read the accents as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

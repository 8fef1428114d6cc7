"""How long the transparency rating's PDF takes to lay out, for 38 agencies (Guatemala's) and
for 300, with 8 and 24 criteria: prints seconds and pages. No database: a made-up year."""

from __future__ import annotations

import datetime as dt
import io
import time

from pypdf import PdfReader

from commitments.scorecard.model import (
    AgencyResult,
    CriterionScore,
    CriterionSpec,
    IndicatorScore,
    IndicatorSpec,
    ScorecardModel,
    Words,
)
from commitments.scorecard.pdf import build_pdf


def year(agencies: int, criteria_per_indicator: int) -> ScorecardModel:
    indicators = [
        IndicatorSpec(
            code=str(i),
            title=Words(es=f"Indicador {i}", en=f"Indicator {i}"),
            weight=25,
            criteria=[
                CriterionSpec(code=f"{i}.{c}", title=Words(es=f"Criterio {i}.{c}"), weight=1)
                for c in range(1, criteria_per_indicator + 1)
            ],
        )
        for i in range(1, 5)
    ]
    results = [
        AgencyResult(
            code=f"AG{n:03d}",
            name=Words(es=f"Institución {n}", en=f"Agency {n}"),
            rank=n + 1,
            total=100 - n * 0.25,
            indicators=[IndicatorScore(indicator=i.code, score=70.0) for i in indicators],
            scores=[
                CriterionScore(
                    criterion=c.code,
                    score=70,
                    note="Nota del evaluador " * 4,
                    evidence_url="https://example.org/",
                )
                for i in indicators
                for c in i.criteria
            ],
        )
        for n in range(agencies)
    ]
    return ScorecardModel(
        country="GT",
        country_name=Words(es="Guatemala", en="Guatemala"),
        year=2026,
        state="published",
        published_on=dt.date(2027, 2, 1),
        indicators=indicators,
        results=results,
    )


if __name__ == "__main__":
    for agencies, criteria in ((38, 2), (38, 6), (300, 6)):
        model = year(agencies, criteria)
        start = time.perf_counter()
        data = build_pdf(model, "es")
        seconds = time.perf_counter() - start
        pages = len(PdfReader(io.BytesIO(data)).pages)
        print(
            f"{agencies} agencies x {4 * criteria} criteria: {seconds:.2f} s, {pages} pages, {len(data) // 1024} KB"
        )

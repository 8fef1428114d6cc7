"""The rating's arithmetic, exact and engine-independent (plain functions, no database).

The formula:

- each criterion is scored by an evaluator with an integer from 0 to 100;
- an indicator's score is the weighted mean of its criteria's scores:
  Σ(weight × score) / Σ weight;
- an agency's total is the weighted mean of its indicators' scores, by the indicators' weights.

Weights are positive integers (1-100). Before the draft scores go to the agencies, and again at
publication, the criteria of each indicator must weigh exactly 100 between them, and the
indicators 100 between them: so a weight reads as a percentage, and the means above are
Σ(weight × score) / 100. Everything is computed with fractions, never floats, and rounded only
for display (two decimals, halves up). The ranking orders agencies by their exact total, highest
first; agencies with exactly the same total share a rank (1, 2, 2, 4) and are listed by agency
code, so the ranking is the same on every database and every run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

WEIGHT_TOTAL = 100
MAX_SCORE = 100


def weighted_mean(pairs: Iterable[tuple[int, Fraction | int | None]]) -> Fraction | None:
    """Σ(weight × value) / Σ weight, or None when a value is missing or nothing weighs."""
    numerator, denominator = Fraction(0), 0
    for weight, value in pairs:
        if value is None:
            return None
        numerator += weight * Fraction(value)
        denominator += weight
    return numerator / denominator if denominator else None


def rounded(value: Fraction | None, places: int = 2) -> float | None:
    """A score for display: `places` decimals, halves rounded up (None stays None)."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Ranked:
    agency: str
    total: Fraction | None
    rank: int | None


def ranking(totals: Sequence[tuple[str, Fraction | None]]) -> list[Ranked]:
    """Agencies by total, highest first; equal totals share a rank and are listed by code;
    agencies without a total (unfinished) come last, by code, without a rank."""
    scored = sorted((t for t in totals if t[1] is not None), key=lambda t: (-t[1], t[0]))  # type: ignore[operator]
    ranked: list[Ranked] = []
    for position, (agency, total) in enumerate(scored, start=1):
        tied = ranked and ranked[-1].total == total
        ranked.append(Ranked(agency, total, ranked[-1].rank if tied else position))
    unscored = sorted(agency for agency, total in totals if total is None)
    return ranked + [Ranked(agency, None, None) for agency in unscored]


@dataclass(frozen=True)
class WeightProblem:
    """An indicator (or, with code "", the whole methodology) whose weights do not add up."""

    code: str
    total: int
    criteria: int  # how many criteria it has (an indicator without any cannot be scored)


def weight_problems(indicators: Sequence[tuple[str, int, Sequence[int]]]) -> list[WeightProblem]:
    """(code, weight, criteria weights) of each indicator: what keeps the weights from adding
    up to 100 within each indicator and across the indicators."""
    problems = [
        WeightProblem(code, sum(weights), len(weights))
        for code, _weight, weights in indicators
        if not weights or sum(weights) != WEIGHT_TOTAL
    ]
    overall = sum(weight for _code, weight, _weights in indicators)
    if not indicators or overall != WEIGHT_TOTAL:
        problems.append(WeightProblem("", overall, len(indicators)))
    return problems

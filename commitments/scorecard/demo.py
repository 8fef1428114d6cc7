"""The demo's transparency rating: this year's, a sample (never public), with the seed's four
indicators, sample criteria, sample scores for every agency, its draft shared with the agencies
and one contest from MINFIN waiting for the commission's answer."""

from __future__ import annotations

import datetime as dt
import zlib

from commitments import clock
from commitments.actor import Actor
from commitments.reference import read_seed
from commitments.scorecard import methodology, scoring, years
from commitments.scorecard.results import rated_agencies
from commitments.scorecard.schemas import ContestIn, CriterionIn, ReviewIn, ScorecardIn, ScoreIn, SheetIn

SAMPLE = "[Ejemplo] "


def sample_score(agency: str, criterion: str) -> int:
    """A stable, made-up score between 40 and 100."""
    return 40 + zlib.crc32(f"{agency}:{criterion}".encode()) % 61


async def load_scorecard(analyst: Actor, focal_point: Actor, country: str) -> int:
    """Open this year's sample rating and send it to the agencies; return the year."""
    year = clock.today().year
    await years.create_year(analyst, ScorecardIn(year=year, sample=True))
    for item in read_seed(f"{country}/scorecard.yaml")["demo_criteria"]:
        await methodology.add_criterion(
            analyst,
            year,
            CriterionIn(
                indicator=str(item["indicator"]),
                code=str(item["code"]),
                title_es=item["es"],
                title_en=item["en"],
                weight=item["weight"],
            ),
        )
    criteria = [str(item["code"]) for item in read_seed(f"{country}/scorecard.yaml")["demo_criteria"]]
    row = await years.locked_year(year)
    for agency in await rated_agencies(row["id"]):
        scores = [
            ScoreIn(
                criterion=code,
                score=sample_score(agency["code"], code),
                note=SAMPLE + "Nota del evaluador sobre lo publicado en el portal de la institución.",
            )
            for code in criteria
        ]
        await scoring.save_sheet(analyst, year, agency["code"], SheetIn(scores=scores))
    today = clock.today()
    await years.open_review(
        analyst, year, ReviewIn(contest_opens_on=today, contest_closes_on=today + dt.timedelta(days=14))
    )
    if focal_point.agency_code:
        await scoring.contest(
            focal_point,
            year,
            focal_point.agency_code,
            ContestIn(
                criterion=criteria[-1],
                reason=SAMPLE
                + "El catálogo de servicios se publicó en el portal antes del corte de la evaluación.",
            ),
        )
    return year

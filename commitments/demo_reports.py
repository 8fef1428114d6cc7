"""The demo's sample work on each mechanism's current cycle (seeds/GT/demo.yaml): sample cycles,
review documents and items, assignments, accepted answers and both kinds of rating, so that every
report template prints a full document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from commitments import policy
from commitments.actor import Actor
from commitments.reference import read_seed
from commitments.schemas import (
    AssessmentIn,
    AssignmentIn,
    CycleIn,
    RecommendationIn,
    ResponseIn,
    ReviewDocumentIn,
    ReviewIn,
)
from commitments.services.assessments import record_assessment
from commitments.services.assignments import assign
from commitments.services.recommendations import create_cycle, create_recommendation
from commitments.services.responses import review_response, save_response
from commitments.services.review_documents import create_review_document
from commitments.tables import Assignment, Recommendation, ReviewDocument
from commitments.vocabulary import Decision, Source

ACCEPTED = "[Ejemplo] Respuesta conforme."


async def load_sample_work(analyst: Actor, country: str, period: str) -> None:
    """Load seeds/<country>/demo.yaml: its cycles, documents and items, then the answers the
    commission accepted in `period` and the ratings."""
    data = read_seed(f"{country}/demo.yaml")
    for cycle in data["cycles"]:
        await create_cycle(analyst, CycleIn(**cycle))
    for document in data["documents"]:
        await create_review_document(analyst, ReviewDocumentIn(**document))
    for item in data["items"]:
        await create_recommendation(analyst, RecommendationIn(**item, sample=True))
    ids = await _ids()
    for code, agency, role in data["assignments"]:
        if not await Assignment.exists().where(
            (Assignment.recommendation == ids[code]) & (Assignment.agency._.code == agency)
        ):  # the seeds assign the agencies their sources name
            await assign(analyst, ids[code], AssignmentIn(agency=agency, role=role))
    for answer in data["answers"]:
        await _accepted_answer(analyst, ids[answer.pop("code")], answer, period)
    documents = await _documents()
    for code, when, level, source, document, narrative in data["ratings"]:
        await record_assessment(
            analyst,
            ids[code],
            AssessmentIn(
                period=when,
                level=level,
                source=Source(source),
                narrative=narrative,
                document=documents[document] if document else None,
            ),
        )


async def _ids() -> dict[str, int]:
    rows = await Recommendation.select(Recommendation.id, Recommendation.code).where(
        Recommendation.country.is_in(policy.country())
    )
    return {row["code"]: row["id"] for row in rows}


async def _documents() -> dict[str, int]:
    rows = await ReviewDocument.select(ReviewDocument.id, ReviewDocument.reference).where(
        policy.review_documents()
    )
    return {row["reference"]: row["id"] for row in rows}


async def _accepted_answer(
    analyst: Actor, recommendation_id: int, answer: dict[str, Any], period: str
) -> None:
    """An agency's answer, entered by the commission from the agency's letter, then accepted at
    the level it proposed (unrated kinds have none)."""
    agency = answer.pop("agency")
    level = answer.pop("level", None)
    assignment = (
        await Assignment.select(Assignment.id)
        .where((Assignment.recommendation == recommendation_id) & (Assignment.agency._.code == agency))
        .first()
    )
    assert assignment is not None, agency  # assigned by the same file
    saved = await save_response(
        analyst,
        assignment["id"],
        ResponseIn(
            period=period,
            proposed_level=level,
            target_date=dt.date(2027, 6, 30),
            submit=True,
            **answer,
        ),
    )
    await review_response(analyst, saved.id, ReviewIn(decision=Decision.ACCEPT, comment=ACCEPTED))

"""Shared set-up for report tests: a small workflow over two periods, and PDF text."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from commitments.actor import Actor
from commitments.schemas import (
    AssessmentIn,
    AssignmentIn,
    EvidenceIn,
    PeriodIn,
    ResponseIn,
    ReviewIn,
)
from commitments.services.assessments import record_assessment
from commitments.services.assignments import assign
from commitments.services.evidence import register_evidence, verify_evidence
from commitments.services.periods import create_period
from commitments.services.responses import review_response, save_response
from commitments.tables import Assignment, Recommendation

AS_OF = dt.date(2026, 11, 25)
MESICIC_ITEM = "MESICIC-R1-III.1-1.1"
OGP_ITEM = "OGP-AP3-GT0079"


def pdf_pages(data: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    """All the extracted text, whitespace collapsed (lines wrap anywhere)."""
    return " ".join(" ".join(pdf_pages(data)).split())


async def recommendation_id(code: str) -> int:
    row = await Recommendation.select(Recommendation.id).where(Recommendation.code == code).first()
    return row["id"]


async def _answer(analyst: Actor, focal: Actor, rec: int, level: str, text: str) -> None:
    assignment = (
        await Assignment.select(Assignment.id)
        .where((Assignment.recommendation == rec) & (Assignment.agency == focal.agency_id))
        .first()
    )
    saved = await save_response(
        focal,
        assignment["id"],
        ResponseIn(
            period="2026-S2",
            actions_taken=text,
            challenges="Rotación de personal.",
            assistance_needed="Capacitación en datos abiertos.",
            next_steps="Publicar trimestralmente.",
            target_date=dt.date(2027, 6, 30),
            proposed_level=level,
            submit=True,
        ),
    )
    await review_response(analyst, saved.id, ReviewIn(decision="accept"))


async def build_workflow(cast: dict[str, Actor]) -> dict[str, int]:
    """Two periods; a MESICIC and an OGP item answered by MINFIN and rated both ways."""
    analyst, minfin = cast["analyst"], cast["minfin"]
    await create_period(
        analyst,
        PeriodIn(
            code="2025-S2",
            starts_on=dt.date(2025, 7, 1),
            ends_on=dt.date(2025, 12, 31),
            response_deadline=dt.date(2026, 1, 31),
        ),
    )
    await create_period(
        analyst,
        PeriodIn(
            code="2026-S2",
            starts_on=dt.date(2026, 7, 1),
            ends_on=dt.date(2026, 12, 31),
            response_deadline=dt.date(2027, 1, 15),
        ),
        open_now=True,
    )
    mesicic, ogp = await recommendation_id(MESICIC_ITEM), await recommendation_id(OGP_ITEM)
    await assign(analyst, mesicic, AssignmentIn(agency="MINFIN", role="lead"))
    for rec, level, source in (
        (mesicic, "additional_attention", "self"),
        (mesicic, "additional_attention", "reviewer"),
        (ogp, "limited", "self"),
        (ogp, "limited", "reviewer"),
    ):
        await record_assessment(analyst, rec, AssessmentIn(period="2025-S2", level=level, source=source))
    await _answer(
        analyst, minfin, mesicic, "satisfactory", "Se aprobó el reglamento de conflictos de intereses."
    )
    await _answer(analyst, minfin, ogp, "substantial", "Se publicó el presupuesto abierto.")
    await record_assessment(analyst, ogp, AssessmentIn(period="2026-S2", level="limited", source="reviewer"))
    published = await register_evidence(
        analyst,
        ogp,
        EvidenceIn(
            title="Portal de presupuesto abierto",
            kind="link",
            url="https://www.minfin.gob.gt/",
            evidence_date=dt.date(2026, 10, 1),
            visibility="public",
        ),
    )
    await verify_evidence(analyst, published, "verified")  # a public report cites it once verified
    await register_evidence(
        analyst,
        ogp,
        EvidenceIn(
            title="Memorando interno reservado",
            kind="link",
            url="https://intranet.example/",
            evidence_date=dt.date(2026, 10, 2),
            visibility="internal",
        ),
    )
    return {"mesicic": mesicic, "ogp": ogp}

"""Gathering civil society's part of a report (commitments.reports.civic_model): the draft's
public consultation, and the organisations' assessments when the report includes the annex.
A fixed number of queries, whatever the number of comments or assessments."""

from __future__ import annotations

from typing import Any

from commitments import clock
from commitments.reports.civic_model import (
    CivilAssessment,
    CivilSocietyAnnex,
    ConsultationSummary,
    ConsultedComment,
)
from commitments.rules import consultation_state
from commitments.tables import (
    CivilSocietyAssessment,
    CivilSocietyReply,
    Consultation,
    ConsultationComment,
    Report,
)
from commitments.vocabulary import ConsultationState

CSA = CivilSocietyAssessment


async def civic_parts(report_id: int | None, cycle_ids: list[int], period: dict[str, Any]) -> dict[str, Any]:
    """The report model's `consultation` and `civil_society` fields for a report (both None for
    a report not stored yet)."""
    if report_id is None:
        return {"consultation": None, "civil_society": None}
    report = await Report.select(Report.civil_society_annex).where(Report.id == report_id).first()
    annex = await civil_society_annex(cycle_ids, period) if report and report["civil_society_annex"] else None
    return {"consultation": await consultation_summary(report_id), "civil_society": annex}


async def consultation_summary(report_id: int) -> ConsultationSummary | None:
    """The report's consultation as it stands now, or None if it was never opened."""
    row = await Consultation.select().where(Consultation.report == report_id).first()
    if row is None:
        return None
    comments = (
        await ConsultationComment.select(
            ConsultationComment.author_name,
            ConsultationComment.body,
            ConsultationComment.created_at,
            ConsultationComment.hidden,
            ConsultationComment.reply,
        )
        .where(ConsultationComment.consultation == row["id"])
        .order_by(ConsultationComment.id)
    )
    shown = [
        ConsultedComment(
            number=number,
            name=c["author_name"],
            text=c["body"],
            received_on=clock.local_date(c["created_at"]),
            reply=c["reply"],
        )
        for number, c in enumerate(comments, start=1)
        if not c["hidden"]
    ]
    return ConsultationSummary(
        opens_on=clock.local_date(row["opens_at"]),
        closes_on=clock.local_date(row["closes_at"]),
        closed=consultation_state(row["closes_at"], clock.now(), row["closed_early"])
        == ConsultationState.CLOSED,
        received=len(comments),
        answered=sum(bool(c["reply"].strip()) for c in comments),
        hidden=sum(bool(c["hidden"]) for c in comments),
        statement=row["statement"],
        revision=row["revision"],
        comments=shown,
    )


async def civil_society_annex(cycle_ids: list[int], period: dict[str, Any]) -> CivilSocietyAnnex:
    """Every organisation's assessment of the scope's recommendations in the period."""
    rows = []
    if cycle_ids:
        rows = (
            await CSA.select(
                CSA.id,
                CSA.narrative,
                CSA.evidence_urls,
                CSA.recommendation._.code.as_alias("code"),
                CSA.recommendation._.reference.as_alias("reference"),
                CSA.recommendation._.cycle._.mechanism._.code.as_alias("mechanism"),
                CSA.organisation._.name.as_alias("organisation"),
                CSA.level._.code.as_alias("level_code"),
                CSA.level._.label_es.as_alias("level_es"),
                CSA.level._.label_en.as_alias("level_en"),
                CSA.level._.state.as_alias("state"),
            )
            .where(CSA.recommendation._.cycle.is_in(cycle_ids) & (CSA.period == period["id"]))
            .order_by(CSA.recommendation._.code)
            .order_by(CSA.organisation._.name)
        )
    replies = {
        r["assessment"]: r["body"]
        for r in await CivilSocietyReply.select(CivilSocietyReply.assessment, CivilSocietyReply.body).where(
            CivilSocietyReply.assessment.is_in([row["id"] for row in rows] or [0])
        )
    }
    return CivilSocietyAnnex(
        period=period["code"],
        assessments=[
            CivilAssessment(
                **{k: v for k, v in row.items() if k not in ("id", "evidence_urls")},
                evidence_urls=[url for url in row["evidence_urls"].splitlines() if url],
                reply=replies.get(row["id"], ""),
            )
            for row in rows
        ],
    )

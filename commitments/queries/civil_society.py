"""Civil society's assessments as pages, the API, the portal and the open data show them.

They are public by nature: an organisation records them to be read beside the government's and
the reviewer's ratings, so everything here (level, narrative, evidence links, the commission's
reply) is also what the portal shows. Nothing about the people who wrote them leaves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from commitments import clock, policy, publicity
from commitments.actor import Actor
from commitments.queries.models import LevelOut
from commitments.queries.recommendations import level_columns, rated_level
from commitments.tables import CivilSocietyAssessment, CivilSocietyReply, Recommendation

CSA = CivilSocietyAssessment


class CivilReplyOut(BaseModel):
    text: str
    replied_on: dt.date
    assessment_version: int  # the version of the assessment it answers
    outdated: bool  # the organisation changed its assessment since


class CivilAssessmentOut(BaseModel):
    id: int
    recommendation_id: int
    period: str
    period_ends_on: dt.date
    organisation: str  # its code
    organisation_name: str
    level: LevelOut
    narrative: str
    evidence_urls: list[str]
    version: int
    updated_on: dt.date
    reply: CivilReplyOut | None = None


_COLUMNS = (
    CSA.id,
    CSA.recommendation.as_alias("recommendation_id"),
    CSA.narrative,
    CSA.evidence_urls,
    CSA.version,
    CSA.updated_at,
    CSA.period._.code.as_alias("period"),
    CSA.period._.ends_on.as_alias("period_ends_on"),
    CSA.organisation._.code.as_alias("organisation"),
    CSA.organisation._.name.as_alias("organisation_name"),
    *level_columns(CSA.level),
)


async def assessments_for(recommendation_ids: list[int]) -> list[CivilAssessmentOut]:
    """The assessments of these recommendations with their replies (two queries), newest
    period first, then by organisation; no visibility check: callers decide who may see."""
    if not recommendation_ids:
        return []
    rows = (
        await CSA.select(*_COLUMNS)
        .where(CSA.recommendation.is_in(recommendation_ids))
        .order_by(CSA.period._.ends_on, ascending=False)
        .order_by(CSA.organisation._.name)
    )
    replies = {
        r["assessment"]: r
        for r in await CivilSocietyReply.select(
            CivilSocietyReply.assessment,
            CivilSocietyReply.body,
            CivilSocietyReply.replied_at,
            CivilSocietyReply.assessment_version,
        ).where(CivilSocietyReply.assessment.is_in([row["id"] for row in rows] or [0]))
    }
    return [_out(row, replies.get(row["id"])) for row in rows]


def _out(row: dict[str, Any], reply: dict[str, Any] | None) -> CivilAssessmentOut:
    return CivilAssessmentOut(
        **{k: row[k] for k in ("id", "recommendation_id", "period", "period_ends_on", "narrative")},
        organisation=row["organisation"],
        organisation_name=row["organisation_name"],
        level=rated_level(row),
        evidence_urls=[url for url in row["evidence_urls"].splitlines() if url],
        version=row["version"],
        updated_on=clock.local_date(row["updated_at"]),
        reply=CivilReplyOut(
            text=reply["body"],
            replied_on=clock.local_date(reply["replied_at"]),
            assessment_version=reply["assessment_version"],
            outdated=reply["assessment_version"] != row["version"],
        )
        if reply
        else None,
    )


async def assessments_of(actor: Actor, recommendation_id: int) -> list[CivilAssessmentOut]:
    """A recommendation's civil-society assessments, for anyone who may read it."""
    await policy.ensure_visible(actor, policy.RECOMMENDATION, recommendation_id)
    return await assessments_for([recommendation_id])


async def public_assessments_of(recommendation_id: int) -> list[CivilAssessmentOut]:
    """The same, on the portal: only for a public recommendation (else none)."""
    public = await Recommendation.exists().where(
        Recommendation.id == recommendation_id, *publicity.recommendations()
    )
    return await assessments_for([recommendation_id]) if public else []


def by_period(assessments: list[CivilAssessmentOut]) -> dict[str, list[CivilAssessmentOut]]:
    """Assessments grouped by period code, in the order given."""
    grouped: dict[str, list[CivilAssessmentOut]] = {}
    for item in assessments:
        grouped.setdefault(item.period, []).append(item)
    return grouped

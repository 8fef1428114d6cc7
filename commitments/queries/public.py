"""What anyone may read without signing in: the public portal's catalogue, progress, timelines
and evidence.

The same public fields as the open data export (commitments.imports.exporting): no narratives,
responses, internal or unverified evidence, assignment workflow states or anything about users;
sample (demo) rows are left out. Every function here takes no Actor on purpose: its answer is
the same for everybody.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from piccolo.custom_types import Combinable
from pydantic import BaseModel

from commitments import clock, publicity
from commitments.errors import NotFound
from commitments.i18n import _
from commitments.queries import civil_society
from commitments.queries.civil_society import CivilAssessmentOut
from commitments.queries.dashboard import MechanismProgress
from commitments.queries.models import LevelOut, LinkOut, SearchPage, TranslationOut
from commitments.queries.recommendations import (
    DETAIL_COLUMNS,
    RecommendationFilter,
    agencies_of,
    filter_conditions,
    level_columns,
    level_out,
    matching_page,
    rated_level,
    translations_of,
)
from commitments.queries.workflow import assessment_rows
from commitments.rules import progress_summary, state_of
from commitments.storage import read_bytes
from commitments.tables import Evidence, Recommendation
from commitments.vocabulary import Source

R = Recommendation


class PublicRecommendation(BaseModel):
    id: int
    code: str
    mechanism: str
    cycle: str
    reference: str
    title: str
    text: str
    language: str
    kind: str
    state: str
    level: LevelOut | None
    agencies: list[str]  # codes, lead first
    snippet: str = ""  # safe HTML from the search index, with <mark>


class PublicRating(BaseModel):
    level: LevelOut
    assessed_on: dt.date


class PublicPeriod(BaseModel):
    """One period of the timeline: the government's, the mechanism's and civil society's
    ratings side by side."""

    period: str
    ends_on: dt.date
    self_rating: PublicRating | None = None
    reviewer_rating: PublicRating | None = None
    civil_society: list[CivilAssessmentOut] = []


class PublicEvidence(BaseModel):
    id: int
    kind: str
    title: str
    url: str
    file_name: str
    media_type: str
    size: int | None
    evidence_date: dt.date | None


class PublicRecommendationDetail(PublicRecommendation):
    text_translated: str
    translations: dict[str, TranslationOut]
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    ogp_values: str = ""
    project: str = ""
    procuring_entity: str = ""
    stage: str = ""
    disclosure_rate: int | None = None
    counterpart: str = ""
    workstreams: str = ""
    theme: str
    issued_on: dt.date | None
    due_on: dt.date | None
    provision: str | None
    provision_title_es: str
    provision_title_en: str
    cycle_name_es: str
    cycle_name_en: str
    source_title: str
    source_url: str
    verbatim_status: str
    parent: LinkOut | None
    children: list[LinkOut]
    timeline: list[PublicPeriod]
    evidence: list[PublicEvidence]


_COLUMNS = (
    R.id,
    R.code,
    R.reference,
    R.title,
    R.text,
    R.language,
    R.kind,
    R.cycle._.code.as_alias("cycle"),
    R.cycle._.mechanism._.code.as_alias("mechanism"),
    *level_columns(R.current_level),
)
_DETAIL_COLUMNS = (*DETAIL_COLUMNS, R.theme, R.due_on)


def _item(row: dict[str, Any], agencies: list[str], snippet: str = "") -> dict[str, Any]:
    # The row's columns are aliased to the model's field names; the rest is derived here.
    level = level_out(row)
    state = state_of(level.state if level else None)
    return {**row, "state": state, "level": level, "agencies": agencies, "snippet": snippet}


async def public_recommendations(
    f: RecommendationFilter, page: int = 1, page_size: int = 25
) -> SearchPage[PublicRecommendation]:
    """One page of the public catalogue, filtered; with `q`, best match first with snippets,
    and when nothing matches, suggested queries drawn from public recommendations only."""
    found = await matching_page(
        [*publicity.recommendations(), *await filter_conditions(f)], f.q, page, page_size, _COLUMNS
    )
    agencies = await agencies_of([row["id"] for row in found.rows])
    items = [
        PublicRecommendation(
            **_item(row, [a.agency for a in agencies.get(row["id"], [])], found.snippets.get(row["id"], ""))
        )
        for row in found.rows
    ]
    return found.as_page(SearchPage[PublicRecommendation], items)


async def public_progress() -> list[MechanismProgress]:
    """Public recommendations per mechanism and normalised state (one query)."""
    rows = await R.select(
        R.cycle._.mechanism._.code.as_alias("mechanism"), R.current_level._.state.as_alias("state")
    ).where(*publicity.recommendations())
    by_mechanism: dict[str, list[str]] = {}
    for row in rows:
        by_mechanism.setdefault(row["mechanism"], []).append(state_of(row["state"]))
    return [
        MechanismProgress(mechanism=m, total=len(s), states=progress_summary(s))
        for m, s in sorted(by_mechanism.items())
    ]


async def public_recommendation(recommendation_id: int) -> PublicRecommendationDetail:
    """One public recommendation with its source, family, timeline and public evidence."""
    row = (
        await R.select(*_COLUMNS, *_DETAIL_COLUMNS)
        .where(R.id == recommendation_id, *publicity.recommendations())
        .first()
    )
    if not row:
        raise NotFound(_("recomendación no encontrada"))
    agencies = (await agencies_of([recommendation_id])).get(recommendation_id, [])
    return PublicRecommendationDetail.model_validate(
        {
            **_item(row, [a.agency for a in agencies]),
            **await _family(recommendation_id, row["parent_id"]),
            **translations_of(row),
            "provision_title_es": row["provision_title_es"] or "",
            "provision_title_en": row["provision_title_en"] or "",
            "timeline": await _timeline(recommendation_id),
            "evidence": await _evidence(recommendation_id),
        }
    )


async def _family(recommendation_id: int, parent_id: int | None) -> dict[str, Any]:
    """The public parent and sub-measures (one query)."""
    related: Combinable = R.parent == recommendation_id
    if parent_id:
        related |= R.id == parent_id
    rows = await R.select(R.id, R.code, R.title).where(related, *publicity.recommendations()).order_by(R.code)
    family: dict[str, Any] = {"parent": None, "children": []}
    for row in rows:
        if row["id"] == parent_id:
            family["parent"] = LinkOut(kind="parent", **row)
        else:
            family["children"].append(LinkOut(kind="child", **row))
    return family


async def _timeline(recommendation_id: int) -> list[PublicPeriod]:
    # Narratives come with the rows but the public timeline shows the government's and the
    # mechanism's levels and dates only; civil society's assessments are public whole.
    civil = await civil_society.assessments_for([recommendation_id])
    return timeline(await assessment_rows(recommendation_id), civil)


def timeline(rows: list[dict[str, Any]], civil: list[CivilAssessmentOut] | None = None) -> list[PublicPeriod]:
    """Newest period first; in each, the latest rating of each side (rows come newest first)
    and every organisation's assessment."""
    periods: dict[str, PublicPeriod] = {}
    for row in rows:
        period = periods.setdefault(
            row["period_code"], PublicPeriod(period=row["period_code"], ends_on=row["period_ends_on"])
        )
        rating = PublicRating(level=rated_level(row), assessed_on=clock.local_date(row["assessed_at"]))
        if row["source"] == Source.SELF and period.self_rating is None:
            period.self_rating = rating
        elif row["source"] == Source.REVIEWER and period.reviewer_rating is None:
            period.reviewer_rating = rating
    for assessment in civil or []:
        empty = PublicPeriod(period=assessment.period, ends_on=assessment.period_ends_on)
        periods.setdefault(assessment.period, empty).civil_society.append(assessment)
    return sorted(periods.values(), key=lambda period: period.ends_on, reverse=True)


_EVIDENCE_COLUMNS = (
    Evidence.id,
    Evidence.kind,
    Evidence.title,
    Evidence.url,
    Evidence.file_name,
    Evidence.media_type,
    Evidence.size,
    Evidence.evidence_date,
)


async def _evidence(recommendation_id: int) -> list[PublicEvidence]:
    rows = (
        await Evidence.select(*_EVIDENCE_COLUMNS)
        .where(Evidence.recommendation == recommendation_id, publicity.evidence())
        .order_by(Evidence.evidence_date, ascending=False)
        .order_by(Evidence.id)
    )
    return [PublicEvidence(**row) for row in rows]


async def public_evidence_file(evidence_id: int) -> tuple[PublicEvidence, bytes]:
    """A public evidence item's file; NotFound for anything not public, or without a file."""
    row = (
        await Evidence.select(*_EVIDENCE_COLUMNS, Evidence.file_sha256)
        .where(
            Evidence.id == evidence_id,
            publicity.evidence(),
        )
        .first()
    )
    if not row or not row["file_sha256"]:
        raise NotFound(_("evidencia no encontrada"))
    sha256 = row.pop("file_sha256")
    return PublicEvidence(**row), read_bytes(sha256)

"""Listing and reading recommendations, filtered by what the actor may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from piccolo.columns.combination import Where

from commitments.actor import Actor
from commitments.db import is_postgres_engine
from commitments.errors import NotFound
from commitments.i18n import _
from commitments.queries.models import (
    AgencyRole,
    LevelOut,
    LinkOut,
    Page,
    RecommendationDetail,
    RecommendationSummary,
)
from commitments.rules import is_overdue, state_of
from commitments.tables import Assignment, Recommendation, RecommendationLink

MAX_PAGE_SIZE = 200
_SUMMARY_COLUMNS = (
    Recommendation.id, Recommendation.code, Recommendation.reference, Recommendation.title,
    Recommendation.text, Recommendation.language, Recommendation.theme, Recommendation.kind,
    Recommendation.due_on, Recommendation.version,
    Recommendation.cycle.code.as_alias("cycle_code"),
    Recommendation.cycle.mechanism.code.as_alias("mechanism_code"),
    Recommendation.current_level.code.as_alias("level_code"),
    Recommendation.current_level.label_es.as_alias("level_label_es"),
    Recommendation.current_level.label_en.as_alias("level_label_en"),
    Recommendation.current_level.state.as_alias("level_state"),
    Recommendation.current_level.progress.as_alias("level_progress"),
)


@dataclass(frozen=True)
class RecommendationFilter:
    """What the list can be narrowed by (all optional)."""

    mechanism: str | None = None
    cycle: str | None = None
    agency: str | None = None
    state: str | None = None
    q: str | None = None


def visible_to(actor: Actor) -> Where | None:
    """The condition limiting recommendations to those the actor may read (None = all)."""
    actor.require_authenticated()
    if actor.is_focal_point:
        return Recommendation.id.is_in(
            Assignment.select(Assignment.recommendation).where(Assignment.agency == actor.agency_id))
    return None


def _conditions(actor: Actor, f: RecommendationFilter) -> list[Any]:
    conditions: list[Any] = [c for c in [visible_to(actor)] if c is not None]
    if f.mechanism:
        conditions.append(Recommendation.cycle.mechanism.code == f.mechanism.upper())
    if f.cycle:
        conditions.append(Recommendation.cycle.code == f.cycle)
    if f.agency:
        conditions.append(Recommendation.id.is_in(Assignment.select(
            Assignment.recommendation).where(Assignment.agency.code == f.agency.upper())))
    if f.state == "not_assessed":
        conditions.append(Recommendation.current_level.is_null())
    elif f.state:
        conditions.append(Recommendation.current_level.state == f.state)
    if f.q:
        pattern = f"%{f.q.strip()}%"
        columns = (Recommendation.code, Recommendation.title, Recommendation.text,
                   Recommendation.text_translated)
        # SQLite's LIKE is already case-insensitive (ASCII); PostgreSQL needs ILIKE.
        matches = [c.ilike(pattern) if is_postgres_engine() else c.like(pattern) for c in columns]
        conditions.append(matches[0] | matches[1] | matches[2] | matches[3])
    return conditions


def _where(query: Any, conditions: list[Any]) -> Any:
    return query.where(*conditions) if conditions else query


async def list_recommendations(actor: Actor, f: RecommendationFilter, page: int = 1,
                               page_size: int = 50) -> Page[RecommendationSummary]:
    """One page of recommendations matching the filter, with level and agencies (3 queries)."""
    page, page_size = max(page, 1), min(max(page_size, 1), MAX_PAGE_SIZE)
    conditions = _conditions(actor, f)
    total = await _where(Recommendation.count(), conditions)
    rows = await _where(Recommendation.select(*_SUMMARY_COLUMNS), conditions).order_by(
        Recommendation.code).limit(page_size).offset((page - 1) * page_size)
    agencies = await agencies_of([row["id"] for row in rows])
    items = [summary(row, agencies.get(row["id"], [])) for row in rows]
    return Page[RecommendationSummary](items=items, total=total, page=page, page_size=page_size)


async def agencies_of(recommendation_ids: list[int]) -> dict[int, list[AgencyRole]]:
    """Assigned agencies per recommendation, lead first (one query)."""
    if not recommendation_ids:
        return {}
    rows = await Assignment.select(
        Assignment.recommendation, Assignment.agency.code.as_alias("agency"), Assignment.role,
        Assignment.state, Assignment.due_on,
    ).where(Assignment.recommendation.is_in(recommendation_ids)).order_by(Assignment.id)
    today = dt.date.today()
    result: dict[int, list[AgencyRole]] = {}
    for row in sorted(rows, key=lambda r: r["role"] != "lead"):
        result.setdefault(row["recommendation"], []).append(AgencyRole(
            agency=row["agency"], role=row["role"], state=row["state"], due_on=row["due_on"],
            overdue=is_overdue(row["due_on"], row["state"], today)))
    return result


def level_out(row: dict[str, Any], prefix: str = "level_") -> LevelOut | None:
    """A level from aliased columns, or None when there is none."""
    if row.get(f"{prefix}code") is None:
        return None
    return LevelOut(code=row[f"{prefix}code"], label_es=row[f"{prefix}label_es"],
                    label_en=row[f"{prefix}label_en"], state=row[f"{prefix}state"],
                    progress=row[f"{prefix}progress"])


def summary(row: dict[str, Any], agencies: list[AgencyRole]) -> RecommendationSummary:
    """A list item from a row of _SUMMARY_COLUMNS."""
    level = level_out(row)
    return RecommendationSummary(
        id=row["id"], code=row["code"], mechanism=row["mechanism_code"], cycle=row["cycle_code"],
        reference=row["reference"], title=row["title"], text=row["text"],
        language=row["language"], theme=row["theme"], kind=row["kind"], due_on=row["due_on"],
        state=state_of(level.state if level else None), level=level, agencies=agencies,
        version=row["version"])


async def ensure_visible(actor: Actor, recommendation_id: int) -> None:
    """NotFound unless the recommendation exists and the actor may read it (one query)."""
    conditions = [Recommendation.id == recommendation_id,
                  *[c for c in [visible_to(actor)] if c is not None]]
    if not await Recommendation.exists().where(*conditions):
        raise NotFound(_("recomendación no encontrada"))


async def get_recommendation(actor: Actor, recommendation_id: int) -> RecommendationDetail:
    """One recommendation with its source, provision, family, agencies and links."""
    conditions = [Recommendation.id == recommendation_id,
                  *[c for c in [visible_to(actor)] if c is not None]]
    row = await Recommendation.select(
        *_SUMMARY_COLUMNS, Recommendation.text_translated, Recommendation.issued_on,
        Recommendation.source_title, Recommendation.source_url, Recommendation.verbatim_status,
        Recommendation.sample, Recommendation.parent,
        Recommendation.provision.code.as_alias("provision_code"),
        Recommendation.provision.title_es.as_alias("provision_title_es"),
        Recommendation.provision.title_en.as_alias("provision_title_en"),
        Recommendation.cycle.name_es.as_alias("cycle_name_es"),
        Recommendation.cycle.name_en.as_alias("cycle_name_en"),
    ).where(*conditions).first()
    if not row:
        raise NotFound(_("recomendación no encontrada"))
    agencies = (await agencies_of([recommendation_id])).get(recommendation_id, [])
    family = await _family(recommendation_id, row["parent"])
    assignment_ids = await Assignment.select(Assignment.id, Assignment.agency.code).where(
        Assignment.recommendation == recommendation_id)
    return RecommendationDetail(
        **summary(row, agencies).model_dump(),
        provision=row["provision_code"], provision_title_es=row["provision_title_es"] or "",
        provision_title_en=row["provision_title_en"] or "",
        parent=family["parent"], children=family["children"],
        text_translated=row["text_translated"], issued_on=row["issued_on"],
        source_title=row["source_title"], source_url=row["source_url"],
        verbatim_status=row["verbatim_status"], sample=row["sample"],
        cycle_name_es=row["cycle_name_es"], cycle_name_en=row["cycle_name_en"],
        assignment_ids={r["agency.code"]: r["id"] for r in assignment_ids})


async def _family(recommendation_id: int, parent_id: int | None) -> dict[str, Any]:
    columns = (Recommendation.id, Recommendation.code, Recommendation.title)
    parent = None
    if parent_id:
        p = await Recommendation.select(*columns).where(Recommendation.id == parent_id).first()
        parent = LinkOut(id=p["id"], code=p["code"], kind="parent", title=p["title"])
    children = await Recommendation.select(*columns).where(
        Recommendation.parent == recommendation_id).order_by(Recommendation.code)
    return {"parent": parent, "children": [
        LinkOut(id=c["id"], code=c["code"], kind="child", title=c["title"]) for c in children]}


async def links_of(actor: Actor, recommendation_id: int) -> list[LinkOut]:
    """Recommendations linked to this one (either side of the pair)."""
    await ensure_visible(actor, recommendation_id)
    rows = await RecommendationLink.select(
        RecommendationLink.kind, RecommendationLink.a.id.as_alias("a_id"),
        RecommendationLink.a.code.as_alias("a_code"), RecommendationLink.a.title.as_alias("a_title"),
        RecommendationLink.b.id.as_alias("b_id"), RecommendationLink.b.code.as_alias("b_code"),
        RecommendationLink.b.title.as_alias("b_title"),
    ).where((RecommendationLink.a == recommendation_id) | (RecommendationLink.b == recommendation_id))
    links = []
    for row in rows:
        side = "b" if row["a_id"] == recommendation_id else "a"
        links.append(LinkOut(id=row[f"{side}_id"], code=row[f"{side}_code"], kind=row["kind"],
                             title=row[f"{side}_title"]))
    return links

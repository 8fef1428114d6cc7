"""Reading roundtables: lists and whole plans, related rows loaded in bulk (a fixed number of
queries however many roundtables)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from piccolo.custom_types import Combinable

from commitments import policy, publicity
from commitments.actor import Actor
from commitments.errors import NotFound
from commitments.queries.models import Page
from commitments.roundtables.schemas import (
    LANGUAGES,
    LIST_FIELDS,
    ActivityOut,
    CoordinatorOut,
    LinkedRecommendation,
    ParticipantOut,
    RoundtableOut,
    RoundtableSummary,
    lines,
)
from commitments.roundtables.service import MISSING
from commitments.tables import (
    Recommendation,
    Roundtable,
    RoundtableActivity,
    RoundtableParticipant,
    RoundtableRecommendation,
)
from commitments.vocabulary import Sector

_COLUMNS = (*Roundtable.all_columns(), Roundtable.coordinator._.email, Roundtable.coordinator._.display_name)


def _coordinator(row: dict[str, Any], public: bool) -> CoordinatorOut | None:
    email = row.get("coordinator.email")
    if not email:
        return None
    name = row.get("coordinator.display_name") or ""
    name = "" if name == email else name
    if public:  # the public reads a name, never an address
        return CoordinatorOut(email="", display_name=name) if name else None
    return CoordinatorOut(email=email, display_name=name)


async def _related(ids: list[int], public: bool, recommendations: list[Combinable]) -> dict[str, Any]:
    """Participants, activities and linked recommendations of these roundtables, by roundtable."""
    found: dict[str, Any] = {
        "participants": defaultdict(list),
        "activities": defaultdict(list),
        "links": defaultdict(list),
    }
    if not ids:
        return found
    activity_filter = [publicity.roundtable_activities()] if public else []
    for row in (
        await RoundtableParticipant.select()
        .where(RoundtableParticipant.roundtable.is_in(ids))
        .order_by(RoundtableParticipant.position)
    ):
        found["participants"][row["roundtable"]].append(ParticipantOut(**row))
    for row in (
        await RoundtableActivity.select()
        .where(RoundtableActivity.roundtable.is_in(ids), *activity_filter)
        .order_by(RoundtableActivity.position)
        .order_by(RoundtableActivity.id)
    ):
        found["activities"][row["roundtable"]].append(ActivityOut(**row))
    link = RoundtableRecommendation
    for row in (
        await link.select(
            link.roundtable,
            link.recommendation.as_alias("id"),
            link.recommendation._.code.as_alias("code"),
            link.recommendation._.title.as_alias("title"),
        )
        .where(
            link.roundtable.is_in(ids),
            link.recommendation.is_in(Recommendation.select(Recommendation.id).where(*recommendations)),
        )
        .order_by(link.recommendation._.code)
    ):
        found["links"][row["roundtable"]].append(LinkedRecommendation(**row))
    return found


def _sectors(participants: list[ParticipantOut]) -> list[str]:
    present = {p.sector for p in participants}
    return [s.value for s in Sector if s.value in present]


def _out(row: dict[str, Any], related: dict[str, Any], public: bool) -> RoundtableOut:
    values = {k: v for k, v in row.items() if "." not in k and k != "coordinator"}
    for name in LIST_FIELDS:
        for lang in LANGUAGES:
            values[f"{name}_{lang}"] = lines(values[f"{name}_{lang}"])
    return RoundtableOut(
        **values,
        coordinator=_coordinator(row, public),
        coordinator_id=row["coordinator"],
        participants=related["participants"][row["id"]],
        activities=related["activities"][row["id"]],
        recommendations=related["links"][row["id"]],
    )


def _summary(out: RoundtableOut) -> RoundtableSummary:
    return RoundtableSummary(
        id=out.id,
        code=out.code,
        topic_es=out.topic_es,
        topic_en=out.topic_en,
        active=out.active,
        sample=out.sample,
        coordinator=out.coordinator,
        sectors=_sectors(out.participants),
        activities=len(out.activities),
        recommendations=len(out.recommendations),
    )


async def _plans(
    where: list[Combinable], public: bool, recommendations: list[Combinable]
) -> list[RoundtableOut]:
    rows = await Roundtable.select(*_COLUMNS).where(*where).order_by(Roundtable.code)
    related = await _related([row["id"] for row in rows], public, recommendations)
    return [_out(row, related, public) for row in rows]


def _serving(code: str | None) -> list[Combinable]:
    if not code:
        return []
    serving = RoundtableRecommendation.select(RoundtableRecommendation.roundtable).where(
        RoundtableRecommendation.recommendation._.code == code
    )
    return [Roundtable.id.is_in(serving)]


async def list_roundtables(
    actor: Actor, recommendation: str | None = None, page: int = 1, page_size: int = 50
) -> Page[RoundtableSummary]:
    """Roundtables by code (those serving one recommendation, by its code, when asked)."""
    plans = await _plans(
        [policy.roundtables(actor), *_serving(recommendation)], False, [policy.recommendations(actor)]
    )
    start = (page - 1) * page_size
    items = [_summary(plan) for plan in plans[start : start + page_size]]
    return Page(items=items, total=len(plans), page=page, page_size=page_size)


async def get_roundtable(actor: Actor, roundtable_id: int) -> RoundtableOut:
    """One roundtable with its whole plan (404 when absent or of another country)."""
    plans = await _plans(
        [Roundtable.id == roundtable_id, policy.roundtables(actor)], False, [policy.recommendations(actor)]
    )
    if not plans:
        raise NotFound(MISSING)
    return plans[0]


async def roundtables_serving(actor: Actor, recommendation_id: int) -> list[RoundtableSummary]:
    """The roundtables that serve one recommendation (for its page)."""
    serving = RoundtableRecommendation.select(RoundtableRecommendation.roundtable).where(
        RoundtableRecommendation.recommendation == recommendation_id
    )
    plans = await _plans(
        [policy.roundtables(actor), Roundtable.id.is_in(serving)], False, [policy.recommendations(actor)]
    )
    return [_summary(plan) for plan in plans]


async def public_roundtables() -> list[RoundtableOut]:
    """Every public roundtable with its plan (real activities, public recommendations)."""
    return await _plans([publicity.roundtables()], True, publicity.recommendations())


async def public_roundtable(roundtable_id: int) -> RoundtableOut:
    """One public roundtable (404 for a sample or another country's)."""
    plans = await _plans(
        [Roundtable.id == roundtable_id, publicity.roundtables()], True, publicity.recommendations()
    )
    if not plans:
        raise NotFound(MISSING)
    return plans[0]


async def report_plans() -> list[RoundtableOut]:
    """The active roundtables a report prints (samples included: the report marks them)."""
    return await _plans(
        [Roundtable.country.is_in(policy.country()), Roundtable.active.eq(True)],
        False,
        [Recommendation.country.is_in(policy.country())],
    )

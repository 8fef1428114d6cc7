"""Mechanisms with their scales and cycles, agencies, periods."""

from __future__ import annotations

from commitments import kinds, policy
from commitments.actor import Actor
from commitments.errors import NotFound
from commitments.i18n import _
from commitments.lookup import scale_of_cycle
from commitments.queries.models import (
    AgencyOut,
    CycleOut,
    LevelOut,
    MechanismDetail,
    MechanismOut,
    PeriodOut,
    ReviewDocumentOut,
    ScaleOut,
)
from commitments.tables import (
    Agency,
    Cycle,
    Mechanism,
    Period,
    RatingLevel,
    Recommendation,
    ReviewDocument,
    Scale,
)

_MECHANISM = (
    Mechanism.code,
    Mechanism.name_es,
    Mechanism.name_en,
    Mechanism.body_es,
    Mechanism.body_en,
    Mechanism.url,
)


async def list_mechanisms() -> list[MechanismOut]:
    """The six mechanisms (public reference data)."""
    rows = await Mechanism.select(*_MECHANISM).order_by(Mechanism.id)
    return [MechanismOut(**row) for row in rows]


async def get_mechanism(code: str) -> MechanismDetail:
    """A mechanism with its scales (the first is the one a cycle uses unless it names another),
    its kinds of item and its cycles."""
    row = await Mechanism.select(Mechanism.id, *_MECHANISM).where(Mechanism.code == code.upper()).first()
    if not row:
        raise NotFound(_("mecanismo %(code)s no encontrado"), code=code)
    scales = await list_scales(row.pop("id"))
    cycles = await list_cycles(code)
    own = kinds.of(row["code"])
    return MechanismDetail(
        **row,
        levels=scales[0].levels if scales else [],
        scales=scales,
        cycles=cycles,
        kinds=[k.value for k in own.kinds],
        rated_kinds=[k.value for k in own.kinds if k in own.rated],
    )


async def list_scales(mechanism_id: int) -> list[ScaleOut]:
    """A mechanism's scales in order, each with its levels."""
    scales = (
        await Scale.select(Scale.id, Scale.code, Scale.name_es, Scale.name_en)
        .where(Scale.mechanism == mechanism_id)
        .order_by(Scale.position)
        .order_by(Scale.id)
    )
    levels = (
        await RatingLevel.select(
            RatingLevel.scale,
            RatingLevel.code,
            RatingLevel.label_es,
            RatingLevel.label_en,
            RatingLevel.state,
            RatingLevel.progress,
        )
        .where(RatingLevel.mechanism == mechanism_id)
        .order_by(RatingLevel.position)
    )
    return [
        ScaleOut(
            code=scale["code"],
            name_es=scale["name_es"],
            name_en=scale["name_en"],
            levels=[
                LevelOut(**{k: v for k, v in lv.items() if k != "scale"})
                for lv in levels
                if lv["scale"] == scale["id"]
            ],
        )
        for scale in scales
    ]


async def item_levels(recommendation_ids: list[int]) -> dict[int, list[LevelOut]]:
    """The levels each recommendation is rated on (its cycle's scale, else its mechanism's
    first), by id; none for a kind its mechanism does not rate. Two queries for any number."""
    if not recommendation_ids:
        return {}
    items = await Recommendation.select(
        Recommendation.id,
        Recommendation.kind,
        Recommendation.cycle._.scale.as_alias("scale"),
        Recommendation.cycle._.mechanism.as_alias("mechanism_id"),
        Recommendation.cycle._.mechanism._.code.as_alias("mechanism"),
    ).where(Recommendation.id.is_in(recommendation_ids))
    levels = (
        await RatingLevel.select(
            RatingLevel.mechanism,
            RatingLevel.scale,
            RatingLevel.scale._.position.as_alias("scale_position"),
            RatingLevel.code,
            RatingLevel.label_es,
            RatingLevel.label_en,
            RatingLevel.state,
            RatingLevel.progress,
        )
        .where(RatingLevel.mechanism.is_in(list({i["mechanism_id"] for i in items})))
        .order_by(RatingLevel.position)
    )
    by_scale: dict[int, list[LevelOut]] = {}
    first: dict[int, tuple[int, int]] = {}  # mechanism -> (position, scale) of its first scale
    for row in levels:
        by_scale.setdefault(row["scale"], []).append(LevelOut(**{k: row[k] for k in LevelOut.model_fields}))
        candidate = (row["scale_position"], row["scale"])
        first[row["mechanism"]] = min(first.get(row["mechanism"], candidate), candidate)
    found = {}
    for item in items:
        scale = item["scale"] or first.get(item["mechanism_id"], (0, 0))[1]
        rated = kinds.is_rated(item["mechanism"], item["kind"])
        found[item["id"]] = by_scale.get(scale, []) if rated else []
    return found


async def cycle_levels(cycle_id: int) -> list[LevelOut]:
    """The levels a cycle's items are rated on (none when its mechanism rates nothing)."""
    scale = await scale_of_cycle(cycle_id)
    if scale is None:
        return []
    rows = (
        await RatingLevel.select(
            RatingLevel.code,
            RatingLevel.label_es,
            RatingLevel.label_en,
            RatingLevel.state,
            RatingLevel.progress,
        )
        .where(RatingLevel.scale == scale)
        .order_by(RatingLevel.position)
    )
    return [LevelOut(**row) for row in rows]


_CYCLE_COLUMNS = (
    *Cycle.all_columns(exclude=[Cycle.mechanism, Cycle.country, Cycle.scale]),
    Cycle.mechanism._.code.as_alias("mechanism"),
    Cycle.scale._.code.as_alias("scale"),
)


async def list_cycles(mechanism: str | None = None) -> list[CycleOut]:
    """The country's review cycles, optionally of one mechanism."""
    query = Cycle.select(*_CYCLE_COLUMNS).where(policy.cycles())
    if mechanism:
        query = query.where(Cycle.mechanism._.code == mechanism.upper())
    rows = await query.order_by(Cycle.mechanism).order_by(Cycle.code)
    return [CycleOut.model_validate(row) for row in rows]


async def get_cycle(cycle_id: int) -> CycleOut:
    """One of the country's cycles by id."""
    row = await Cycle.select(*_CYCLE_COLUMNS).where(Cycle.id == cycle_id, policy.cycles()).first()
    if not row:
        raise NotFound(_("ciclo no encontrado"))
    return CycleOut.model_validate(row)


async def list_agencies(active_only: bool = False) -> list[AgencyOut]:
    """The country's agencies by code."""
    query = Agency.select(
        Agency.code, Agency.name_es, Agency.name_en, Agency.branch, Agency.active, Agency.requires_signoff
    ).where(policy.agencies())
    if active_only:
        query = query.where(Agency.active.eq(True))
    return [AgencyOut.model_validate(row) for row in await query.order_by(Agency.code)]


async def agency_ids() -> dict[str, int]:
    """The country's agencies' ids by code (active or not)."""
    rows = await Agency.select(Agency.id, Agency.code).where(policy.agencies())
    return {row["code"]: row["id"] for row in rows}


async def level_ids_by_state() -> dict[str, list[int]]:
    """Every rating level's id, by the common state it stands for."""
    found: dict[str, list[int]] = {}
    for row in await RatingLevel.select(RatingLevel.id, RatingLevel.state).order_by(RatingLevel.id):
        found.setdefault(row["state"], []).append(row["id"])
    return found


# Aliased to PeriodOut's field names.
PERIOD_COLUMNS = (
    Period.id,
    Period.code,
    Period.starts_on,
    Period.ends_on,
    Period.response_deadline,
    Period.is_open.as_alias("open"),
)


async def list_periods(actor: Actor) -> list[PeriodOut]:
    """The country's reporting periods, latest first."""
    rows = (
        await Period.select(*PERIOD_COLUMNS)
        .where(policy.periods(actor))
        .order_by(Period.ends_on, ascending=False)
    )
    return [PeriodOut.model_validate(row) for row in rows]


_DOCUMENT_COLUMNS = (
    ReviewDocument.id,
    ReviewDocument.mechanism._.code.as_alias("mechanism"),
    ReviewDocument.cycle._.code.as_alias("cycle"),
    ReviewDocument.kind,
    ReviewDocument.reference,
    ReviewDocument.title,
    ReviewDocument.issued_on,
    ReviewDocument.url,
    ReviewDocument.version,
)


async def list_review_documents(mechanism: str | None = None) -> list[ReviewDocumentOut]:
    """The documents the mechanisms issued on the country, latest first within a mechanism."""
    query = ReviewDocument.select(*_DOCUMENT_COLUMNS).where(policy.review_documents())
    if mechanism:
        query = query.where(ReviewDocument.mechanism._.code == mechanism.upper())
    rows = await query.order_by(ReviewDocument.mechanism).order_by(ReviewDocument.id, ascending=False)
    return [ReviewDocumentOut.model_validate(row) for row in rows]


async def get_review_document(document_id: int) -> ReviewDocumentOut:
    """One of the country's review documents."""
    row = (
        await ReviewDocument.select(*_DOCUMENT_COLUMNS)
        .where(ReviewDocument.id == document_id, policy.review_documents())
        .first()
    )
    if not row:
        raise NotFound(_("documento de revisión no encontrado"))
    return ReviewDocumentOut.model_validate(row)

"""Mechanisms with their scales and cycles, agencies, periods."""

from __future__ import annotations

from commitments import policy
from commitments.actor import Actor
from commitments.errors import NotFound
from commitments.i18n import _
from commitments.queries.models import (
    AgencyOut,
    CycleOut,
    LevelOut,
    MechanismDetail,
    MechanismOut,
    PeriodOut,
)
from commitments.tables import Agency, Cycle, Mechanism, Period, RatingLevel

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
    """A mechanism with its native scale and its cycles."""
    row = await Mechanism.select(Mechanism.id, *_MECHANISM).where(Mechanism.code == code.upper()).first()
    if not row:
        raise NotFound(_("mecanismo %(code)s no encontrado"), code=code)
    levels = (
        await RatingLevel.select(
            RatingLevel.code,
            RatingLevel.label_es,
            RatingLevel.label_en,
            RatingLevel.state,
            RatingLevel.progress,
        )
        .where(RatingLevel.mechanism == row["id"])
        .order_by(RatingLevel.position)
    )
    cycles = await list_cycles(code)
    row.pop("id")
    return MechanismDetail(**row, levels=[LevelOut(**level) for level in levels], cycles=cycles)


_CYCLE_COLUMNS = (
    *Cycle.all_columns(exclude=[Cycle.mechanism, Cycle.country]),
    Cycle.mechanism._.code.as_alias("mechanism"),
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

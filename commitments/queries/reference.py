"""Mechanisms with their scales and cycles, agencies, periods."""

from __future__ import annotations

from typing import Any

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


def _cycle(row: dict[str, Any]) -> CycleOut:
    return CycleOut(
        mechanism=row["mechanism.code"], **{k: row[k] for k in CycleOut.model_fields if k != "mechanism"}
    )


async def list_cycles(mechanism: str | None = None) -> list[CycleOut]:
    """Review cycles, optionally of one mechanism."""
    query = Cycle.select(Cycle.all_columns(), Cycle.mechanism.code)
    if mechanism:
        query = query.where(Cycle.mechanism.code == mechanism.upper())
    rows = await query.order_by(Cycle.mechanism).order_by(Cycle.code)
    return [_cycle(row) for row in rows]


async def get_cycle(cycle_id: int) -> CycleOut:
    """One cycle by id."""
    row = await Cycle.select(Cycle.all_columns(), Cycle.mechanism.code).where(Cycle.id == cycle_id).first()
    if not row:
        raise NotFound(_("ciclo no encontrado"))
    return _cycle(row)


async def list_agencies(active_only: bool = False) -> list[AgencyOut]:
    """Agencies by code."""
    query = Agency.select(Agency.code, Agency.name_es, Agency.name_en, Agency.branch, Agency.active)
    if active_only:
        query = query.where(Agency.active.eq(True))
    return [AgencyOut(**row) for row in await query.order_by(Agency.code)]


def period_out(row: dict[str, Any]) -> PeriodOut:
    """A period row as returned by the API."""
    return PeriodOut(
        id=row["id"],
        code=row["code"],
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        response_deadline=row["response_deadline"],
        open=row["is_open"],
    )


async def list_periods(actor: Actor) -> list[PeriodOut]:
    """Reporting periods, latest first."""
    actor.require_authenticated()
    rows = await Period.select().order_by(Period.ends_on, ascending=False)
    return [period_out(row) for row in rows]

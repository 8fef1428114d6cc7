"""Finding reference rows by their natural keys, with clear errors."""

from __future__ import annotations

from typing import Any

from commitments.errors import InvalidInput, NotFound
from commitments.i18n import _
from commitments.settings import get_settings
from commitments.tables import Agency, Country, Cycle, Mechanism, Period, Provision, RatingLevel, Scale


async def country_id(iso2: str | None = None) -> int:
    """The id of the configured country (or the one named)."""
    code = (iso2 or get_settings().country).upper()
    row = await Country.select(Country.id).where(Country.iso2 == code).first()
    if not row:
        raise NotFound(_("el país %(code)s no está cargado: ejecute `commitments init`"), code=code)
    return row["id"]


async def mechanism_by_code(code: str) -> dict[str, Any]:
    row = await Mechanism.select().where(Mechanism.code == code.upper()).first()
    if not row:
        raise InvalidInput(_("mecanismo desconocido «%(code)s»"), code=code)
    return row


async def agency_by_code(code: str) -> dict[str, Any]:
    row = (
        await Agency.select()
        .where((Agency.code == code.upper()) & (Agency.country == await country_id()))
        .first()
    )
    if not row:
        raise InvalidInput(_("institución desconocida «%(code)s»"), code=code)
    return row


async def cycle_by_code(mechanism_id: int, code: str) -> dict[str, Any] | None:
    return (
        await Cycle.select()
        .where(
            (Cycle.mechanism == mechanism_id) & (Cycle.code == code) & (Cycle.country == await country_id())
        )
        .first()
    )


async def period_by_code(code: str) -> dict[str, Any]:
    row = await Period.select().where((Period.code == code) & (Period.country == await country_id())).first()
    if not row:
        raise InvalidInput(_("periodo desconocido «%(code)s»"), code=code)
    return row


async def scale_of_cycle(cycle_id: int) -> int | None:
    """The scale a cycle's items are rated on: its own, else its mechanism's first (None when
    the mechanism rates nothing)."""
    cycle = await Cycle.select(Cycle.scale, Cycle.mechanism).where(Cycle.id == cycle_id).first()
    if cycle is None:
        return None
    if cycle["scale"]:
        return cycle["scale"]
    first = (
        await Scale.select(Scale.id)
        .where(Scale.mechanism == cycle["mechanism"])
        .order_by(Scale.position)
        .order_by(Scale.id)
        .first()
    )
    return first["id"] if first else None


async def level_by_code(scale_id: int | None, code: str) -> dict[str, Any]:
    """A level of a scale by its code (an error naming it when the scale has no such level)."""
    row = (
        await RatingLevel.select().where((RatingLevel.scale == scale_id) & (RatingLevel.code == code)).first()
        if scale_id
        else None
    )
    if not row:
        raise InvalidInput(_("el nivel «%(code)s» no está en la escala de este mecanismo"), code=code)
    return row


async def ogp_value_codes() -> frozenset[str]:
    """The codes of OGP's values (its provisions), which a commitment's `ogp_values` name."""
    rows = await Provision.select(Provision.code).where(Provision.mechanism._.code == "OGP")
    return frozenset(row["code"] for row in rows)

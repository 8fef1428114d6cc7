"""Finding reference rows by their natural keys, with clear errors."""

from __future__ import annotations

from typing import Any

from commitments.errors import InvalidInput, NotFound
from commitments.i18n import _
from commitments.settings import get_settings
from commitments.tables import Agency, Country, Cycle, Mechanism, Period, RatingLevel


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


async def level_by_code(mechanism_id: int, code: str) -> dict[str, Any]:
    row = (
        await RatingLevel.select()
        .where((RatingLevel.mechanism == mechanism_id) & (RatingLevel.code == code))
        .first()
    )
    if not row:
        raise InvalidInput(_("el nivel «%(code)s» no está en la escala de este mecanismo"), code=code)
    return row

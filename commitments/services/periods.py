"""Reporting periods: agencies answer while a period is open."""

from __future__ import annotations

from commitments import policy
from commitments.actor import Actor
from commitments.db import writing
from commitments.errors import Conflict, InvalidInput, NotFound
from commitments.i18n import _
from commitments.lookup import country_id
from commitments.mail import notices
from commitments.queries.models import PeriodOut
from commitments.queries.reference import PERIOD_COLUMNS
from commitments.schemas import PeriodIn
from commitments.services import audit
from commitments.tables import Period


def check_dates(data: PeriodIn) -> None:
    """A period ends after it starts; its deadline falls after it starts."""
    if data.ends_on < data.starts_on:
        raise InvalidInput(_("el periodo no puede terminar antes de empezar"))
    if data.response_deadline < data.starts_on:
        raise InvalidInput(_("el plazo de respuesta no puede ser anterior al inicio del periodo"))


ONE_OPEN = _(
    "el periodo %(code)s sigue abierto: ciérrelo antes de abrir otro (las instituciones responden "
    "en un solo periodo a la vez)"
)


async def _refuse_a_second_open(country: int, code: str) -> None:
    """At most one open period per country: with two, agencies' inboxes would switch to the
    newer one and hide what they had started in the other. Checked inside the write
    transaction, and held by a unique index on the open period of each country."""
    other = (
        await Period.select(Period.code)
        .where(Period.country == country, Period.is_open.eq(True), Period.code != code)
        .first()
    )
    if other:
        raise Conflict(ONE_OPEN, code=other["code"])


async def create_period(actor: Actor, data: PeriodIn, open_now: bool = False) -> int:
    """Add a reporting period (closed unless `open_now`)."""
    actor.require_commission()
    check_dates(data)
    async with writing():
        country = await country_id()
        if await Period.exists().where((Period.code == data.code) & (Period.country == country)):
            raise Conflict(_("el periodo %(code)s ya existe"), code=data.code)
        if open_now:
            await _refuse_a_second_open(country, data.code)
        row = Period(country=country, is_open=open_now, **data.model_dump())
        await row.save()
        if open_now:
            await notices.period_opened(row.id)
        await audit.record(
            actor,
            "period.create",
            "period",
            data.code,
            after={**data.model_dump(mode="json"), "open": open_now},
        )
    return row.id


async def set_open(actor: Actor, code: str, is_open: bool) -> None:
    """Open or close a period."""
    actor.require_commission()
    async with writing():
        country = await country_id()
        row = (
            await Period.select(Period.id, Period.is_open)
            .where((Period.code == code) & (Period.country == country))
            .first()
        )
        if not row:
            raise NotFound(_("periodo %(code)s no encontrado"), code=code)
        if row["is_open"] == is_open:
            return
        if is_open:
            await _refuse_a_second_open(country, code)
        await Period.update({Period.is_open: is_open, Period.version: Period.version + 1}).where(
            Period.id == row["id"]
        )
        if is_open:
            await notices.period_opened(row["id"])
        await audit.record(
            actor,
            "period.open" if is_open else "period.close",
            "period",
            code,
            before={"open": row["is_open"]},
            after={"open": is_open},
        )


async def get_period(actor: Actor, code: str) -> PeriodOut:
    """One period by code."""
    row = await Period.select(*PERIOD_COLUMNS).where(Period.code == code, policy.periods(actor)).first()
    if not row:
        raise NotFound(_("periodo %(code)s no encontrado"), code=code)
    return PeriodOut.model_validate(row)

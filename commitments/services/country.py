"""The instance's country and who issues its reports (institution, signatory, contact)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from commitments.actor import Actor
from commitments.db import by_name, writing
from commitments.lookup import country_id
from commitments.schemas import ISSUER_FIELDS, CountryPatch
from commitments.services import audit
from commitments.tables import Country


class CountryOut(BaseModel):
    """The country as the API and the admin page show it."""

    iso2: str
    name_es: str
    name_en: str
    issuer_es: str
    issuer_en: str
    signatory_name: str
    signatory_title_es: str
    signatory_title_en: str
    contact_email: str
    contact_url: str


async def _row() -> dict[str, Any]:
    row = await Country.select().where(Country.id == await country_id()).first()
    assert row is not None  # country_id() found it
    return row


async def get_country(actor: Actor) -> CountryOut:
    """The instance's country and its reports' issuer (any signed-in user)."""
    actor.require_authenticated()
    return CountryOut(**{k: (await _row())[k] or "" for k in CountryOut.model_fields})


async def update_country(actor: Actor, data: CountryPatch) -> CountryOut:
    """Change who issues the country's reports (admin); reports gathered later print it, issued
    ones keep what was frozen in them."""
    actor.require_admin()
    async with writing():
        row = await _row()
        changes = {
            k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None and row[k] != v
        }
        if changes:
            await Country.update(by_name(changes)).where(Country.id == row["id"])
            await audit.record(
                actor,
                "country.update",
                "country",
                row["iso2"],
                before={k: row[k] for k in changes},
                after=changes,
            )
        row.update(changes)
    return CountryOut(**{k: row[k] or "" for k in CountryOut.model_fields})


async def seed_issuer(iso2: str, values: dict[str, Any]) -> int:
    """Fill the issuer fields a country leaves empty from its seed file (an admin's edits stay);
    return how many were filled."""
    row = await Country.select().where(Country.iso2 == iso2).first()
    if row is None:
        return 0
    filled = {
        k: str(values[k]).strip() for k in ISSUER_FIELDS if values.get(k) and not (row[k] or "").strip()
    }
    if filled:
        await Country.update(by_name(filled)).where(Country.id == row["id"])
    return len(filled)

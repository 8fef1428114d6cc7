"""Agencies: added, renamed, deactivated by admins (never deleted: their history stays)."""

from __future__ import annotations

from typing import Any

from commitments.actor import Actor
from commitments.db import by_name, writing
from commitments.errors import Conflict
from commitments.i18n import _
from commitments.lookup import agency_by_code, country_id
from commitments.queries.models import AgencyOut
from commitments.schemas import AgencyIn, AgencyPatch
from commitments.services import audit
from commitments.tables import Agency

_FIELDS = ("code", "name_es", "name_en", "branch", "active", "requires_signoff")


async def create_agency(actor: Actor, data: AgencyIn) -> AgencyOut:
    """Add an agency with a unique code."""
    actor.require_admin()
    code = data.code.upper()
    async with writing():
        country = await country_id()
        if await Agency.exists().where((Agency.code == code) & (Agency.country == country)):
            raise Conflict(_("la institución %(code)s ya existe"), code=code)
        row = Agency(
            country=country,
            code=code,
            name_es=data.name_es,
            name_en=data.name_en or data.name_es,
            branch=data.branch,
        )
        await row.save()
        await audit.record(actor, "agency.create", "agency", code, after=data.model_dump())
    return AgencyOut(code=code, name_es=row.name_es, name_en=row.name_en, branch=row.branch, active=True)


async def update_agency(actor: Actor, code: str, data: AgencyPatch) -> AgencyOut:
    """Change an agency's names, branch or active flag."""
    actor.require_admin()
    async with writing():
        row = await agency_by_code(code)
        changes: dict[str, Any] = {
            k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None and row[k] != v
        }
        if changes:
            await Agency.update(by_name({**changes, "version": row["version"] + 1})).where(
                Agency.id == row["id"]
            )
            await audit.record(
                actor,
                "agency.update",
                "agency",
                row["code"],
                before={k: row[k] for k in changes},
                after=changes,
            )
        row.update(changes)
    return AgencyOut(**{k: row[k] for k in _FIELDS})

"""Civil-society organisations: registered by an admin, named by their members' memberships."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import BaseModel

from commitments import clock, policy
from commitments.actor import Actor
from commitments.db import writing
from commitments.errors import Conflict, InvalidInput, NotFound
from commitments.i18n import _
from commitments.lookup import country_id
from commitments.schemas import has_control
from commitments.services import audit
from commitments.tables import Organisation

CODE = re.compile(r"^[A-Z0-9][A-Z0-9_\-]{1,19}$")


class OrganisationOut(BaseModel):
    code: str
    name: str
    active: bool


def derived_code(name: str) -> str:
    """A code from a name: the initials of its words, or its first letters (ASCII, upper case)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    words = re.findall(r"[A-Z0-9]+", ascii_name)
    initials = "".join(word[0] for word in words if len(word) > 2 or word.isdigit())
    code = initials if len(initials) >= 2 else "".join(words)[:8]
    return (code or "ORG")[:16]


async def list_organisations(active_only: bool = False) -> list[OrganisationOut]:
    """The country's organisations by name (public: they sign public assessments)."""
    where = policy.organisations()
    if active_only:
        where &= Organisation.active.eq(True)
    rows = (
        await Organisation.select(Organisation.code, Organisation.name, Organisation.active)
        .where(where)
        .order_by(Organisation.name)
    )
    return [OrganisationOut(**row) for row in rows]


async def find_organisation(name_or_code: str) -> dict[str, Any] | None:
    """The organisation with this code, or else this name (case-insensitive), or None."""
    wanted = name_or_code.strip()
    rows = await Organisation.select(Organisation.id, Organisation.code, Organisation.name).where(
        policy.organisations()
    )
    by_code = [r for r in rows if r["code"] == wanted.upper()]
    by_name = [r for r in rows if r["name"].casefold() == wanted.casefold()]
    found = by_code or by_name
    return found[0] if found else None


async def create_organisation(actor: Actor, name: str, code: str | None = None) -> dict[str, Any]:
    """Register an organisation (admins only); without a code, one is derived from the name."""
    actor.require_admin()
    async with writing():
        return await _create(actor, name, code)


async def organisation_for_member(actor: Actor, name_or_code: str) -> dict[str, Any]:
    """The organisation a new member names, registered first when it is not yet (call inside
    the transaction that creates the member)."""
    found = await find_organisation(name_or_code)
    return found or await _create(actor, name_or_code, None)


async def _create(actor: Actor, name: str, code: str | None) -> dict[str, Any]:
    name = " ".join(name.split())
    if not 2 <= len(name) <= 300 or has_control(name):
        raise InvalidInput(_("el nombre de la organización debe tener de 2 a 300 caracteres"))
    code = (code or "").strip().upper() or await _free_code(derived_code(name))
    if not CODE.match(code):
        raise InvalidInput(
            _("código de organización no válido «%(code)s»: de 2 a 20 letras, cifras, - o _"), code=code[:40]
        )
    if await find_organisation(code) or await find_organisation(name):
        raise Conflict(_("ya existe la organización «%(name)s»"), name=name)
    row = Organisation(country=await country_id(), code=code, name=name, created_at=clock.now())
    await row.save()
    await audit.record(actor, "organisation.create", "organisation", code, after={"code": code, "name": name})
    return {"id": row.id, "code": code, "name": name}


async def _free_code(base: str) -> str:
    taken = {
        row["code"]
        for row in await Organisation.select(Organisation.code).where(
            policy.organisations(), Organisation.code.like(f"{base}%")
        )
    }
    if base not in taken:
        return base
    return next(f"{base}{n}" for n in range(2, 10_000) if f"{base}{n}" not in taken)


async def organisation_by_code(code: str) -> dict[str, Any]:
    """An organisation of the country by its code; NotFound otherwise."""
    row = (
        await Organisation.select(Organisation.id, Organisation.code, Organisation.name)
        .where(policy.organisations(), Organisation.code == code.strip().upper())
        .first()
    )
    if not row:
        raise NotFound(_("organización desconocida «%(code)s»"), code=code[:40])
    return row

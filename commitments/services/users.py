"""Users, memberships and personal API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel

from commitments import clock, policy
from commitments.actor import Actor
from commitments.canonical import sha256_hex
from commitments.db import writing
from commitments.errors import Conflict, InvalidInput, NotFound
from commitments.i18n import _
from commitments.lookup import agency_by_code, country_id
from commitments.passwords import check_policy, hash_password, verify_password
from commitments.services import audit
from commitments.services.organisations import organisation_for_member
from commitments.sorting import parse_sort
from commitments.tables import ApiToken, Membership, User
from commitments.vocabulary import Role, choices


def normalise_email(email: str) -> str:
    """A valid, lower-cased address (no deliverability check: no network here)."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput(_("dirección de correo no válida: %(email)s"), email=email) from exc


def check_membership(role: str, agency_code: str | None, organisation: str | None) -> None:
    """A role with what it needs: focal points an agency, civil-society members an
    organisation, and nobody else either."""
    if role not in choices(Role):
        raise InvalidInput(
            _("rol desconocido «%(role)s»: use %(roles)s"), role=role, roles=", ".join(choices(Role))
        )
    if role == Role.FOCAL_POINT and not agency_code:
        raise InvalidInput(_("un enlace institucional necesita una institución"))
    if role != Role.FOCAL_POINT and agency_code:
        raise InvalidInput(_("solo los enlaces institucionales pertenecen a una institución"))
    if role == Role.CIVIL_SOCIETY and not organisation:
        raise InvalidInput(_("un miembro de la sociedad civil necesita una organización"))
    if role != Role.CIVIL_SOCIETY and organisation:
        raise InvalidInput(_("solo los miembros de la sociedad civil pertenecen a una organización"))


async def create_user(
    actor: Actor,
    email: str,
    password: str,
    role: str,
    agency_code: str | None = None,
    display_name: str = "",
    organisation: str | None = None,
) -> int:
    """Create a user with one membership; focal points need an agency, civil-society members
    an organisation (its code or name: a name not yet registered registers it)."""
    actor.require_admin()
    email = normalise_email(email)
    check_membership(role, agency_code, organisation)
    check_policy(password)
    password_hash = await hash_password(password)
    async with writing():
        agency = await agency_by_code(agency_code) if agency_code else None
        group = await organisation_for_member(actor, organisation) if organisation else None
        if await User.exists().where(User.email == email):
            raise Conflict(_("ya existe un usuario con el correo %(email)s"), email=email)
        user = User(
            email=email, password_hash=password_hash, display_name=display_name, created_at=clock.now()
        )
        await user.save()
        await Membership.insert(
            Membership(
                user=user.id,
                role=role,
                agency=agency["id"] if agency else None,
                organisation=group["id"] if group else None,
                country=await country_id(),
            )
        )
        created = {"email": email, "role": role, "agency": agency_code}
        if group:
            created["organisation"] = group["code"]
        await audit.record(actor, "user.create", "user", user.id, after=created)
    return user.id


async def actor_for_user(user_id: int) -> Actor | None:
    """The Actor of an active user, with role and agency, or None."""
    rows = await Membership.select(
        Membership.user._.id,
        Membership.user._.email,
        Membership.user._.active,
        Membership.user._.credentials_version,
        Membership.role,
        Membership.approver,
        Membership.agency._.id,
        Membership.agency._.code,
        Membership.organisation._.id,
        Membership.organisation._.code,
    ).where(Membership.user._.id == user_id, policy.members())
    return _actor(rows[0]) if rows and rows[0]["user.active"] else None


def _actor(row: dict[str, Any]) -> Actor:
    return Actor(
        user_id=row["user.id"],
        email=row["user.email"],
        role=row["role"],
        agency_id=row["agency.id"],
        agency_code=row["agency.code"],
        credentials_version=row["user.credentials_version"],
        approver=bool(row["approver"]),
        organisation_id=row["organisation.id"],
        organisation_code=row["organisation.code"],
    )


async def authenticate(email: str, password: str) -> Actor | None:
    """The Actor for a correct email and password; None otherwise (same cost either way)."""
    try:
        email = normalise_email(email)
    except InvalidInput:
        email = ""
    user = await User.select(User.id, User.password_hash, User.active).where(User.email == email).first()
    ok = await verify_password(user["password_hash"] if user else None, password)
    if not (ok and user and user["active"]):
        return None
    await User.update({User.last_login: clock.now()}).where(User.id == user["id"])
    return await actor_for_user(user["id"])


async def create_token(actor: Actor, email: str, name: str = "cli") -> str:
    """Issue a personal API token for a user; only its hash is kept."""
    email = normalise_email(email)
    members = Membership.select(Membership.user).where(policy.users(actor))
    user = await User.select(User.id).where(User.email == email, User.id.is_in(members)).first()
    if not user:
        raise NotFound(_("no hay ningún usuario con el correo %(email)s"), email=email)
    token = "cmt_" + secrets.token_urlsafe(32)
    async with writing():
        await ApiToken.insert(
            ApiToken(user=user["id"], token_sha256=sha256_hex(token), name=name, created_at=clock.now())
        )
        await audit.record(actor, "token.create", "user", user["id"], after={"name": name})
    return token


async def actor_for_token(token: str) -> Actor | None:
    """The Actor a bearer token stands for, or None."""
    row = (
        await ApiToken.select(ApiToken.id, ApiToken.user, ApiToken.last_used_at)
        .where((ApiToken.token_sha256 == sha256_hex(token)) & ApiToken.revoked.eq(False))
        .first()
    )
    if not row:
        return None
    # Record use at most hourly: a write (and fsync) on every API call would cost more than
    # the call itself.
    now = clock.now()
    if row["last_used_at"] is None or now - row["last_used_at"] > dt.timedelta(hours=1):
        await ApiToken.update({ApiToken.last_used_at: now}).where(ApiToken.id == row["id"])
    return await actor_for_user(row["user"])


class UserOut(BaseModel):
    id: int
    email: str
    display_name: str
    active: bool
    role: str
    agency: str | None
    locale: str
    approver: bool = False
    organisation: str | None = None  # a civil-society member's organisation (its code)


_USER_COLUMNS = (
    Membership.user._.id.as_alias("id"),
    Membership.user._.email.as_alias("email"),
    Membership.user._.display_name.as_alias("display_name"),
    Membership.user._.active.as_alias("active"),
    Membership.user._.locale.as_alias("locale"),
    Membership.role,
    Membership.approver,
    Membership.agency._.code.as_alias("agency"),
    Membership.organisation._.code.as_alias("organisation"),
)


USER_SORTS = ("email", "display_name", "role", "agency", "active")


async def list_users(actor: Actor, sort: str | None = None) -> list[UserOut]:
    """Every user with role and agency (admins only), by email or by `sort` (one of USER_SORTS,
    `-` first for descending)."""
    name, ascending = parse_sort(sort, USER_SORTS, "email")
    rows = (
        await Membership.select(*_USER_COLUMNS).where(policy.users(actor)).order_by(Membership.user._.email)
    )
    users = [UserOut.model_validate(row) for row in rows]
    # A stable sort on the email order: ties stay alphabetical; empty values last.
    users.sort(key=lambda u: (getattr(u, name) in (None, ""), str(getattr(u, name) or "").lower()))
    if not ascending:
        users.reverse()
    return users


async def get_user(actor: Actor, user_id: int) -> UserOut:
    """One user (admins only)."""
    row = (
        await Membership.select(*_USER_COLUMNS)
        .where(Membership.user._.id == user_id, policy.users(actor))
        .first()
    )
    if not row:
        raise NotFound(_("usuario no encontrado"))
    return UserOut.model_validate(row)


async def set_active(actor: Actor, user_id: int, active: bool) -> None:
    """Deactivate (or reactivate) a user; a deactivated user's sessions and tokens stop working."""
    async with writing():
        row = (
            await User.select(User.id, User.email, User.active)
            .where(
                User.id == user_id,
                User.id.is_in(Membership.select(Membership.user).where(policy.users(actor))),
            )
            .first()
        )
        if not row:
            raise NotFound(_("usuario no encontrado"))
        if row["active"] != active:
            await User.update({User.active: active}).where(User.id == user_id)
            await audit.record(
                actor,
                "user.activate" if active else "user.deactivate",
                "user",
                user_id,
                before={"active": row["active"]},
                after={"active": active},
            )

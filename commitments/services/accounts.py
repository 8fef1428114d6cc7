"""Accounts: password reset by mail, changing one's own password, and an admin's edits.

A reset link carries `user.expiry.signature`, the signature an HMAC (the site's secret) over the
user, the expiry, the current password hash and the credentials version. Setting a password
changes the hash and raises the version, so a link works once; a version raised by an admin
reset or a password change also ends every session the user had (server.auth compares it)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from commitments import clock, policy, throttle
from commitments.actor import Actor
from commitments.db import writing
from commitments.errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from commitments.i18n import _, format_datetime, gettext, normalise_locale
from commitments.lookup import agency_by_code
from commitments.mail.letters import Letter, footer, greeting
from commitments.mail.outbox import Outgoing, Recipient, link, queue
from commitments.passwords import check_policy, hash_password, verify_password
from commitments.schemas import UserUpdate
from commitments.services import audit
from commitments.services.organisations import organisation_for_member
from commitments.services.users import check_membership, normalise_email
from commitments.settings import get_settings
from commitments.tables import Membership, User
from commitments.vocabulary import MailKind, Role

BAD_LINK = _("el enlace para restablecer la contraseña no es válido o ya venció; pida otro")


def _signature(user_id: int, expires: int, password_hash: str, version: int) -> str:
    secret = (get_settings().secret_key or "").encode()
    payload = f"password-reset|{user_id}|{expires}|{password_hash}|{version}".encode()
    digest = hmac.new(secret, payload, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def reset_token(user: dict[str, Any], expires: int) -> str:
    """A signed link token for this user's current credentials."""
    sig = _signature(user["id"], expires, user["password_hash"], user["credentials_version"])
    return f"{user['id']}.{expires}.{sig}"


def _parse(token: str) -> tuple[int, int, str]:
    parts = token.strip().split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit() or len(parts[2]) > 100:
        raise InvalidInput(BAD_LINK)
    return int(parts[0]), int(parts[1]), parts[2]


_USER = (User.id, User.email, User.password_hash, User.credentials_version, User.locale, User.display_name)


async def _member(user_id: int) -> dict[str, Any] | None:
    return await (
        User.select(*_USER, User.active)
        .where(User.id == user_id, User.id.is_in(Membership.select(Membership.user).where(policy.members())))
        .first()
    )


async def _queue_reset(user: dict[str, Any], by_admin: bool) -> None:
    minutes = get_settings().reset_minutes
    expires = int(clock.timestamp()) + minutes * 60
    token = reset_token(user, expires)
    to = Recipient(user["id"], user["email"], normalise_locale(user["locale"]), user["display_name"])
    loc = to.locale
    when = format_datetime(clock.from_timestamp(expires), loc)
    first = (
        gettext(loc, "Una persona administradora pidió que usted elija una contraseña nueva.")
        if by_admin
        else gettext(loc, "Se pidió restablecer la contraseña de su cuenta.")
    )
    letter = Letter(
        subject=gettext(loc, "Restablecer su contraseña"),
        greeting=greeting(loc, to.name),
        paragraphs=(
            first,
            gettext(
                loc,
                "El enlace sirve una sola vez y hasta el %(when)s. Si usted no lo pidió, ignore este mensaje: "
                "su contraseña no cambia.",
                when=when,
            ),
        ),
        action=gettext(loc, "Elegir una contraseña nueva"),
        link=link(f"/reset?token={token}"),
        footer=footer(loc),
    )
    await queue(
        [Outgoing(MailKind.PASSWORD_RESET, f"reset:{user['id']}:{expires}:{token[-12:]}", to, letter)]
    )


async def request_reset(email: str, client: str) -> int | None:
    """Mail a reset link to the address if it is an active user's; the caller answers the same
    either way. Throttled per address and per client: returns the seconds to wait, or None."""
    try:
        account = normalise_email(email)
    except InvalidInput:
        account = email.strip().lower()[:254]
    wait = await throttle.admit_reset(account, client)
    if wait is not None:
        return wait
    async with writing():
        user = await User.select(*_USER, User.active).where(User.email == account).first()
        if user and user["active"] and await _member(user["id"]):
            await _queue_reset(user, by_admin=False)
    return None


async def confirm_reset(token: str, password: str) -> int:
    """Set a new password with a reset link's token; returns the user's id. A used, expired,
    altered or foreign token is refused."""
    user_id, expires, sig = _parse(token)
    if expires < clock.timestamp():
        raise InvalidInput(BAD_LINK)
    check_policy(password)
    new_hash = await hash_password(password)
    async with writing():
        user = await _member(user_id)
        if not user or not user["active"]:
            raise InvalidInput(BAD_LINK)
        expected = _signature(user_id, expires, user["password_hash"], user["credentials_version"])
        if not hmac.compare_digest(expected, sig):
            raise InvalidInput(BAD_LINK)
        await _set_password(user, new_hash)
        await audit.record(_self(user), "user.password_reset", "user", user_id)
    return user_id


def _self(user: dict[str, Any]) -> Actor:
    return Actor(user_id=user["id"], email=user["email"], role=None)


async def _set_password(user: dict[str, Any], new_hash: str) -> int:
    """Store the new hash and end the user's sessions; atomic against a second use."""
    version = user["credentials_version"] + 1
    changed = (
        await User.update({User.password_hash: new_hash, User.credentials_version: version})
        .where((User.id == user["id"]) & (User.credentials_version == user["credentials_version"]))
        .returning(User.id)
    )
    if not changed:
        raise InvalidInput(BAD_LINK)
    return version


async def change_password(actor: Actor, current: str, new: str) -> int:
    """The signed-in user's own password; returns the new credentials version (the caller's
    session is renewed with it, every other session ends)."""
    actor.require_authenticated()
    if actor.user_id is None:
        raise Unauthenticated(_("debe iniciar sesión"))
    user = await _member(actor.user_id)
    if not user or not await verify_password(user["password_hash"], current):
        raise InvalidInput(_("la contraseña actual no es correcta"))
    if current == new:
        raise InvalidInput(_("la contraseña nueva debe ser distinta de la actual"))
    check_policy(new)
    new_hash = await hash_password(new)
    async with writing():
        version = await _set_password(user, new_hash)
        await audit.record(actor, "user.password", "user", actor.user_id)
    return version


async def admin_reset(actor: Actor, user_id: int) -> None:
    """End a user's sessions and mail them a link to choose a new password (the admin never
    sees or sets it)."""
    actor.require_admin()
    async with writing():
        user = await _member(user_id)
        if not user:
            raise NotFound(_("usuario no encontrado"))
        if not user["active"]:
            raise InvalidInput(_("reactive al usuario antes de restablecer su contraseña"))
        await User.update({User.credentials_version: User.credentials_version + 1}).where(User.id == user_id)
        user = {**user, "credentials_version": user["credentials_version"] + 1}
        await _queue_reset(user, by_admin=True)
        await audit.record(actor, "user.password_reset", "user", user_id, after={"by_admin": True})


async def update_user(actor: Actor, user_id: int, data: UserUpdate) -> None:
    """Change a user's role, agency, active state, name or language (admins only; an admin
    cannot demote or deactivate themselves, so a country never loses its last admin that way)."""
    actor.require_admin()
    async with writing():
        row = (
            await Membership.select(
                Membership.id,
                Membership.role,
                Membership.agency,
                Membership.agency._.code.as_alias("agency_code"),
                Membership.organisation._.code.as_alias("organisation_code"),
                Membership.approver,
                Membership.user._.active.as_alias("active"),
                Membership.user._.display_name.as_alias("display_name"),
                Membership.user._.locale.as_alias("locale"),
            )
            .where(Membership.user == user_id, policy.users(actor))
            .first()
        )
        if not row:
            raise NotFound(_("usuario no encontrado"))
        role = data.role if data.role is not None else row["role"]
        agency_code = (data.agency or None) if data.agency is not None else row["agency_code"]
        group = (data.organisation or None) if data.organisation is not None else row["organisation_code"]
        if data.role is not None and data.role != Role.FOCAL_POINT and data.agency is None:
            agency_code = None  # leaving the focal-point role leaves the agency
        if data.role is not None and data.role != Role.CIVIL_SOCIETY and data.organisation is None:
            group = None  # and leaving civil society leaves the organisation
        check_membership(role, agency_code, group)
        if data.approver and role != Role.FOCAL_POINT:
            raise InvalidInput(
                _("solo un enlace institucional puede aprobar las respuestas de su institución")
            )
        if user_id == actor.user_id and (role != row["role"] or data.active is False):
            raise Forbidden(_("no puede quitarse a sí mismo el rol de administración ni desactivarse"))
        agency_id = (await agency_by_code(agency_code))["id"] if agency_code else None
        organisation = await organisation_for_member(actor, group) if group else None
        before = {
            "role": row["role"],
            "agency": row["agency_code"],
            "active": row["active"],
            "display_name": row["display_name"],
            "locale": row["locale"],
            "approver": bool(row["approver"]),
            "organisation": row["organisation_code"],
        }
        after = {
            "role": role,
            "agency": agency_code,
            "organisation": organisation["code"] if organisation else None,
            "active": row["active"] if data.active is None else data.active,
            "display_name": row["display_name"] if data.display_name is None else data.display_name.strip(),
            "locale": row["locale"] if data.locale is None else data.locale,
            "approver": (bool(row["approver"]) if data.approver is None else data.approver)
            and role == Role.FOCAL_POINT,
        }
        if before == after:
            return
        await Membership.update(
            {
                Membership.role: role,
                Membership.agency: agency_id,
                Membership.organisation: organisation["id"] if organisation else None,
                Membership.approver: after["approver"],
            }
        ).where(Membership.id == row["id"])
        await User.update(
            {
                User.active: after["active"],
                User.display_name: after["display_name"],
                User.locale: after["locale"],
            }
        ).where(User.id == user_id)
        changed = {k for k in after if after[k] != before[k]}
        await audit.record(
            actor,
            "user.update",
            "user",
            user_id,
            before={k: before[k] for k in sorted(changed)},
            after={k: after[k] for k in sorted(changed)},
        )


async def own_locale(actor: Actor) -> str:
    """The language the signed-in user's mail is written in."""
    actor.require_authenticated()
    row = await User.select(User.locale).where(User.id == actor.user_id).first()
    return normalise_locale(row["locale"] if row else None)


async def set_own_locale(actor: Actor, locale: str) -> None:
    """The language the signed-in user's mail is written in."""
    actor.require_authenticated()
    if locale not in ("es", "en"):
        raise InvalidInput(_("idioma desconocido «%(locale)s»: use es o en"), locale=locale)
    await User.update({User.locale: locale}).where(User.id == actor.user_id)

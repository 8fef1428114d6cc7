"""Writing roundtables: their plan, participants, linked recommendations and activities.

The commission creates roundtables; each is then changed by its coordinator or an admin
(`policy.may_change_roundtable`). Every write runs in one transaction and is audited.
"""

from __future__ import annotations

from typing import Any

from commitments import clock, policy
from commitments.actor import Actor
from commitments.db import by_name, writing
from commitments.errors import Conflict, InvalidInput, NotFound
from commitments.i18n import _
from commitments.lookup import country_id
from commitments.roundtables.schemas import (
    LANGUAGES,
    LIST_FIELDS,
    ActivityIn,
    ActivityPatch,
    ParticipantIn,
    RoundtableIn,
    RoundtablePatch,
)
from commitments.services import audit
from commitments.tables import (
    Membership,
    Recommendation,
    Roundtable,
    RoundtableActivity,
    RoundtableParticipant,
    RoundtableRecommendation,
)
from commitments.vocabulary import Role

MISSING = _("mesa técnica no encontrada")
STALE = _("otra persona cambió esta mesa técnica después de que usted la abrió; vuelva a cargarla")
STALE_ACTIVITY = _("otra persona cambió esta actividad después de que usted la abrió; vuelva a cargarla")
# Fields kept apart from the plan's columns: they live in rows of their own or name a user.
RELATED = ("coordinator", "participants", "recommendations")


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """Plan values as columns hold them: list fields as one item per line."""
    stored = dict(values)
    for name in LIST_FIELDS:
        for lang in LANGUAGES:
            key = f"{name}_{lang}"
            if key in stored and isinstance(stored[key], list):
                stored[key] = "\n".join(stored[key])
    return stored


async def _coordinator(email: str | None, actor: Actor) -> int | None:
    """The user id of a coordinator named by e-mail: a member of this country's commission."""
    if not email:
        return actor.user_id
    row = (
        await Membership.select(Membership.user)
        .where(
            (Membership.user._.email == email.strip().lower())
            & Membership.role.is_in([Role.ADMIN, Role.ANALYST])
            & Membership.user._.active.eq(True),
            policy.members(),
        )
        .first()
    )
    if not row:
        raise InvalidInput(
            _("%(email)s no es un usuario activo de la comisión: no puede coordinar una mesa técnica"),
            email=email,
        )
    return int(row["user"])


async def _recommendation_ids(codes: list[str]) -> list[int]:
    """Ids of the country's recommendations by code, in the order given (duplicates once)."""
    wanted = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    if not wanted:
        return []
    rows = await Recommendation.select(Recommendation.id, Recommendation.code).where(
        Recommendation.code.is_in(wanted), Recommendation.country.is_in(policy.country())
    )
    found = {row["code"]: row["id"] for row in rows}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise InvalidInput(_("recomendación desconocida «%(code)s»"), code=unknown[0])
    return [found[code] for code in wanted]


async def _replace_participants(roundtable_id: int, participants: list[ParticipantIn]) -> None:
    await RoundtableParticipant.delete().where(RoundtableParticipant.roundtable == roundtable_id)
    if participants:
        await RoundtableParticipant.insert(
            *(
                RoundtableParticipant(
                    roundtable=roundtable_id,
                    sector=p.sector.value,
                    organisation=p.organisation,
                    position=index,
                )
                for index, p in enumerate(participants)
            )
        )


async def _replace_links(roundtable_id: int, recommendation_ids: list[int]) -> None:
    await RoundtableRecommendation.delete().where(RoundtableRecommendation.roundtable == roundtable_id)
    if recommendation_ids:
        await RoundtableRecommendation.insert(
            *(
                RoundtableRecommendation(roundtable=roundtable_id, recommendation=rid)
                for rid in recommendation_ids
            )
        )


async def create_roundtable(actor: Actor, data: RoundtableIn) -> int:
    """Add a roundtable with its plan; its coordinator is the one named, or the creator."""
    actor.require_commission()
    async with writing():
        country = await country_id()
        if await Roundtable.exists().where((Roundtable.country == country) & (Roundtable.code == data.code)):
            raise Conflict(_("la mesa técnica %(code)s ya existe"), code=data.code)
        coordinator = await _coordinator(data.coordinator, actor)
        links = await _recommendation_ids(data.recommendations)
        values = _stored(data.model_dump(exclude=set(RELATED)))
        now = clock.now()
        row = Roundtable(country=country, coordinator=coordinator, created_at=now, updated_at=now, **values)
        await row.save()
        await _replace_participants(row.id, data.participants)
        await _replace_links(row.id, links)
        await audit.record(
            actor, "roundtable.create", "roundtable", row.id, after=data.model_dump(mode="json")
        )
    return int(row.id)


async def _for_change(actor: Actor, roundtable_id: int) -> dict[str, Any]:
    """The roundtable's row, if the actor may change it (404 when absent or foreign)."""
    actor.require_authenticated()
    row = await Roundtable.select().where(Roundtable.id == roundtable_id, policy.roundtables(actor)).first()
    if not row:
        raise NotFound(MISSING)
    policy.may_change_roundtable(actor, row["coordinator"])
    return row


async def update_roundtable(actor: Actor, roundtable_id: int, patch: RoundtablePatch) -> int:
    """Change a roundtable if nobody changed it since `patch.version`; return the new version."""
    async with writing():
        existing = await _for_change(actor, roundtable_id)
        if existing["version"] != patch.version:
            raise Conflict(STALE)
        sent = patch.model_dump(exclude_unset=True, exclude={"version"})
        values = _stored({k: v for k, v in sent.items() if k not in RELATED})
        if "coordinator" in sent:
            values["coordinator"] = await _coordinator(sent["coordinator"], actor)
        changed = {k: v for k, v in values.items() if existing[k] != v}
        if "participants" in sent:
            await _replace_participants(roundtable_id, patch.participants or [])
            changed["participants"] = sent["participants"]
        if "recommendations" in sent:
            await _replace_links(roundtable_id, await _recommendation_ids(patch.recommendations or []))
            changed["recommendations"] = sent["recommendations"]
        if not changed:
            return int(existing["version"])
        return await _bump(actor, existing, changed)


async def _bump(actor: Actor, existing: dict[str, Any], changed: dict[str, Any]) -> int:
    columns = {k: v for k, v in changed.items() if k not in ("participants", "recommendations")}
    version = existing["version"] + 1
    updated = (
        await Roundtable.update(by_name({**columns, "version": version, "updated_at": clock.now()}))
        .where((Roundtable.id == existing["id"]) & (Roundtable.version == existing["version"]))
        .returning(Roundtable.id)
    )
    if not updated:
        raise Conflict(STALE)
    await audit.record(
        actor,
        "roundtable.update",
        "roundtable",
        existing["id"],
        before={k: existing[k] for k in columns},
        after=changed,
    )
    return version


async def add_activity(actor: Actor, roundtable_id: int, data: ActivityIn) -> int:
    """Add an activity at the end of the roundtable's work plan."""
    async with writing():
        await _for_change(actor, roundtable_id)
        last = (
            await RoundtableActivity.select(RoundtableActivity.position)
            .where(RoundtableActivity.roundtable == roundtable_id)
            .order_by(RoundtableActivity.position, ascending=False)
            .first()
        )
        row = RoundtableActivity(
            roundtable=roundtable_id, position=(last["position"] + 1) if last else 0, **data.model_dump()
        )
        await row.save()
        await audit.record(
            actor,
            "roundtable.activity",
            "roundtable",
            roundtable_id,
            after={"activity": row.id, **_json(data)},
        )
    return int(row.id)


def _json(data: ActivityIn | ActivityPatch) -> dict[str, Any]:
    return data.model_dump(mode="json", exclude_unset=isinstance(data, ActivityPatch))


async def update_activity(actor: Actor, roundtable_id: int, activity_id: int, patch: ActivityPatch) -> int:
    """Change an activity (state, dates, who is responsible…); return its new version."""
    async with writing():
        await _for_change(actor, roundtable_id)
        existing = (
            await RoundtableActivity.select()
            .where((RoundtableActivity.id == activity_id) & (RoundtableActivity.roundtable == roundtable_id))
            .first()
        )
        if not existing:
            raise NotFound(_("actividad no encontrada"))
        if existing["version"] != patch.version:
            raise Conflict(STALE_ACTIVITY)
        values = patch.model_dump(exclude_unset=True, exclude={"version"})
        starts, ends = (
            values.get("starts_on", existing["starts_on"]),
            values.get("ends_on", existing["ends_on"]),
        )
        if starts and ends and ends < starts:
            raise InvalidInput(_("la actividad no puede terminar antes de empezar"))
        changed = {k: v for k, v in values.items() if existing[k] != v}
        if not changed:
            return int(existing["version"])
        version = existing["version"] + 1
        updated = (
            await RoundtableActivity.update(by_name({**changed, "version": version}))
            .where((RoundtableActivity.id == activity_id) & (RoundtableActivity.version == patch.version))
            .returning(RoundtableActivity.id)
        )
        if not updated:
            raise Conflict(STALE_ACTIVITY)
        await audit.record(
            actor,
            "roundtable.activity",
            "roundtable",
            roundtable_id,
            before={"activity": activity_id, **{k: existing[k] for k in changed}},
            after={"activity": activity_id, **_json(patch)},
        )
    return version

"""Writing the catalogue: cycles, recommendations and the links between them."""

from __future__ import annotations

from typing import Any

from commitments import clock, policy
from commitments.actor import Actor
from commitments.db import by_name, writing
from commitments.errors import Conflict, InvalidInput, NotFound
from commitments.i18n import _
from commitments.item_rules import TRANSLATION_FIELDS, Problem, check_item, settle_states
from commitments.kinds import KIND_FIELDS
from commitments.lookup import country_id, cycle_by_code, mechanism_by_code, ogp_value_codes
from commitments.schemas import CycleIn, RecommendationIn, RecommendationPatch
from commitments.search import index_recommendations
from commitments.services import audit
from commitments.tables import Cycle, Provision, Recommendation, RecommendationLink, Scale
from commitments.vocabulary import LinkKind, choices

LINK_KINDS = choices(LinkKind)
# Columns an audit event shows for a recommendation.
_AUDITED = (
    "code",
    "reference",
    "title",
    "text",
    "language",
    *TRANSLATION_FIELDS,
    "theme",
    "kind",
    "provision",
    "parent",
    "issued_on",
    "due_on",
    "source_title",
    "source_url",
    "verbatim_status",
    *KIND_FIELDS,
    "version",
)


def recommendation_code(mechanism: str, cycle: str, reference: str) -> str:
    """The natural key: {MECHANISM}-{CYCLE}-{reference}."""
    return f"{mechanism.upper()}-{cycle}-{reference}"


def _audited(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row.get(key) for key in _AUDITED}


async def create_cycle(actor: Actor, data: CycleIn) -> int:
    """Add a review round, validation, assurance report or action plan."""
    actor.require_commission()
    mechanism = await mechanism_by_code(data.mechanism)
    async with writing():
        if await cycle_by_code(mechanism["id"], data.code):
            raise Conflict(_("el ciclo %(code)s ya existe"), code=f"{data.mechanism}-{data.code}")
        cycle = Cycle(
            mechanism=mechanism["id"],
            country=await country_id(),
            code=data.code,
            name_es=data.name or data.code,
            name_en=data.name_en or data.name or data.code,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            adopted_on=data.adopted_on,
            report_title=data.report_title,
            report_url=data.report_url,
            scale=await _scale_id(mechanism["id"], data.scale),
        )
        await cycle.save()
        await audit.record(actor, "cycle.create", "cycle", cycle.id, after=data.model_dump(mode="json"))
    return cycle.id


async def _scale_id(mechanism_id: int, code: str | None) -> int | None:
    """A scale of the mechanism by its code (None: the mechanism's first)."""
    if not code:
        return None
    row = await Scale.select(Scale.id).where((Scale.mechanism == mechanism_id) & (Scale.code == code)).first()
    if not row:
        raise InvalidInput(_("escala desconocida «%(code)s» para este mecanismo"), code=code)
    return row["id"]


async def _resolve(data: RecommendationIn) -> dict[str, Any]:
    """Turn codes into row ids, with an error naming what is unknown."""
    mechanism = await mechanism_by_code(data.mechanism)
    cycle = await cycle_by_code(mechanism["id"], data.cycle)
    if not cycle:
        raise InvalidInput(_("ciclo desconocido «%(code)s»"), code=f"{data.mechanism}-{data.cycle}")
    provision_id = None
    if data.provision:
        provision = (
            await Provision.select(Provision.id)
            .where((Provision.mechanism == mechanism["id"]) & (Provision.code == data.provision))
            .first()
        )
        if not provision:
            raise InvalidInput(
                _("disposición desconocida «%(code)s» para %(mechanism)s"),
                code=data.provision,
                mechanism=data.mechanism,
            )
        provision_id = provision["id"]
    parent_id = None
    if data.parent:
        parent_code = recommendation_code(data.mechanism, data.cycle, data.parent)
        parent = (
            await Recommendation.select(Recommendation.id)
            .where((Recommendation.code == parent_code) & (Recommendation.country == cycle["country"]))
            .first()
        )
        if not parent:
            raise InvalidInput(
                _("no existe la recomendación madre «%(parent)s» en el ciclo %(cycle)s"),
                parent=data.parent,
                cycle=data.cycle,
            )
        parent_id = parent["id"]
    return {"cycle": cycle["id"], "country": cycle["country"], "provision": provision_id, "parent": parent_id}


async def _columns(data: RecommendationIn, refs: dict[str, Any]) -> dict[str, Any]:
    """The row of a new recommendation, its kind, kind fields and translations checked."""
    given = data.model_dump(exclude={"mechanism", "cycle", "parent", "provision"})
    values, present, problems = check_item(
        data.mechanism, given, frozenset(data.model_fields_set | {"kind"}), await ogp_value_codes()
    )
    problems += settle_states(values, present, None)
    raise_problems(problems)
    return {**refs, **values, "code": recommendation_code(data.mechanism, data.cycle, data.reference)}


def raise_problems(problems: list[Problem]) -> None:
    """The first problem as a domain error; `extra.field` names its field."""
    if problems:
        first = problems[0]
        raise InvalidInput(first.message, extra={"field": first.field}, **first.params)


async def create_recommendation(actor: Actor, data: RecommendationIn) -> int:
    """Add one recommendation to an existing cycle."""
    actor.require_commission()
    async with writing():
        columns = await _columns(data, await _resolve(data))
        if await Recommendation.exists().where(
            (Recommendation.code == columns["code"]) & (Recommendation.country == columns["country"])
        ):
            raise Conflict(_("la recomendación %(code)s ya existe"), code=columns["code"])
        row = Recommendation(**columns, created_at=clock.now(), updated_at=clock.now())
        await row.save()
        await index_recommendations([row.id])
        await audit.record(
            actor, "recommendation.create", "recommendation", columns["code"], after=_audited(columns)
        )
    return row.id


async def update_recommendation(actor: Actor, recommendation_id: int, patch: RecommendationPatch) -> int:
    """Change a recommendation if nobody changed it since `patch.version`; return the new version."""
    actor.require_commission()
    async with writing():
        existing = (
            await Recommendation.select()
            .where(Recommendation.id == recommendation_id, policy.recommendations(actor))
            .first()
        )
        if not existing:
            raise NotFound(_("recomendación no encontrada"))
        if existing["version"] != patch.version:
            raise Conflict(
                _("otra persona cambió esta recomendación después de que usted la abrió; vuelva a cargarla")
            )
        values = patch.model_dump(exclude_unset=True, exclude={"version"})
        mechanism = await _mechanism_code(existing["cycle"])
        checked, _present, problems = check_item(
            mechanism, {**existing, **values}, frozenset(values), await ogp_value_codes()
        )
        raise_problems(problems)
        values = {name: checked[name] for name in values}
        if "provision" in values:
            values["provision"] = await _provision_id(existing["cycle"], values["provision"])
        changed: dict[str, Any] = {k: v for k, v in values.items() if existing[k] != v}
        if not changed:
            return existing["version"]
        new_version = existing["version"] + 1
        result = (
            await Recommendation.update(
                by_name({**changed, "version": new_version, "updated_at": clock.now()})
            )
            .where((Recommendation.id == recommendation_id) & (Recommendation.version == patch.version))
            .returning(Recommendation.id)
        )
        if not result:
            raise Conflict(
                _("otra persona cambió esta recomendación después de que usted la abrió; vuelva a cargarla")
            )
        await index_recommendations([recommendation_id])
        await audit.record(
            actor,
            "recommendation.update",
            "recommendation",
            existing["code"],
            before={k: existing[k] for k in changed},
            after=changed,
        )
    return new_version


async def _mechanism_code(cycle_id: int) -> str:
    row = await Cycle.select(Cycle.mechanism._.code.as_alias("code")).where(Cycle.id == cycle_id).first()
    assert row is not None  # a recommendation's own cycle
    return row["code"]


async def _provision_id(cycle_id: int, code: str | None) -> int | None:
    if not code:
        return None
    cycle = await Cycle.select(Cycle.mechanism).where(Cycle.id == cycle_id).first()
    assert cycle is not None  # the recommendation's own cycle
    row = (
        await Provision.select(Provision.id)
        .where((Provision.mechanism == cycle["mechanism"]) & (Provision.code == code))
        .first()
    )
    if not row:
        raise InvalidInput(_("disposición desconocida «%(code)s»"), code=code)
    return row["id"]


async def link_recommendations(actor: Actor, a_id: int, b_id: int, kind: str = "related") -> None:
    """Record that two recommendations answer the same reform (stored once per pair)."""
    actor.require_commission()
    if kind not in LINK_KINDS:
        raise InvalidInput(
            _("tipo de vínculo desconocido «%(kind)s»: use %(kinds)s"), kind=kind, kinds=", ".join(LINK_KINDS)
        )
    if a_id == b_id:
        raise InvalidInput(_("una recomendación no puede vincularse consigo misma"))
    a_id, b_id = sorted((a_id, b_id))
    async with writing():
        codes = await Recommendation.select(Recommendation.id, Recommendation.code).where(
            Recommendation.id.is_in([a_id, b_id]), policy.recommendations(actor)
        )
        if len(codes) != 2:
            raise NotFound(_("recomendación no encontrada"))
        if await RecommendationLink.exists().where(
            (RecommendationLink.a == a_id) & (RecommendationLink.b == b_id)
        ):
            raise Conflict(_("estas recomendaciones ya están vinculadas"))
        await RecommendationLink.insert(RecommendationLink(a=a_id, b=b_id, kind=kind))
        by_id = {row["id"]: row["code"] for row in codes}
        await audit.record(
            actor,
            "recommendation.link",
            "recommendation",
            by_id[a_id],
            after={"a": by_id[a_id], "b": by_id[b_id], "kind": kind},
        )

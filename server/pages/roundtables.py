"""Technical roundtables: the list, each plan, and the forms of the commission (its coordinator
edits a plan; any member of the commission may start one)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from commitments import policy
from commitments.actor import Actor
from commitments.i18n import _
from commitments.roundtables import queries, service
from commitments.roundtables.schemas import (
    LANGUAGES,
    LIST_FIELDS,
    ActivityIn,
    ActivityPatch,
    RoundtableIn,
    RoundtablePatch,
)
from commitments.vocabulary import Sector
from server.auth import CurrentActor
from server.pages.forms import FormAction, FormState
from server.pages.rendering import back_to, notify, render
from server.pages.session import signed_in
from server.params import PathId

PLAIN = ("topic_es", "topic_en", "general_objective_es", "general_objective_en", "duration_es", "duration_en")


def _items(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def plan_values(data: Mapping[str, str]) -> dict[str, Any]:
    """The plan's fields from the form: list fields one item per line, participants one
    organisation per line in each sector's box, recommendations by code."""
    values: dict[str, Any] = {k: data.get(k, "") for k in PLAIN}
    for name in LIST_FIELDS:
        for lang in LANGUAGES:
            values[f"{name}_{lang}"] = _items(data.get(f"{name}_{lang}"))
    values["participants"] = [
        {"sector": sector.value, "organisation": organisation}
        for sector in Sector
        for organisation in _items(data.get(f"participants_{sector.value}"))
    ]
    values["recommendations"] = [c for c in re.split(r"[\s,;]+", data.get("recommendations", "")) if c]
    values["coordinator"] = data.get("coordinator", "").strip() or None
    return values


def form_of(plan: Any) -> dict[str, str]:
    """A stored plan as the edit form shows it."""
    values = {k: getattr(plan, k) for k in PLAIN}
    for name in LIST_FIELDS:
        for lang in LANGUAGES:
            values[f"{name}_{lang}"] = "\n".join(getattr(plan, f"{name}_{lang}"))
    for sector in Sector:
        values[f"participants_{sector.value}"] = "\n".join(
            p.organisation for p in plan.participants if p.sector == sector.value
        )
    values["recommendations"] = "\n".join(r.code for r in plan.recommendations)
    values["coordinator"] = plan.coordinator.email if plan.coordinator else ""
    values["active"] = "1" if plan.active else ""
    return values


async def list_page(request: Request[Any, Any, Any], actor: Actor, form: FormState | None = None) -> Template:
    """Every roundtable, with the form to start one (commission)."""
    found = await queries.list_roundtables(actor, page_size=200)
    return render(
        request,
        actor,
        "roundtables.html",
        form.status if form else 200,
        roundtables=found.items,
        form=form or FormState(),
    )


async def plan_page(
    request: Request[Any, Any, Any], actor: Actor, roundtable_id: int, form: FormState | None = None
) -> Template:
    """One roundtable's plan; its coordinator (or an admin) gets the forms."""
    plan = await queries.get_roundtable(actor, roundtable_id)
    editable = policy.may_edit_roundtable(actor, plan.coordinator_id)
    return render(
        request,
        actor,
        "roundtable.html",
        form.status if form else 200,
        plan=plan,
        editable=editable,
        form=form or FormState(),
        stored=form_of(plan),
        sectors=[s.value for s in Sector],
    )


class RoundtablePages(Controller):
    include_in_schema = False
    guards = [signed_in]
    path = "/roundtables"

    @get("/")
    async def index(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        return await list_page(request, actor)

    @post("/")
    async def create(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        with FormAction("roundtable", data) as form:
            values = {**plan_values(data), "code": data.get("code", "")}
            new_id = await service.create_roundtable(actor, RoundtableIn.model_validate(values))
        if form.failed:
            return await list_page(request, actor, form.failed)
        notify(request, _("Mesa técnica creada."))
        return back_to(f"/roundtables/{new_id}")

    @get("/{roundtable_id:int}")
    async def detail(
        self, request: Request[Any, Any, Any], roundtable_id: PathId, actor: CurrentActor
    ) -> Template:
        return await plan_page(request, actor, roundtable_id)

    @post("/{roundtable_id:int}")
    async def change(
        self,
        request: Request[Any, Any, Any],
        roundtable_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        with FormAction("plan", data) as form:
            values = {
                **plan_values(data),
                "version": data.get("version"),
                "active": data.get("active") == "1",
            }
            await service.update_roundtable(actor, roundtable_id, RoundtablePatch.model_validate(values))
        if form.failed:
            return await plan_page(request, actor, roundtable_id, form.failed)
        notify(request, _("Cambios guardados."))
        return back_to(f"/roundtables/{roundtable_id}")

    @post("/{roundtable_id:int}/activities")
    async def add_activity(
        self,
        request: Request[Any, Any, Any],
        roundtable_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        with FormAction("activity", data) as form:
            await service.add_activity(actor, roundtable_id, ActivityIn.model_validate(_activity(data)))
        if form.failed:
            return await plan_page(request, actor, roundtable_id, form.failed)
        notify(request, _("Actividad agregada."))
        return back_to(f"/roundtables/{roundtable_id}#activities")

    @post("/{roundtable_id:int}/activities/{activity_id:int}")
    async def change_activity(
        self,
        request: Request[Any, Any, Any],
        roundtable_id: PathId,
        activity_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        with FormAction(f"activity-{activity_id}", data) as form:
            patch = ActivityPatch.model_validate({**_activity(data), "version": data.get("version")})
            await service.update_activity(actor, roundtable_id, activity_id, patch)
        if form.failed:
            return await plan_page(request, actor, roundtable_id, form.failed)
        notify(request, _("Actividad actualizada."))
        return back_to(f"/roundtables/{roundtable_id}#activities")


def _activity(data: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {
        k: data.get(k, "") for k in ("description_es", "description_en", "responsible", "state")
    }
    values["starts_on"] = data.get("starts_on") or None
    values["ends_on"] = data.get("ends_on") or None
    if not values["state"]:
        values.pop("state")
    return values

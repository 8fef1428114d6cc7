"""Reporting periods: the commission creates them and opens or closes them."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template

from commitments.actor import Actor
from commitments.i18n import _
from commitments.queries.reference import list_periods
from commitments.schemas import PeriodIn
from commitments.services import periods
from server.auth import CurrentActor
from server.formdata import parse
from server.pages.forms import FormAction, FormState
from server.pages.rendering import back_to, notify, render
from server.pages.session import signed_in


async def periods_page(
    request: Request[Any, Any, Any], actor: Actor, form: FormState | None = None
) -> Template:
    """Periods, latest first, with the form to add one."""
    actor.require_commission()
    return render(
        request,
        actor,
        "periods.html",
        form.status if form else 200,
        periods=await list_periods(actor),
        form=form or FormState(),
    )


class PeriodPages(Controller):
    include_in_schema = False
    guards = [signed_in]
    path = "/periods"

    @get("/")
    async def list_page(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        return await periods_page(request, actor)

    @post("/")
    async def create(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        with FormAction("period", data) as form:
            await periods.create_period(actor, parse(PeriodIn, data), open_now=data.get("open") == "1")
        if form.failed:
            return await periods_page(request, actor, form.failed)
        notify(request, _("Periodo creado."))
        return back_to("/periods")

    @post("/{code:str}/{action:str}")
    async def open_or_close(
        self, request: Request[Any, Any, Any], code: FromPath[str], action: FromPath[str], actor: CurrentActor
    ) -> Template | Redirect:
        # Only two verbs exist; anything else is a mistyped URL.
        if action not in ("open", "close"):
            from litestar.exceptions import NotFoundException

            raise NotFoundException()
        with FormAction("period-state", {}) as form:
            await periods.set_open(actor, code, action == "open")
        if form.failed:  # e.g. another period is still open
            return await periods_page(request, actor, form.failed)
        notify(request, _("Periodo abierto.") if action == "open" else _("Periodo cerrado."))
        return back_to("/periods")

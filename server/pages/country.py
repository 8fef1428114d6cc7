"""The admin's page for who issues the country's reports: institution, signatory, contact."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from commitments.actor import Actor
from commitments.i18n import _
from commitments.schemas import ISSUER_FIELDS, CountryPatch
from commitments.services.country import get_country, update_country
from server.auth import CurrentActor
from server.formdata import parse
from server.pages.forms import FormAction, FormState
from server.pages.rendering import back_to, notify, render
from server.pages.session import signed_in


async def country_page(
    request: Request[Any, Any, Any], actor: Actor, form: FormState | None = None
) -> Template:
    """The issuer's fields, with the form to change them (admin)."""
    actor.require_admin()
    return render(
        request,
        actor,
        "country.html",
        form.status if form else 200,
        country=await get_country(actor),
        form=form or FormState(),
    )


class CountryPages(Controller):
    include_in_schema = False
    guards = [signed_in]

    @get("/country")
    async def show(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        return await country_page(request, actor)

    @post("/country")
    async def change(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        with FormAction("issuer", data) as form:
            fields = {k: data.get(k, "") for k in ISSUER_FIELDS}
            await update_country(actor, parse(CountryPatch, fields))
        if form.failed:
            return await country_page(request, actor, form.failed)
        notify(request, _("Datos del emisor guardados."))
        return back_to("/country")

"""Administration: users with their role and agency, and the agencies themselves."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from commitments.actor import Actor
from commitments.i18n import _, gettext
from commitments.queries.reference import list_agencies
from commitments.schemas import AgencyIn, AgencyPatch, UserUpdate
from commitments.services import accounts, agencies, users
from commitments.services.organisations import list_organisations
from commitments.vocabulary import word
from server.auth import CurrentActor
from server.formdata import parse
from server.i18n import request_locale
from server.pages.forms import FormAction, FormState
from server.pages.rendering import back_to, export_link, notify, render, sort_links
from server.pages.session import signed_in
from server.pages.sheets import xlsx_download
from server.params import PathId


async def users_page(
    request: Request[Any, Any, Any], actor: Actor, form: FormState | None = None
) -> Template:
    """Users and agencies, with the forms to add them."""
    sort = request.query_params.get("sort") or None
    return render(
        request,
        actor,
        "users.html",
        form.status if form else 200,
        users=await users.list_users(actor, sort),
        sorts=sort_links(request, sort, list(users.USER_SORTS), "email"),
        export=export_link(request, "/users/export.xlsx"),
        agencies=await list_agencies(),
        organisations=await list_organisations(),
        form=form or FormState(),
    )


def _new_user(actor: Actor, data: dict[str, str]) -> Any:
    return users.create_user(
        actor,
        data.get("email", ""),
        data.get("password", ""),
        data.get("role", ""),
        data.get("agency") or None,
        data.get("display_name", "").strip(),
        data.get("organisation") or None,
    )


class AdminPages(Controller):
    include_in_schema = False
    guards = [signed_in]

    @get("/users")
    async def list_page(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        return await users_page(request, actor)

    @get("/users/export.xlsx")
    async def export(
        self,
        request: Request[Any, Any, Any],
        actor: CurrentActor,
        sort: Annotated[str | None, QueryParameter(name="sort", max_length=20)] = None,
    ) -> Response[bytes]:
        locale = request_locale(request)
        headers = [
            gettext(locale, h)
            for h in (
                _("Correo electrónico"),
                _("Nombre"),
                _("Rol"),
                _("Institución"),
                _("Estado"),
                _("Idioma"),
            )
        ]
        rows = [
            [
                u.email,
                u.display_name,
                word(locale, "role", u.role),
                u.agency or "",
                gettext(locale, "Activo") if u.active else gettext(locale, "Desactivado"),
                u.locale,
            ]
            for u in await users.list_users(actor, sort or None)
        ]
        return xlsx_download(gettext(locale, "usuarios"), headers, rows)

    @post("/users")
    async def add_user(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        with FormAction("user", data) as form:
            await _new_user(actor, data)
        if form.failed:
            form.failed.values = {k: v for k, v in data.items() if k != "password"}
            return await users_page(request, actor, form.failed)
        notify(request, _("Usuario creado."))
        return back_to("/users")

    @post("/users/{user_id:int}/active")
    async def set_active(
        self,
        request: Request[Any, Any, Any],
        user_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Redirect:
        active = data.get("active") == "1"
        await users.set_active(actor, user_id, active)
        notify(request, _("Usuario reactivado.") if active else _("Usuario desactivado."))
        return back_to("/users")

    @post("/users/{user_id:int}")
    async def edit_user(
        self,
        request: Request[Any, Any, Any],
        user_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        with FormAction(f"user-{user_id}", data) as form:
            change = UserUpdate(
                display_name=data.get("display_name"),
                locale=data.get("locale") or None,
                role=data.get("role") or None,
                agency=data.get("agency", "") if "role" in data else None,
                organisation=data.get("organisation", "") if "role" in data else None,
                approver=data.get("approver") == "1" if (data.get("role") or "") == "focal_point" else None,
            )
            await accounts.update_user(actor, user_id, change)
        if form.failed:
            return await users_page(request, actor, form.failed)
        notify(request, _("Usuario modificado."))
        return back_to("/users")

    @post("/users/{user_id:int}/password-reset")
    async def reset_user(
        self, request: Request[Any, Any, Any], user_id: PathId, actor: CurrentActor
    ) -> Redirect:
        await accounts.admin_reset(actor, user_id)
        notify(
            request, _("Se cerraron sus sesiones y se le envió un enlace para elegir una contraseña nueva.")
        )
        return back_to("/users")

    @post("/agencies/{code:str}/signoff")
    async def set_signoff(
        self,
        request: Request[Any, Any, Any],
        code: FromPath[str],
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Redirect:
        required = data.get("requires_signoff") == "1"
        await agencies.update_agency(actor, code[:20], AgencyPatch(requires_signoff=required))
        notify(
            request, _("Aprobación interna exigida.") if required else _("Aprobación interna ya no exigida.")
        )
        return back_to("/users#agencies")

    @post("/agencies")
    async def add_agency(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        with FormAction("agency", data) as form:
            await agencies.create_agency(actor, parse(AgencyIn, data))
        if form.failed:
            return await users_page(request, actor, form.failed)
        notify(request, _("Institución creada."))
        return back_to("/users#agencies")

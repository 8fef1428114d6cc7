"""One's own account (password, mail language, the messages sent) and the password reset
pages reached from the login page and from a reset mail."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.params import QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from commitments.actor import Actor
from commitments.errors import InvalidInput
from commitments.i18n import _
from commitments.mail import outbox
from commitments.services import accounts
from server.auth import CurrentActor, client_address, keep_session
from server.pages.forms import FormAction, FormState
from server.pages.rendering import back_to, notify, render
from server.pages.session import signed_in

# Long enough for any real token, short enough to keep a hostile query string out.
_TOKEN = Annotated[str | None, QueryParameter(name="token", max_length=300)]


async def account_page(
    request: Request[Any, Any, Any], actor: Actor, form: FormState | None = None
) -> Template:
    return render(
        request,
        actor,
        "account.html",
        form.status if form else 200,
        mails=await outbox.sent_to(actor),
        mail_locale=await accounts.own_locale(actor),
        form=form or FormState(),
    )


class AccountPages(Controller):
    include_in_schema = False

    @get("/account", guards=[signed_in])
    async def account(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        return await account_page(request, actor)

    @post("/account/password", guards=[signed_in])
    async def change_password(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        with FormAction("password", {}) as form:
            if data.get("new_password", "") != data.get("confirm_password", ""):
                raise InvalidInput(_("las dos contraseñas nuevas no coinciden"))
            version = await accounts.change_password(
                actor, data.get("current_password", ""), data.get("new_password", "")
            )
        if form.failed:
            return await account_page(request, actor, form.failed)
        keep_session(request, version)
        notify(request, _("Contraseña cambiada. Las demás sesiones abiertas con su cuenta se cerraron."))
        return back_to("/account")

    @post("/account/locale", guards=[signed_in])
    async def set_locale(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        with FormAction("locale", data) as form:
            await accounts.set_own_locale(actor, data.get("locale", ""))
        if form.failed:
            return await account_page(request, actor, form.failed)
        notify(request, _("Idioma de los mensajes guardado."))
        return back_to("/account")

    @get("/reset")
    async def reset_form(
        self,
        request: Request[Any, Any, Any],
        actor: CurrentActor,
        token: _TOKEN = None,
        sent: Annotated[bool, QueryParameter(name="sent")] = False,
    ) -> Template:
        """Without a token: ask for a link. With one: choose the new password."""
        return render(request, actor, "reset.html", token=token or "", sent=sent, form=FormState())

    @post("/reset")
    async def request_reset(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        wait = await accounts.request_reset(data.get("email", "")[:254], client_address(request))
        if wait is not None:
            failed = FormState(
                "request", _("Demasiados intentos. Espere unos minutos y vuelva a intentarlo."), status=429
            )
            return render(request, actor, "reset.html", 429, token="", sent=False, form=failed)
        return back_to("/reset?sent=1")

    @post("/reset/confirm")
    async def confirm_reset(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        token = data.get("token", "")[:300]
        with FormAction("confirm", {}) as form:
            if data.get("password", "") != data.get("confirm_password", ""):
                raise InvalidInput(_("las dos contraseñas nuevas no coinciden"))
            await accounts.confirm_reset(token, data.get("password", ""))
        if form.failed:
            return render(
                request, actor, "reset.html", form.failed.status, token=token, sent=False, form=form.failed
            )
        return back_to("/login?reset=1")

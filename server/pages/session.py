"""Signing in and out of the web app."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler
from litestar.params import QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from commitments.errors import Unauthenticated
from commitments.i18n import _
from server.auth import CurrentActor, TooManyAttempts, log_in, log_out, provide_actor
from server.pages.rendering import back_to, render, safe_next
from server.pages.restore import keep_posted_form


async def signed_in(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Pages need a signed-in user; the error handler turns this into a redirect to /login."""
    actor = await provide_actor(connection)  # type: ignore[arg-type]
    if actor.is_anonymous:
        await keep_posted_form(connection)
    actor.require_authenticated()


class SessionPages(Controller):
    include_in_schema = False

    @get("/login")
    async def login_form(
        self,
        request: Request[Any, Any, Any],
        actor: CurrentActor,
        next_path: Annotated[str | None, QueryParameter(name="next")] = None,
        reset: Annotated[bool, QueryParameter(name="reset")] = False,
        expired: Annotated[bool, QueryParameter(name="expired")] = False,
    ) -> Template:
        return render(
            request, actor, "login.html", next=safe_next(next_path), email="", reset=reset, expired=expired
        )

    @post("/login")
    async def login(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        target = safe_next(data.get("next"))
        try:
            await log_in(request, data.get("email", ""), data.get("password", ""))
        except Unauthenticated:
            error, status = _("Correo o contraseña incorrectos."), 401
        except TooManyAttempts:
            error, status = _("Demasiados intentos. Espere unos minutos y vuelva a intentarlo."), 429
        else:
            return back_to(target)
        return render(
            request, actor, "login.html", status, next=target, email=data.get("email", ""), error=error
        )

    @post("/logout")
    async def logout(self, request: Request[Any, Any, Any]) -> Redirect:
        log_out(request)
        return back_to("/login")

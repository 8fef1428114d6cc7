"""Sign in and out; who am I."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import JSONBody
from pydantic import BaseModel, Field

from commitments.errors import Forbidden
from commitments.i18n import _
from commitments.mail import outbox
from commitments.services import accounts
from commitments.uploads import UnsupportedMedia
from server.auth import CurrentActor, TooManyAttempts, client_address, keep_session, log_in, log_out


class LoginIn(BaseModel):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=1000)


class Me(BaseModel):
    email: str
    role: str | None
    agency: str | None


class ResetIn(BaseModel):
    email: str = Field(min_length=1, max_length=254)


class ResetConfirmIn(BaseModel):
    token: str = Field(min_length=1, max_length=300)
    password: str = Field(min_length=1, max_length=1000)


class PasswordIn(BaseModel):
    current_password: str = Field(min_length=1, max_length=1000)
    new_password: str = Field(min_length=1, max_length=1000)


class LocaleIn(BaseModel):
    locale: str = Field(pattern=r"^(es|en)$")


class MailOut(BaseModel):
    id: int
    kind: str
    subject: str
    link: str
    state: str
    created_at: dt.datetime
    sent_at: dt.datetime | None


def json_from_this_site(request: Request[Any, Any, Any], not_json: str) -> None:
    """A form-less JSON request from this site only: a foreign page cannot send it for a
    visitor (cross-site forms cannot send JSON, and a script elsewhere is stopped by CORS)."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise UnsupportedMedia(not_json)
    origin = request.headers.get("origin")
    if origin and origin.rstrip("/") != f"{request.url.scheme}://{request.url.netloc}":
        raise Forbidden(_("la solicitud debe venir de este mismo sitio"))


def me_of(actor: CurrentActor) -> Me:
    return Me(email=actor.email, role=actor.role, agency=actor.agency_code)


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post("/login", status_code=200, summary="Start a browser session")
    async def login(self, request: Request[Any, Any, Any], data: JSONBody[LoginIn]) -> Me:
        """JSON only, and from this site only: a foreign page's `<form enctype="text/plain">`
        cannot sign a visitor's browser into someone else's account (login CSRF)."""
        json_from_this_site(
            request, _("envíe el inicio de sesión como JSON (Content-Type: application/json)")
        )
        return me_of(await log_in(request, data.email, data.password))

    @post("/logout", status_code=200, summary="End the session")
    async def logout(self, request: Request[Any, Any, Any]) -> dict[str, str]:
        log_out(request)
        return {"status": "logged out"}

    @get("/me", summary="The signed-in user")
    async def me(self, actor: CurrentActor) -> Me:
        actor.require_authenticated()
        return me_of(actor)

    @post("/password-reset", status_code=202, summary="Mail a link to choose a new password")
    async def password_reset(
        self, request: Request[Any, Any, Any], data: JSONBody[ResetIn]
    ) -> dict[str, str]:
        """The same answer whether or not the address has an account; throttled (429)."""
        json_from_this_site(request, _("envíe la solicitud como JSON (Content-Type: application/json)"))
        wait = await accounts.request_reset(data.email, client_address(request))
        if wait is not None:
            raise TooManyAttempts(
                detail="too many reset requests; try again later", headers={"Retry-After": str(wait)}
            )
        return {"status": "if the address has an account, a link is on its way"}

    @post("/password-reset/confirm", status_code=200, summary="Set a new password with a reset link's token")
    async def password_reset_confirm(
        self, request: Request[Any, Any, Any], data: JSONBody[ResetConfirmIn]
    ) -> dict[str, str]:
        json_from_this_site(request, _("envíe la solicitud como JSON (Content-Type: application/json)"))
        await accounts.confirm_reset(data.token, data.password)
        return {"status": "password changed"}

    @post("/password", status_code=200, summary="Change one's own password (ends every other session)")
    async def change_password(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: JSONBody[PasswordIn]
    ) -> dict[str, str]:
        version = await accounts.change_password(actor, data.current_password, data.new_password)
        if "session" in request.scope and request.session.get("uid"):
            keep_session(request, version)
        return {"status": "password changed"}

    @post("/locale", status_code=200, summary="The language one's mail is written in")
    async def set_locale(self, actor: CurrentActor, data: JSONBody[LocaleIn]) -> dict[str, str]:
        await accounts.set_own_locale(actor, data.locale)
        return {"locale": data.locale}

    @get("/mail", summary="The messages sent (or waiting to be sent) to the signed-in user")
    async def mail(self, actor: CurrentActor) -> list[MailOut]:
        return [MailOut.model_validate(row) for row in await outbox.sent_to(actor)]

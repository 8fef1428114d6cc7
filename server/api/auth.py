"""Sign in and out; who am I."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import JSONBody
from pydantic import BaseModel, Field

from commitments.errors import Forbidden
from commitments.i18n import _
from commitments.uploads import UnsupportedMedia
from server.auth import CurrentActor, log_in, log_out


class LoginIn(BaseModel):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=1000)


class Me(BaseModel):
    email: str
    role: str | None
    agency: str | None


def me_of(actor: CurrentActor) -> Me:
    return Me(email=actor.email, role=actor.role, agency=actor.agency_code)


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post("/login", status_code=200, summary="Start a browser session")
    async def login(self, request: Request[Any, Any, Any], data: JSONBody[LoginIn]) -> Me:
        """JSON only, and from this site only: a foreign page's `<form enctype="text/plain">`
        cannot sign a visitor's browser into someone else's account (login CSRF)."""
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise UnsupportedMedia(_("envíe el inicio de sesión como JSON (Content-Type: application/json)"))
        origin = request.headers.get("origin")
        if origin and origin.rstrip("/") != f"{request.url.scheme}://{request.url.netloc}":
            raise Forbidden(_("el inicio de sesión debe venir de este mismo sitio"))
        return me_of(await log_in(request, data.email, data.password))

    @post("/logout", status_code=200, summary="End the session")
    async def logout(self, request: Request[Any, Any, Any]) -> dict[str, str]:
        log_out(request)
        return {"status": "logged out"}

    @get("/me", summary="The signed-in user")
    async def me(self, actor: CurrentActor) -> Me:
        actor.require_authenticated()
        return me_of(actor)

"""The public portal's technical roundtables (no login): what the public rule allows
(commitments.publicity), in the page's language."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from commitments.roundtables.queries import public_roundtable, public_roundtables
from server.auth import CurrentActor
from server.pages.rendering import render
from server.params import PathId


class PublicInstrumentPages(Controller):
    include_in_schema = False
    path = "/public"

    @get("/roundtables")
    async def roundtables(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        return render(request, actor, "public_roundtables.html", roundtables=await public_roundtables())

    @get("/roundtables/{roundtable_id:int}")
    async def roundtable(
        self, request: Request[Any, Any, Any], roundtable_id: PathId, actor: CurrentActor
    ) -> Template:
        return render(request, actor, "public_roundtable.html", plan=await public_roundtable(roundtable_id))

"""The dashboard: where things stand, what is late, what waits for the commission."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from commitments.queries.dashboard import dashboard
from commitments.queries.reference import list_mechanisms
from commitments.vocabulary import State, choices
from server.auth import CurrentActor
from server.pages.rendering import render
from server.pages.session import signed_in

# Column order of the state table: from no progress to done, then the two outliers.
STATE_COLUMNS = choices(State)


class DashboardPage(Controller):
    include_in_schema = False
    guards = [signed_in]

    @get("/")
    async def dashboard(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        board = await dashboard(actor)
        mechanisms = {m.code: m for m in await list_mechanisms()}
        return render(
            request, actor, "dashboard.html", board=board, mechanisms=mechanisms, states=STATE_COLUMNS
        )

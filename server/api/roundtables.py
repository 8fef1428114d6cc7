"""Technical roundtables: their plans, participants, linked recommendations and activities."""

from __future__ import annotations

from litestar import Controller, get, patch, post
from litestar.params import FromQuery, JSONBody

from commitments.queries.models import Page
from commitments.roundtables import queries, service
from commitments.roundtables.schemas import (
    ActivityIn,
    ActivityPatch,
    RoundtableIn,
    RoundtableOut,
    RoundtablePatch,
    RoundtableSummary,
)
from server.auth import CurrentActor
from server.params import PageNumber, PageSize, PathId


class RoundtableController(Controller):
    path = "/api/v1/roundtables"
    tags = ["roundtables"]

    @get("/", summary="Technical roundtables (those serving one recommendation, by its code)")
    async def list(
        self,
        actor: CurrentActor,
        recommendation: FromQuery[str | None] = None,
        page: PageNumber = 1,
        page_size: PageSize = 50,
    ) -> Page[RoundtableSummary]:
        return await queries.list_roundtables(actor, recommendation, page, page_size)

    @post("/", summary="Add a roundtable with its plan (commission; the creator coordinates it by default)")
    async def create(self, actor: CurrentActor, data: JSONBody[RoundtableIn]) -> RoundtableOut:
        return await queries.get_roundtable(actor, await service.create_roundtable(actor, data))

    @get("/{roundtable_id:int}", summary="A roundtable with its whole plan")
    async def detail(self, roundtable_id: PathId, actor: CurrentActor) -> RoundtableOut:
        return await queries.get_roundtable(actor, roundtable_id)

    @patch(
        "/{roundtable_id:int}",
        summary="Change a roundtable's plan (its coordinator or an admin; send `version`)",
    )
    async def change(
        self, roundtable_id: PathId, actor: CurrentActor, data: JSONBody[RoundtablePatch]
    ) -> RoundtableOut:
        await service.update_roundtable(actor, roundtable_id, data)
        return await queries.get_roundtable(actor, roundtable_id)

    @post("/{roundtable_id:int}/activities", summary="Add an activity to the work plan")
    async def add_activity(
        self, roundtable_id: PathId, actor: CurrentActor, data: JSONBody[ActivityIn]
    ) -> RoundtableOut:
        await service.add_activity(actor, roundtable_id, data)
        return await queries.get_roundtable(actor, roundtable_id)

    @patch(
        "/{roundtable_id:int}/activities/{activity_id:int}",
        summary="Change an activity: state, dates, who is responsible (send `version`)",
    )
    async def change_activity(
        self, roundtable_id: PathId, activity_id: PathId, actor: CurrentActor, data: JSONBody[ActivityPatch]
    ) -> RoundtableOut:
        await service.update_activity(actor, roundtable_id, activity_id, data)
        return await queries.get_roundtable(actor, roundtable_id)

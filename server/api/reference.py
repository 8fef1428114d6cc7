"""Mechanisms, agencies, cycles, periods and users."""

from __future__ import annotations

from litestar import Controller, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody
from pydantic import BaseModel, field_validator

from commitments.queries import reference as q
from commitments.queries.models import (
    AgencyOut,
    CycleOut,
    MechanismDetail,
    MechanismOut,
    PeriodOut,
    ReviewDocumentOut,
)
from commitments.schemas import (
    AgencyIn,
    AgencyPatch,
    CycleIn,
    PeriodIn,
    ReviewDocumentIn,
    ReviewDocumentPatch,
    UserIn,
    UserUpdate,
)
from commitments.services import accounts, agencies, periods, recommendations, review_documents, users
from commitments.services.users import UserOut
from server.auth import CurrentActor
from server.params import PathId


class PeriodPatch(BaseModel):
    open: bool

    @field_validator("open", mode="before")
    @classmethod
    def _boolean(cls, value: object) -> object:
        # true or false, not 0 or "yes" (the framework validates bodies leniently)
        if not isinstance(value, bool):
            raise ValueError("open must be true or false")
        return value


class ReferenceController(Controller):
    path = "/api/v1"
    tags = ["reference"]

    @get("/mechanisms", summary="The review mechanisms")
    async def mechanisms(self, actor: CurrentActor) -> list[MechanismOut]:
        actor.require_authenticated()
        return await q.list_mechanisms()

    @get("/mechanisms/{code:str}", summary="A mechanism with its rating levels and cycles")
    async def mechanism(self, code: FromPath[str], actor: CurrentActor) -> MechanismDetail:
        actor.require_authenticated()
        return await q.get_mechanism(code)

    @get("/agencies", summary="Agencies")
    async def agencies(self, actor: CurrentActor) -> list[AgencyOut]:
        actor.require_authenticated()
        return await q.list_agencies()

    @post("/agencies", summary="Add an agency (admin)")
    async def add_agency(self, actor: CurrentActor, data: JSONBody[AgencyIn]) -> AgencyOut:
        return await agencies.create_agency(actor, data)

    @patch("/agencies/{code:str}", summary="Rename, activate or deactivate an agency (admin)")
    async def change_agency(
        self, code: FromPath[str], actor: CurrentActor, data: JSONBody[AgencyPatch]
    ) -> AgencyOut:
        return await agencies.update_agency(actor, code, data)

    @get("/cycles", summary="Review cycles")
    async def cycles(self, actor: CurrentActor, mechanism: FromQuery[str | None] = None) -> list[CycleOut]:
        actor.require_authenticated()
        return await q.list_cycles(mechanism)

    @post("/cycles", summary="Add a cycle")
    async def add_cycle(self, actor: CurrentActor, data: JSONBody[CycleIn]) -> CycleOut:
        return await q.get_cycle(await recommendations.create_cycle(actor, data))

    @get("/review-documents", summary="Documents the mechanisms issued, which reviewers' ratings cite")
    async def review_documents(
        self, actor: CurrentActor, mechanism: FromQuery[str | None] = None
    ) -> list[ReviewDocumentOut]:
        actor.require_authenticated()
        return await q.list_review_documents(mechanism)

    @get("/review-documents/{document_id:int}", summary="A review document")
    async def review_document(self, document_id: PathId, actor: CurrentActor) -> ReviewDocumentOut:
        actor.require_authenticated()
        return await q.get_review_document(document_id)

    @post("/review-documents", summary="Register a review document (a round report, a Board decision...)")
    async def add_review_document(
        self, actor: CurrentActor, data: JSONBody[ReviewDocumentIn]
    ) -> ReviewDocumentOut:
        return await q.get_review_document(await review_documents.create_review_document(actor, data))

    @patch("/review-documents/{document_id:int}", summary="Correct a review document (send its version)")
    async def change_review_document(
        self, document_id: PathId, actor: CurrentActor, data: JSONBody[ReviewDocumentPatch]
    ) -> ReviewDocumentOut:
        await review_documents.update_review_document(actor, document_id, data)
        return await q.get_review_document(document_id)

    @get("/periods", summary="Reporting periods")
    async def periods(self, actor: CurrentActor) -> list[PeriodOut]:
        return await q.list_periods(actor)

    @post("/periods", summary="Add a reporting period")
    async def add_period(self, actor: CurrentActor, data: JSONBody[PeriodIn]) -> PeriodOut:
        await periods.create_period(actor, data)
        return await periods.get_period(actor, data.code)

    @patch("/periods/{code:str}", summary="Open or close a period")
    async def change_period(
        self, code: FromPath[str], actor: CurrentActor, data: JSONBody[PeriodPatch]
    ) -> PeriodOut:
        await periods.set_open(actor, code, data.open)
        return await periods.get_period(actor, code)

    @get("/users", summary="Users and their roles (admin)")
    async def users(self, actor: CurrentActor) -> list[UserOut]:
        return await users.list_users(actor)

    @post("/users", summary="Add a user (admin)")
    async def add_user(self, actor: CurrentActor, data: JSONBody[UserIn]) -> UserOut:
        user_id = await users.create_user(
            actor, data.email, data.password, data.role, data.agency, data.display_name, data.organisation
        )
        return await users.get_user(actor, user_id)

    @patch(
        "/users/{user_id:int}", summary="Change a user's role, agency, active state, name or language (admin)"
    )
    async def change_user(self, user_id: PathId, actor: CurrentActor, data: JSONBody[UserUpdate]) -> UserOut:
        await accounts.update_user(actor, user_id, data)
        return await users.get_user(actor, user_id)

    @post(
        "/users/{user_id:int}/password-reset",
        status_code=202,
        summary="End a user's sessions and mail them a link to choose a new password (admin)",
    )
    async def reset_user(self, user_id: PathId, actor: CurrentActor) -> dict[str, str]:
        await accounts.admin_reset(actor, user_id)
        return {"status": "queued"}

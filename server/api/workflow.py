"""Assignments, responses and their review; evidence items and files."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, delete, get, post
from litestar.params import FromQuery, JSONBody, MultipartBody, QueryParameter
from litestar.response import Response
from pydantic import BaseModel, Field

from commitments.queries import workflow as wq
from commitments.queries.models import AssignmentOut, EvidenceOut, Page, ResponseOut
from commitments.schemas import ApprovalIn, ResponseIn, ReviewIn
from commitments.services import assignments, evidence, responses
from commitments.uploads import safe_file_name
from server.answers import parse_answer
from server.api.docs import download
from server.auth import CurrentActor
from server.formdata import max_upload_body
from server.params import PageNumber, PageSize, PathId


class VerificationIn(BaseModel):
    verification: str = Field(max_length=20)
    note: str = Field(default="", max_length=2000, description="why it is rejected (required to reject)")


class WorkflowController(Controller):
    path = "/api/v1"
    tags = ["workflow"]

    @get("/assignments", summary="Assignments (a focal point sees its agency's only)")
    async def assignments(
        self,
        actor: CurrentActor,
        agency: FromQuery[str | None] = None,
        period: FromQuery[str | None] = None,
        state_filter: Annotated[str | None, QueryParameter(name="state")] = None,
        page: PageNumber = 1,
        page_size: PageSize = 50,
    ) -> Page[AssignmentOut]:
        return await wq.list_assignments(actor, agency, period, state_filter, page, page_size)

    @get("/assignments/{assignment_id:int}", summary="An assignment with its current response")
    async def assignment(
        self, assignment_id: PathId, actor: CurrentActor, period: FromQuery[str | None] = None
    ) -> AssignmentOut:
        return await wq.get_assignment(actor, assignment_id, period)

    @delete("/assignments/{assignment_id:int}", summary="Remove an assignment without responses")
    async def unassign(self, assignment_id: PathId, actor: CurrentActor) -> None:
        await assignments.unassign(actor, assignment_id)

    @get("/assignments/{assignment_id:int}/responses", summary="The assignment's responses")
    async def assignment_responses(self, assignment_id: PathId, actor: CurrentActor) -> list[ResponseOut]:
        item = await wq.get_assignment(actor, assignment_id)
        found = await wq.responses_of_recommendation(actor, item.recommendation_id)
        return [r for r in found if r.assignment_id == assignment_id]

    @post(
        "/assignments/{assignment_id:int}/responses",
        summary="Create or replace the response for a period (draft, or submit)",
    )
    async def respond(
        self, assignment_id: PathId, actor: CurrentActor, data: JSONBody[ResponseIn]
    ) -> ResponseOut:
        saved = await responses.save_response(actor, assignment_id, data)
        return await wq.get_response(actor, saved.id)

    @post(
        "/assignments/{assignment_id:int}/answer",
        summary="Answer in one step: the response's fields, files or a link, submit or not",
        request_max_body_size=max_upload_body(),
    )
    async def answer(
        self, assignment_id: PathId, actor: CurrentActor, data: MultipartBody[dict[str, Any]]
    ) -> ResponseOut:
        """Multipart: the fields of a response (`period` required), `submit`, any number of
        `file` parts and an optional `url`, with `title`, `kind`, `visibility`, `evidence_date`
        and `description` for the evidence. One transaction: all of it is saved, or nothing."""
        response, attachments = await parse_answer(data, str(data.get("period") or ""))
        saved = await responses.answer_assignment(actor, assignment_id, response, attachments)
        return await wq.get_response(actor, saved.id)

    @get("/responses", summary="Responses (state=submitted is the review queue)")
    async def list_responses(
        self,
        actor: CurrentActor,
        state_filter: Annotated[str | None, QueryParameter(name="state")] = None,
        period: FromQuery[str | None] = None,
        agency: FromQuery[str | None] = None,
    ) -> list[ResponseOut]:
        return await wq.list_responses(actor, state_filter, period, agency)

    @get("/responses/{response_id:int}", summary="A response")
    async def response(self, response_id: PathId, actor: CurrentActor) -> ResponseOut:
        return await wq.get_response(actor, response_id)

    @post(
        "/responses/{response_id:int}/review",
        status_code=200,
        summary="Accept (recording the level) or return (with a comment)",
    )
    async def review(self, response_id: PathId, actor: CurrentActor, data: JSONBody[ReviewIn]) -> ResponseOut:
        await responses.review_response(actor, response_id, data)
        return await wq.get_response(actor, response_id)

    @post(
        "/responses/{response_id:int}/approval",
        status_code=200,
        summary="The agency's validating authority approves (it goes to the commission) or sends back",
    )
    async def approval(
        self, response_id: PathId, actor: CurrentActor, data: JSONBody[ApprovalIn]
    ) -> ResponseOut:
        await responses.approve_response(actor, response_id, data)
        return await wq.get_response(actor, response_id)

    @get("/evidence/{evidence_id:int}", summary="An evidence item")
    async def evidence(self, evidence_id: PathId, actor: CurrentActor) -> EvidenceOut:
        return await wq.get_evidence(actor, evidence_id)

    @get(
        "/evidence/{evidence_id:int}/file",
        summary="Download an evidence file",
        responses=download("*/*", "The file, with the media type its content was sniffed as"),
    )
    async def evidence_file(self, evidence_id: PathId, actor: CurrentActor) -> Response[bytes]:
        content, name, media_type = await evidence.evidence_file(actor, evidence_id)
        return Response(
            content,
            media_type=media_type or "application/octet-stream",
            headers={"Content-Disposition": content_disposition(name), "X-Content-Type-Options": "nosniff"},
        )

    @post("/evidence/{evidence_id:int}/verification", status_code=200, summary="Verify or reject evidence")
    async def verify(
        self, evidence_id: PathId, actor: CurrentActor, data: JSONBody[VerificationIn]
    ) -> EvidenceOut:
        await evidence.verify_evidence(actor, evidence_id, data.verification, data.note)
        return await wq.get_evidence(actor, evidence_id)


def content_disposition(name: str) -> str:
    """attachment; with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    from urllib.parse import quote

    safe = safe_file_name(name)
    ascii_name = safe.encode("ascii", "replace").decode().replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe)}"

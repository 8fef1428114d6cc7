"""Civil society's voice over HTTP: organisations, their assessments and the commission's
replies; the public consultation of draft reports; the ratings open data."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post, put
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody
from litestar.response import Response
from pydantic import BaseModel, Field

from commitments.imports.assessments_export import assessments_schema, export_assessments
from commitments.queries import civil_society as civil_queries
from commitments.queries import consultations as consultation_queries
from commitments.queries.civil_society import CivilAssessmentOut
from commitments.queries.consultations import CommissionConsultation, ConsultationOut, PublicComment
from commitments.schemas import (
    AnnexIn,
    CivilAssessmentIn,
    CommentIn,
    ConsultationIn,
    HideIn,
    ReplyIn,
    StatementIn,
)
from commitments.services import civil_society, consultations, organisations, reports
from commitments.services.organisations import OrganisationOut
from commitments.services.reports import ReportOut
from server.api.docs import ERRORS, download
from server.api.workflow import content_disposition
from server.auth import CurrentActor, client_address
from server.params import PageNumber, PathId
from server.rendering import render_task


class OrganisationIn(BaseModel):
    name: str = Field(min_length=2, max_length=300)
    code: str | None = Field(default=None, max_length=20)


class CivilSocietyController(Controller):
    path = "/api/v1"
    tags = ["civil society"]

    @get("/organisations", summary="Registered civil-society organisations")
    async def organisations(self, actor: CurrentActor) -> list[OrganisationOut]:
        actor.require_authenticated()
        return await organisations.list_organisations()

    @post(
        "/organisations",
        summary="Register an organisation (admin); a code is derived from the name if omitted",
    )
    async def add_organisation(self, actor: CurrentActor, data: JSONBody[OrganisationIn]) -> OrganisationOut:
        row = await organisations.create_organisation(actor, data.name, data.code)
        return OrganisationOut(code=row["code"], name=row["name"], active=True)

    @get("/recommendations/{rec_id:int}/civil-society-assessments", summary="Civil society's assessments")
    async def assessments(self, rec_id: PathId, actor: CurrentActor) -> list[CivilAssessmentOut]:
        return await civil_queries.assessments_of(actor, rec_id)

    @post(
        "/recommendations/{rec_id:int}/civil-society-assessments",
        summary="Record or change one's organisation's assessment for a period (send `version` to change it)",
    )
    async def assess(
        self, rec_id: PathId, actor: CurrentActor, data: JSONBody[CivilAssessmentIn]
    ) -> list[CivilAssessmentOut]:
        await civil_society.save_assessment(actor, rec_id, data)
        return await civil_queries.assessments_of(actor, rec_id)

    @post(
        "/civil-society-assessments/{assessment_id:int}/reply",
        status_code=200,
        summary="The commission's answer, shown beside the assessment (the assessment never changes)",
    )
    async def reply(
        self, assessment_id: PathId, actor: CurrentActor, data: JSONBody[ReplyIn]
    ) -> list[CivilAssessmentOut]:
        rec_id = await civil_society.reply(actor, assessment_id, data)
        return await civil_queries.assessments_of(actor, rec_id)


async def _rendered_again(
    request: Request[Any, Any, Any], actor: Any, report_id: int, status: int = 200
) -> Response[CommissionConsultation | None]:
    """The report's consultation, with the draft rendered again to carry it."""
    await reports.request_render(actor, report_id)
    body = await consultation_queries.consultation_of_report(actor, report_id)
    return Response(body, status_code=status, background=render_task(request, actor, report_id))


class ConsultationController(Controller):
    path = "/api/v1"
    tags = ["public consultation"]

    @get("/reports/{report_id:int}/consultation", summary="A draft report's public consultation (commission)")
    async def consultation(self, report_id: PathId, actor: CurrentActor) -> CommissionConsultation:
        return await consultation_queries.get_consultation_of_report(actor, report_id)

    @post(
        "/reports/{report_id:int}/consultation",
        summary="Open a rendered public draft for comment for `days` days",
    )
    async def open_(
        self,
        request: Request[Any, Any, Any],
        report_id: PathId,
        actor: CurrentActor,
        data: JSONBody[ConsultationIn],
    ) -> Response[CommissionConsultation | None]:
        await consultations.open_consultation(actor, report_id, data)
        return await _rendered_again(request, actor, report_id, status=201)

    @post(
        "/reports/{report_id:int}/consultation/close", status_code=200, summary="Close the consultation now"
    )
    async def close(
        self, request: Request[Any, Any, Any], report_id: PathId, actor: CurrentActor
    ) -> Response[CommissionConsultation | None]:
        await consultations.close_consultation(actor, report_id)
        return await _rendered_again(request, actor, report_id)

    @put(
        "/reports/{report_id:int}/consultation/statement",
        status_code=200,
        summary="How the comments were taken into account (send the `revision` you loaded)",
    )
    async def statement(
        self,
        request: Request[Any, Any, Any],
        report_id: PathId,
        actor: CurrentActor,
        data: JSONBody[StatementIn],
    ) -> Response[CommissionConsultation | None]:
        await consultations.write_statement(actor, report_id, data)
        return await _rendered_again(request, actor, report_id)

    @post("/consultation-comments/{comment_id:int}/reply", status_code=200, summary="Answer a comment")
    async def reply(
        self,
        request: Request[Any, Any, Any],
        comment_id: PathId,
        actor: CurrentActor,
        data: JSONBody[ReplyIn],
    ) -> Response[CommissionConsultation | None]:
        report_id = await consultations.reply_to_comment(actor, comment_id, data)
        return await _rendered_again(request, actor, report_id)

    @post(
        "/consultation-comments/{comment_id:int}/hide",
        status_code=200,
        summary="Hide an abusive comment from the portal, with the reason (the count stays public)",
    )
    async def hide(
        self, request: Request[Any, Any, Any], comment_id: PathId, actor: CurrentActor, data: JSONBody[HideIn]
    ) -> Response[CommissionConsultation | None]:
        report_id = await consultations.hide_comment(actor, comment_id, data)
        return await _rendered_again(request, actor, report_id)

    @put(
        "/reports/{report_id:int}/civil-society-annex",
        status_code=200,
        summary="Whether a draft report prints civil society's assessments as an annex",
    )
    async def annex(
        self, request: Request[Any, Any, Any], report_id: PathId, actor: CurrentActor, data: JSONBody[AnnexIn]
    ) -> Response[ReportOut]:
        await civil_society.choose_annex(actor, report_id, data.include)
        report = await reports.request_render(actor, report_id)
        return Response(report, background=render_task(request, actor, report_id))

    @get("/consultations", summary="Public consultations of draft reports (no login)")
    async def public_list(self) -> list[ConsultationOut]:
        return await consultation_queries.public_consultations()

    @get(
        "/consultations/{consultation_id:int}",
        summary="One consultation with a page of its comments (no login)",
    )
    async def public_detail(self, consultation_id: PathId, page: PageNumber = 1) -> ConsultationOut:
        return await consultation_queries.public_consultation(consultation_id, page)

    @post(
        "/consultations/{consultation_id:int}/comments",
        summary="Comment on a draft in consultation (anyone; plain text; name and e-mail optional; throttled)",
    )
    async def comment(
        self, request: Request[Any, Any, Any], consultation_id: PathId, data: JSONBody[CommentIn]
    ) -> PublicComment:
        comment_id = await consultations.post_comment(consultation_id, data, client_address(request))
        return await consultation_queries.public_comment(comment_id)


class RatingsDocument(BaseModel):
    """assessments.json: its fields are described by assessments.schema.json."""

    schema_version: int
    country: str
    count: int
    assessments: list[dict[str, Any]]


class RatingsOpenDataController(Controller):
    path = "/api/v1/open-data"
    tags = ["open data"]

    @get(
        "/assessments.csv",
        summary="Every public rating (government, reviewer, civil society) as CSV",
        responses=download("text/csv; charset=utf-8", "The ratings as CSV"),
    )
    async def csv(self) -> Response[bytes]:
        return _download(await export_assessments("csv"), "csv")

    @get(
        "/assessments.json",
        summary="Every public rating (government, reviewer, civil society) as JSON",
        responses={**ERRORS, 200: ResponseSpec(data_container=RatingsDocument, description="The ratings")},
    )
    async def json(self) -> Response[bytes]:
        return _download(await export_assessments("json"), "json")

    @get(
        "/assessments.schema.json",
        summary="JSON Schema of assessments.json",
        responses={
            200: ResponseSpec(
                data_container=dict[str, Any],
                media_type="application/schema+json",
                description="A JSON Schema",
            )
        },
    )
    async def schema(self) -> Response[dict[str, Any]]:
        return Response(assessments_schema(), media_type="application/schema+json")


def _download(data: bytes, fmt: str) -> Response[bytes]:
    return Response(
        data,
        media_type="text/csv" if fmt == "csv" else "application/json",
        headers={
            "Content-Disposition": content_disposition(f"assessments.{fmt}"),
            "Access-Control-Allow-Origin": "*",
        },
    )

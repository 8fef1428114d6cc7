"""Reports: generate (in the background), read, download, finalize, mark sent, verify."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post, put
from litestar.params import JSONBody, QueryParameter
from litestar.response import Response
from pydantic import BaseModel

from commitments.errors import InvalidInput
from commitments.i18n import _
from commitments.schemas import ReportIn, ReportSentIn, SectionIn
from commitments.services import report_sections, reports
from commitments.services.report_sections import SectionOut
from commitments.services.reports import ReportOut
from server.api.docs import download
from server.auth import CurrentActor
from server.params import PathId, SectionKey
from server.rendering import docx_download, finalize, pdf_download, render_task
from server.streaming import streamed_digest

MAX_VERIFY_BYTES = 200 * 1024 * 1024


class Verification(BaseModel):
    issued: bool
    report: ReportOut | None = None


class ReportController(Controller):
    path = "/api/v1/reports"
    tags = ["reports"]

    @post("/", status_code=202, summary="Start generating a draft report (poll its render_state)")
    async def create(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: JSONBody[ReportIn]
    ) -> Response[ReportOut]:
        report_id = await reports.create_report(
            actor, data.mechanism, data.cycle, data.period, data.locale, data.internal
        )
        return Response(
            await reports.get_report(actor, report_id),
            status_code=202,
            background=render_task(request, actor, report_id),
        )

    @get("/", summary="Reports the caller may read")
    async def list_(
        self,
        actor: CurrentActor,
        state_filter: Annotated[str | None, QueryParameter(name="state")] = None,
    ) -> list[ReportOut]:
        return await reports.list_reports(actor, state_filter)

    @get("/{report_id:int}", summary="A report and its state")
    async def detail(self, report_id: PathId, actor: CurrentActor) -> ReportOut:
        return await reports.get_report(actor, report_id)

    @get("/{report_id:int}/pdf", summary="Download the PDF", responses=download("application/pdf", "The PDF"))
    async def pdf(self, report_id: PathId, actor: CurrentActor) -> Response[bytes]:
        return await pdf_download(actor, report_id)

    @get(
        "/{report_id:int}/docx",
        summary="Download an editable Word copy (the PDF stays the verifiable record)",
        responses=download(reports.DOCX_TYPE, "The .docx"),
    )
    async def docx(self, report_id: PathId, actor: CurrentActor) -> Response[bytes]:
        return await docx_download(actor, report_id)

    @post(
        "/{report_id:int}/render",
        status_code=202,
        summary="Render a draft again from the current data (poll its render_state)",
    )
    async def render(
        self, request: Request[Any, Any, Any], report_id: PathId, actor: CurrentActor
    ) -> Response[ReportOut]:
        return Response(
            await reports.request_render(actor, report_id),
            status_code=202,
            background=render_task(request, actor, report_id),
        )

    @get("/{report_id:int}/sections", summary="The report's sections in its template's order")
    async def sections(self, report_id: PathId, actor: CurrentActor) -> list[SectionOut]:
        return await report_sections.list_sections(actor, report_id)

    @put(
        "/{report_id:int}/sections/{key:str}",
        status_code=200,
        summary="Write an authored section of a draft (409 on a stale version); the draft is rendered again",
    )
    async def write_section(
        self,
        request: Request[Any, Any, Any],
        report_id: PathId,
        key: SectionKey,
        actor: CurrentActor,
        data: JSONBody[SectionIn],
    ) -> Response[SectionOut]:
        saved = await report_sections.save_section(actor, report_id, key, data.text, data.version)
        await reports.request_render(actor, report_id)
        return Response(saved, background=render_task(request, actor, report_id))

    @post(
        "/{report_id:int}/finalize",
        status_code=200,
        summary="Freeze the draft as final (422 lists what is missing)",
    )
    async def finalize(
        self, report_id: PathId, request: Request[Any, Any, Any], actor: CurrentActor
    ) -> ReportOut:
        return await finalize(request, actor, report_id)

    @post("/{report_id:int}/sent", status_code=200, summary="Record to whom and when it was sent")
    async def sent(self, report_id: PathId, actor: CurrentActor, data: JSONBody[ReportSentIn]) -> ReportOut:
        return await reports.mark_sent(actor, report_id, data.sent_to, data.sent_on, data.transmittal_ref)

    @post(
        "/verify",
        status_code=200,
        summary="Is this PDF one the system issued, and which?",
        request_max_body_size=MAX_VERIFY_BYTES,
    )
    async def verify(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Verification:
        """Multipart with the PDF in `file`, or the PDF itself as an `application/pdf` body:
        hashed as it arrives, never held."""
        digest = await streamed_digest(request, MAX_VERIFY_BYTES)
        if digest is None:
            raise InvalidInput(_("envíe el PDF en el campo multipart `file`"))
        found = await reports.verify_digest(digest.sha256, actor)
        return Verification(issued=found is not None, report=found)

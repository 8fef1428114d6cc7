"""The analyst's forms on a recommendation: assign, assess, add and verify evidence.
Each posts, then redirects to the detail page (or shows it again with the error)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.params import FromPath, MultipartBody, URLEncodedBody
from litestar.response import Redirect, Template

from commitments.i18n import _
from commitments.schemas import AssessmentIn, AssignmentIn, EvidenceIn
from commitments.services import assessments, assignments, evidence
from commitments.settings import get_settings
from server.auth import CurrentActor
from server.pages.forms import attempt, parse, uploaded
from server.pages.recommendations import detail_page
from server.pages.rendering import back_to, notify
from server.pages.session import signed_in

# Room for the multipart envelope around a file at the size limit.
UPLOAD_OVERHEAD = 1024 * 1024


def max_upload_body() -> int:
    """The largest request body an evidence form may send."""
    return get_settings().max_upload_mb * 1024 * 1024 + UPLOAD_OVERHEAD


class RecommendationForms(Controller):
    include_in_schema = False
    guards = [signed_in]
    path = "/recommendations/{rec_id:int}"

    @post("/assignments")
    async def assign(
        self,
        request: Request[Any, Any, Any],
        rec_id: FromPath[int],
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        failed = await attempt(
            "assign", data, lambda: assignments.assign(actor, rec_id, parse(AssignmentIn, data))
        )
        if failed:
            return await detail_page(request, actor, rec_id, failed)
        notify(request, _("Institución asignada."))
        return back_to(f"/recommendations/{rec_id}#assignments")

    @post("/assessments")
    async def assess(
        self,
        request: Request[Any, Any, Any],
        rec_id: FromPath[int],
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        failed = await attempt(
            "assess", data, lambda: assessments.record_assessment(actor, rec_id, parse(AssessmentIn, data))
        )
        if failed:
            return await detail_page(request, actor, rec_id, failed)
        notify(request, _("Valoración registrada."))
        return back_to(f"/recommendations/{rec_id}#assessments")

    @post("/evidence", request_max_body_size=max_upload_body())
    async def add_evidence(
        self,
        request: Request[Any, Any, Any],
        rec_id: FromPath[int],
        actor: CurrentActor,
        data: MultipartBody[dict[str, Any]],
    ) -> Template | Redirect:
        content, name = await uploaded(data)
        failed = await attempt(
            "evidence",
            data,
            lambda: evidence.upload_evidence(actor, rec_id, parse(EvidenceIn, data), content, name),
        )
        if failed:
            return await detail_page(request, actor, rec_id, failed)
        notify(request, _("Evidencia agregada."))
        return back_to(f"/recommendations/{rec_id}#evidence")

    @post("/evidence/{evidence_id:int}/verification")
    async def verify(
        self,
        request: Request[Any, Any, Any],
        rec_id: FromPath[int],
        evidence_id: FromPath[int],
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        failed = await attempt(
            "verify", data, lambda: evidence.verify_evidence(actor, evidence_id, data.get("verification", ""))
        )
        if failed:
            return await detail_page(request, actor, rec_id, failed)
        notify(request, _("Verificación registrada."))
        return back_to(f"/recommendations/{rec_id}#evidence")

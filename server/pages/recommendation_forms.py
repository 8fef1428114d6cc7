"""The analyst's forms on a recommendation: assign, assess, add and verify evidence.
Each posts, then redirects to the detail page (or shows it again with the error)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.params import MultipartBody, URLEncodedBody
from litestar.response import Redirect, Template

from commitments.i18n import _
from commitments.schemas import AssessmentIn, AssignmentIn, EvidenceIn
from commitments.services import assessments, assignments, evidence
from server.auth import CurrentActor
from server.formdata import max_upload_body, parse, uploaded
from server.pages.forms import FormAction
from server.pages.recommendations import detail_page
from server.pages.rendering import back_to, notify, safe_next
from server.pages.session import signed_in
from server.params import PathId


class RecommendationForms(Controller):
    include_in_schema = False
    guards = [signed_in]
    path = "/recommendations/{rec_id:int}"

    @post("/assignments")
    async def assign(
        self,
        request: Request[Any, Any, Any],
        rec_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        with FormAction("assign", data) as form:
            await assignments.assign(actor, rec_id, parse(AssignmentIn, data))
        if form.failed:
            return await detail_page(request, actor, rec_id, form.failed)
        notify(request, _("Institución asignada."))
        return back_to(f"/recommendations/{rec_id}#assignments")

    @post("/assessments")
    async def assess(
        self,
        request: Request[Any, Any, Any],
        rec_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        with FormAction("assess", data) as form:
            await assessments.record_assessment(actor, rec_id, parse(AssessmentIn, data))
        if form.failed:
            return await detail_page(request, actor, rec_id, form.failed)
        notify(request, _("Valoración registrada."))
        return back_to(f"/recommendations/{rec_id}#assessments")

    @post("/evidence", request_max_body_size=max_upload_body())
    async def add_evidence(
        self,
        request: Request[Any, Any, Any],
        rec_id: PathId,
        actor: CurrentActor,
        data: MultipartBody[dict[str, Any]],
    ) -> Template | Redirect:
        content, name = await uploaded(data)
        with FormAction("evidence", data) as form:
            await evidence.upload_evidence(actor, rec_id, parse(EvidenceIn, data), content, name)
        if form.failed:
            return await detail_page(request, actor, rec_id, form.failed)
        notify(request, _("Evidencia agregada."))
        return back_to(f"/recommendations/{rec_id}#evidence")

    @post("/evidence/{evidence_id:int}/verification")
    async def verify(
        self,
        request: Request[Any, Any, Any],
        rec_id: PathId,
        evidence_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        back = data.get("back", "")
        with FormAction("verify", data) as form:
            await evidence.verify_evidence(
                actor, evidence_id, data.get("verification", ""), data.get("note", "")
            )
        if form.failed:
            if back.startswith("/review"):
                notify(request, form.failed.error, **form.failed.params)
                return back_to(safe_next(back))
            return await detail_page(request, actor, rec_id, form.failed)
        notify(request, _("Verificación registrada."))
        return back_to(
            safe_next(back) if back.startswith("/review") else f"/recommendations/{rec_id}#evidence"
        )

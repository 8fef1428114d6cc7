"""Civil society's forms: an organisation's assessment of a recommendation, the commission's
reply beside it, and an admin registering an organisation. Each posts, then redirects (or
shows the page again with the error)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from commitments.i18n import _
from commitments.schemas import CivilAssessmentIn, ReplyIn
from commitments.services import civil_society, organisations
from server.auth import CurrentActor
from server.formdata import parse
from server.pages.admin import users_page
from server.pages.forms import FormAction
from server.pages.recommendations import detail_page
from server.pages.rendering import back_to, notify
from server.pages.session import signed_in
from server.params import PathId


class CivilSocietyPages(Controller):
    include_in_schema = False
    guards = [signed_in]

    @post("/recommendations/{rec_id:int}/civil-society-assessments")
    async def assess(
        self,
        request: Request[Any, Any, Any],
        rec_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        name = f"civil-edit-{data.get('period', '')}" if data.get("version") else "civil"
        with FormAction(name, data) as form:
            await civil_society.save_assessment(actor, rec_id, parse(CivilAssessmentIn, data))
        if form.failed:
            return await detail_page(request, actor, rec_id, form.failed)
        notify(request, _("Valoración de su organización registrada."))
        return back_to(f"/recommendations/{rec_id}#assessments")

    @post("/recommendations/{rec_id:int}/civil-society-assessments/{assessment_id:int}/reply")
    async def reply(
        self,
        request: Request[Any, Any, Any],
        rec_id: PathId,
        assessment_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        with FormAction(f"civil-reply-{assessment_id}", data) as form:
            rec_id = await civil_society.reply(actor, assessment_id, parse(ReplyIn, data))
        if form.failed:
            return await detail_page(request, actor, rec_id, form.failed)
        notify(request, _("Respuesta publicada junto a la valoración."))
        return back_to(f"/recommendations/{rec_id}#assessments")

    @post("/organisations")
    async def add_organisation(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        with FormAction("organisation", data) as form:
            await organisations.create_organisation(actor, data.get("name", ""), data.get("code") or None)
        if form.failed:
            return await users_page(request, actor, form.failed)
        notify(request, _("Organización registrada."))
        return back_to("/users#organisations")

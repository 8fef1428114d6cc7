"""The public consultation of a draft report: the commission's page (open, close, answer, hide,
say how the comments were taken into account) and the portal's (read the draft, comment)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Response, Template

from commitments.actor import Actor
from commitments.i18n import _
from commitments.queries import consultations as consultation_queries
from commitments.schemas import CommentIn, ConsultationIn, HideIn, ReplyIn, StatementIn
from commitments.services import civil_society, consultations, reports
from server import rendering
from server.api.workflow import content_disposition
from server.auth import CurrentActor, client_address
from server.formdata import parse
from server.pages.forms import FormAction, FormState
from server.pages.rendering import notify, render
from server.pages.session import signed_in
from server.params import PageNumber, PathId


async def commission_page(
    request: Request[Any, Any, Any], actor: Actor, report_id: int, form: FormState | None = None
) -> Template:
    """A report's consultation as the commission runs it (or the form to open one)."""
    report = await reports.get_report(actor, report_id)
    found = await consultation_queries.consultation_of_report(actor, report_id)
    context = {"report": report, "consultation": found, "form": form or FormState()}
    return render(request, actor, "consultation.html", form.status if form else 200, **context)


def _rendered_again(request: Request[Any, Any, Any], actor: Actor, report_id: int, message: str) -> Redirect:
    """Back to the consultation page while the draft is rendered again to carry the change."""
    notify(request, message)
    return Redirect(
        f"/reports/{report_id}/consultation",
        status_code=303,
        background=rendering.render_task(request, actor, report_id),
    )


Form = URLEncodedBody[dict[str, str]]


class ConsultationPages(Controller):
    include_in_schema = False
    guards = [signed_in]
    path = "/reports/{report_id:int}"

    @get("/consultation")
    async def page(self, request: Request[Any, Any, Any], report_id: PathId, actor: CurrentActor) -> Template:
        actor.require_commission()
        return await commission_page(request, actor, report_id)

    @post("/consultation")
    async def open_(
        self, request: Request[Any, Any, Any], report_id: PathId, actor: CurrentActor, data: Form
    ) -> Template | Redirect:
        with FormAction("open", data) as form:
            await consultations.open_consultation(actor, report_id, parse(ConsultationIn, data))
            await reports.request_render(actor, report_id)
        if form.failed:
            return await commission_page(request, actor, report_id, form.failed)
        return _rendered_again(
            request, actor, report_id, _("Consulta pública abierta: el borrador ya está en el portal.")
        )

    @post("/consultation/close")
    async def close(
        self, request: Request[Any, Any, Any], report_id: PathId, actor: CurrentActor, data: Form
    ) -> Template | Redirect:
        with FormAction("close", data) as form:
            await consultations.close_consultation(actor, report_id)
            await reports.request_render(actor, report_id)
        if form.failed:
            return await commission_page(request, actor, report_id, form.failed)
        return _rendered_again(request, actor, report_id, _("Consulta pública cerrada."))

    @post("/consultation/statement")
    async def statement(
        self, request: Request[Any, Any, Any], report_id: PathId, actor: CurrentActor, data: Form
    ) -> Template | Redirect:
        with FormAction("statement", data) as form:
            await consultations.write_statement(
                actor, report_id, parse(StatementIn, data, text=data.get("text", ""))
            )
            await reports.request_render(actor, report_id)
        if form.failed:
            return await commission_page(request, actor, report_id, form.failed)
        return _rendered_again(
            request, actor, report_id, _("Texto guardado; el borrador se genera de nuevo con él.")
        )

    @post("/consultation/comments/{comment_id:int}/reply")
    async def reply(
        self,
        request: Request[Any, Any, Any],
        report_id: PathId,
        comment_id: PathId,
        actor: CurrentActor,
        data: Form,
    ) -> Template | Redirect:
        with FormAction(f"reply-{comment_id}", data) as form:
            report_id = await consultations.reply_to_comment(actor, comment_id, parse(ReplyIn, data))
            await reports.request_render(actor, report_id)
        if form.failed:
            return await commission_page(request, actor, report_id, form.failed)
        return _rendered_again(request, actor, report_id, _("Respuesta publicada."))

    @post("/consultation/comments/{comment_id:int}/hide")
    async def hide(
        self,
        request: Request[Any, Any, Any],
        report_id: PathId,
        comment_id: PathId,
        actor: CurrentActor,
        data: Form,
    ) -> Template | Redirect:
        with FormAction(f"hide-{comment_id}", data) as form:
            report_id = await consultations.hide_comment(actor, comment_id, parse(HideIn, data))
            await reports.request_render(actor, report_id)
        if form.failed:
            return await commission_page(request, actor, report_id, form.failed)
        return _rendered_again(
            request, actor, report_id, _("Comentario ocultado; el motivo queda registrado.")
        )

    @post("/civil-society-annex")
    async def annex(
        self, request: Request[Any, Any, Any], report_id: PathId, actor: CurrentActor, data: Form
    ) -> Redirect:
        include = data.get("include") == "1"
        await civil_society.choose_annex(actor, report_id, include)
        await reports.request_render(actor, report_id)
        notify(request, _("El informe se está generando; esta página se actualiza sola."))
        return Redirect(
            f"/reports/{report_id}",
            status_code=303,
            background=rendering.render_task(request, actor, report_id),
        )


async def public_page(
    request: Request[Any, Any, Any],
    actor: Actor,
    consultation_id: int,
    page: int = 1,
    form: FormState | None = None,
) -> Template:
    """A consultation on the portal: the draft, its dates and figures, the comments shown with
    their answers, and the form to comment while it is open."""
    found = await consultation_queries.public_consultation(consultation_id, page)
    context = {
        "consultation": found,
        "form": form or FormState(),
        "sent": request.query_params.get("sent") == "1",
    }
    return render(request, actor, "public_consultation.html", form.status if form else 200, **context)


class PublicConsultationPages(Controller):
    include_in_schema = False
    path = "/public/consultations"

    @get("/")
    async def index(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        found = await consultation_queries.public_consultations()
        return render(request, actor, "public_consultations.html", consultations=found)

    @get("/{consultation_id:int}")
    async def detail(
        self,
        request: Request[Any, Any, Any],
        consultation_id: PathId,
        actor: CurrentActor,
        page: PageNumber = 1,
    ) -> Template:
        return await public_page(request, actor, consultation_id, page)

    @post("/{consultation_id:int}/comments")
    async def comment(
        self, request: Request[Any, Any, Any], consultation_id: PathId, actor: CurrentActor, data: Form
    ) -> Template | Redirect:
        with FormAction("comment", data) as form:
            wanted = parse(CommentIn, data, body=data.get("body", ""))
            await consultations.post_comment(consultation_id, wanted, client_address(request))
        if form.failed:
            return await public_page(request, actor, consultation_id, 1, form.failed)
        return Redirect(f"/public/consultations/{consultation_id}?sent=1#comment-form", status_code=303)

    @get("/{consultation_id:int}/pdf")
    async def pdf(self, consultation_id: PathId) -> Response[bytes]:
        found, data = await consultation_queries.public_draft_pdf(consultation_id)
        name = f"{found.mechanism}-{found.cycle or 'all'}-{found.period}-{found.locale}-consultation.pdf"
        return Response(
            data, media_type="application/pdf", headers={"Content-Disposition": content_disposition(name)}
        )

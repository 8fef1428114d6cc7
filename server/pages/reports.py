"""The Reports pages: generate a draft (rendered off the request path, the page polls its
state), preview it, finalize it, record where it was sent, download it, verify a PDF."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromQuery, URLEncodedBody
from litestar.response import Redirect, Response, Template

from commitments import clock
from commitments.actor import Actor
from commitments.i18n import _
from commitments.queries import refcache
from commitments.reports.completeness import gaps
from commitments.reports.entries import section_views
from commitments.reports.templates import PartKind, parts_of
from commitments.reports.wording import report_title
from commitments.schemas import ReportIn, ReportSentIn, SectionIn
from commitments.services import report_sections, reports
from commitments.vocabulary import RenderState, ReportState
from server import rendering
from server.auth import CurrentActor
from server.formdata import parse
from server.i18n import request_locale
from server.pages.forms import FormAction, FormState
from server.pages.rendering import back_to, notify, render
from server.pages.session import signed_in
from server.params import PathId, SectionKey
from server.streaming import streamed_digest

MAX_VERIFY_BYTES = 200 * 1024 * 1024
DONE = (RenderState.READY, RenderState.FAILED)  # render states after which nothing changes by itself


async def list_page(request: Request[Any, Any, Any], actor: Actor, form: FormState | None = None) -> Template:
    """Reports the actor may read, newest first; the commission also gets the generate form."""
    context: dict[str, Any] = {"reports": await reports.list_reports(actor)}
    if actor.is_commission:
        ref = await refcache.current()
        periods = await ref.periods(actor)
        current = next((p for p in periods if p.open), periods[0] if periods else None)
        context.update(
            mechanisms=await ref.mechanisms(),
            periods=periods,
            cycles=await ref.cycles(),
            form=form
            or FormState(
                "report",
                values={"period": current.code if current else "", "locale": request_locale(request)},
            ),
        )
    return render(request, actor, "reports.html", form.status if form else 200, **context)


async def detail_page(
    request: Request[Any, Any, Any], actor: Actor, report_id: int, form: FormState | None = None
) -> Template:
    """A report's state, identifiers and actions, and the preview of what it says."""
    report = await reports.get_report(actor, report_id)
    context: dict[str, Any] = {"report": report, "form": form or FormState(), "today": clock.today()}
    draft = report.state == ReportState.DRAFT
    if actor.is_commission and draft:
        context["sections"] = [
            s for s in await report_sections.list_sections(actor, report_id) if s.kind == PartKind.AUTHORED
        ]
    if report.render_state == RenderState.READY:
        model = await reports.report_model(actor, report_id)
        context.update(
            model=model,
            outline=section_views(model, model.locale, draft),
            parts=parts_of(model),
            model_is_draft=draft,
            gaps=gaps(model) if draft else [],
            title=report_title(model, model.locale),
        )
    return render(request, actor, "report.html", form.status if form else 200, **context)


def unconfirmed() -> FormState:
    return FormState(
        "finalize", _("Marque la casilla para confirmar que el informe es definitivo."), status=422
    )


class ReportPages(Controller):
    include_in_schema = False
    guards = [signed_in]
    path = "/reports"

    @get("/")
    async def index(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        return await list_page(request, actor)

    @post("/")
    async def generate(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        with FormAction("report", data) as form:
            wanted = parse(ReportIn, data, internal=data.get("internal") == "1")
            report_id = await reports.create_report(
                actor, wanted.mechanism, wanted.cycle, wanted.period, wanted.locale, wanted.internal
            )
        if form.failed:
            return await list_page(request, actor, form.failed)
        notify(request, _("El informe se está generando; esta página se actualiza sola."))
        return Redirect(
            f"/reports/{report_id}",
            status_code=303,
            background=rendering.render_task(request, actor, report_id),
        )

    @get("/{report_id:int}")
    async def detail(
        self, request: Request[Any, Any, Any], report_id: PathId, actor: CurrentActor
    ) -> Template:
        return await detail_page(request, actor, report_id)

    @get("/{report_id:int}/status")
    async def status(
        self,
        request: Request[Any, Any, Any],
        report_id: PathId,
        actor: CurrentActor,
        view: FromQuery[str] = "row",
    ) -> Template:
        """What htmx polls: a list row, or the detail page's state (which then reloads)."""
        report = await reports.get_report(actor, report_id)
        if view == "detail":
            page = render(request, actor, "_report_status.html", report=report)
            if report.render_state in DONE:  # show the preview, or the failure, in full
                page.headers["HX-Refresh"] = "true"
            return page
        return render(request, actor, "_report_row.html", report=report)

    @get("/{report_id:int}/pdf")
    async def pdf(self, report_id: PathId, actor: CurrentActor) -> Response[bytes]:
        return await rendering.pdf_download(actor, report_id)

    @get("/{report_id:int}/docx")
    async def docx(self, report_id: PathId, actor: CurrentActor) -> Response[bytes]:
        return await rendering.docx_download(actor, report_id)

    @post("/{report_id:int}/render")
    async def rerender(
        self, request: Request[Any, Any, Any], report_id: PathId, actor: CurrentActor
    ) -> Redirect:
        await reports.request_render(actor, report_id)
        notify(request, _("El informe se está generando; esta página se actualiza sola."))
        return Redirect(
            f"/reports/{report_id}",
            status_code=303,
            background=rendering.render_task(request, actor, report_id),
        )

    @post("/{report_id:int}/sections/{key:str}")
    async def write_section(
        self,
        request: Request[Any, Any, Any],
        report_id: PathId,
        key: SectionKey,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        """Save a section's text (refused when someone saved it since it was loaded: the typed
        text is shown again), then render the draft again."""
        with FormAction(f"section-{key}", data) as form:
            wanted = parse(SectionIn, data, text=data.get("text", ""))
            await report_sections.save_section(actor, report_id, key, wanted.text, wanted.version)
            await reports.request_render(actor, report_id)
        if form.failed:
            return await detail_page(request, actor, report_id, form.failed)
        notify(request, _("Sección guardada; el borrador se genera de nuevo con el texto."))
        return Redirect(
            f"/reports/{report_id}#editor-{key}",
            status_code=303,
            background=rendering.render_task(request, actor, report_id),
        )

    @post("/{report_id:int}/sections/{key:str}/preview")
    async def preview_section(
        self,
        request: Request[Any, Any, Any],
        report_id: PathId,
        key: SectionKey,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template:
        """The text as the report will show it, while it is typed (nothing is saved)."""
        actor.require_commission()
        await report_sections.list_sections(actor, report_id)  # the report exists and is theirs
        wanted = parse(SectionIn, {}, text=data.get("text", ""), version=1)
        return render(request, actor, "_section_preview.html", text=wanted.text)

    @post("/{report_id:int}/finalize")
    async def finalize(
        self,
        request: Request[Any, Any, Any],
        report_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        if data.get("confirm") != "1":
            return await detail_page(request, actor, report_id, unconfirmed())
        with FormAction("finalize", data) as form:
            await rendering.finalize(request, actor, report_id)
        if form.failed:
            return await detail_page(request, actor, report_id, form.failed)
        notify(request, _("Informe finalizado: su contenido ya no cambiará."))
        return back_to(f"/reports/{report_id}")

    @post("/{report_id:int}/sent")
    async def sent(
        self,
        request: Request[Any, Any, Any],
        report_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        with FormAction("sent", data) as form:
            await reports.mark_sent(actor, report_id, **parse(ReportSentIn, data).model_dump())
        if form.failed:
            return await detail_page(request, actor, report_id, form.failed)
        notify(request, _("Envío registrado."))
        return back_to(f"/reports/{report_id}")

    @get("/verify")
    async def verify_form(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        return render(request, actor, "report_verify.html", checked=False, form=FormState())

    @post("/verify", request_max_body_size=MAX_VERIFY_BYTES)
    async def verify(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        # Hashed as it arrives (a report may be large): the PDF is never held in memory.
        digest = await streamed_digest(request, MAX_VERIFY_BYTES)
        if digest is None:
            return render(
                request,
                actor,
                "report_verify.html",
                422,
                checked=False,
                form=FormState("verify", _("Elija el archivo PDF que desea verificar.")),
            )
        found = await reports.verify_digest(digest.sha256, actor)
        return render(
            request,
            actor,
            "report_verify.html",
            checked=True,
            form=FormState(),
            found=found,
            name=digest.file_name,
            sha256=digest.sha256,
        )

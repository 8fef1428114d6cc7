"""The focal point's inbox and response form (the commission may open it too, to answer on an
agency's behalf from a signed letter, as the services allow)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromQuery, MultipartBody, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template
from pydantic import ValidationError

from commitments import clock
from commitments.actor import Actor
from commitments.errors import Conflict, DomainError
from commitments.i18n import _, format_time, gettext
from commitments.queries import reference
from commitments.queries import workflow as wq
from commitments.schemas import ApprovalIn, ResponseIn
from commitments.services import responses
from commitments.services.responses import SavedResponse
from commitments.vocabulary import ResponseState, word
from server.answers import parse_answer
from server.auth import CurrentActor
from server.errors import status_for
from server.formdata import max_upload_body, parse
from server.i18n import request_locale
from server.pages.forms import FormAction, FormState
from server.pages.rendering import back_to, export_link, notify, pagination, render, sort_links
from server.pages.restore import take_kept_form
from server.pages.session import signed_in
from server.pages.sheets import xlsx_download
from server.params import PageNumber, PathId

PAGE_SIZE = 50
RESPONSE_FIELDS = (
    "actions_taken",
    "challenges",
    "assistance_needed",
    "next_steps",
    "target_date",
    "proposed_level",
    "version",
)


async def response_page(
    request: Request[Any, Any, Any],
    actor: Actor,
    assignment_id: int,
    form: FormState | None = None,
    restored: bool = False,
) -> Template:
    """The response form: the assignment, the open period, the mechanism's scale, attachments."""
    assignment = await wq.get_assignment(actor, assignment_id)
    period = await wq.open_period(actor)
    levels = (await reference.item_levels([assignment.recommendation_id])).get(
        assignment.recommendation_id, []
    )
    response = assignment.response
    attached = [
        e
        for e in await wq.evidence_of_recommendation(actor, assignment.recommendation_id)
        if response and e.response_id == response.id
    ]
    if form is None:
        form = FormState(values=response.model_dump() if response else {})
    editable = period is not None and (response is None or response.state in responses.EDITABLE_STATES)
    needs_approval = assignment.requires_signoff and not responses.signs_off(actor)
    return render(
        request,
        actor,
        "response_form.html",
        form.status,
        assignment=assignment,
        response=response,
        period=period,
        levels=levels,
        attached=attached,
        editable=editable,
        form=form,
        restored=restored,
        needs_approval=needs_approval,
    )


async def answer(actor: Actor, assignment_id: int, data: Mapping[str, Any]) -> SavedResponse:
    """Save the response in the open period, with its attachments, submitting if asked: one
    service call, one transaction."""
    period = await wq.open_period(actor)
    if period is None:
        raise Conflict(_("no hay un periodo abierto: por ahora no se reciben respuestas"))
    response, attachments = await parse_answer(data, period.code)
    return await responses.answer_assignment(actor, assignment_id, response, attachments)


class InboxPages(Controller):
    include_in_schema = False
    guards = [signed_in]
    path = "/inbox"

    @get("/")
    async def inbox(
        self,
        request: Request[Any, Any, Any],
        actor: CurrentActor,
        agency: FromQuery[str | None] = None,
        sort: Annotated[str | None, QueryParameter(name="sort", max_length=20)] = None,
        page: PageNumber = 1,
    ) -> Template:
        period = await wq.open_period(actor)
        items = await wq.list_assignments(
            actor, agency=agency or None, page=page, page_size=PAGE_SIZE, sort=sort or None
        )
        return render(
            request,
            actor,
            "inbox.html",
            period=period,
            items=items,
            unfinished=await wq.unfinished_in_closed_periods(actor, agency=agency or None),
            pages=pagination(request, items.page, items.total, PAGE_SIZE),
            sorts=sort_links(request, sort, list(wq.ASSIGNMENT_SORTS), "due_on"),
            export=export_link(request, "/inbox/export.xlsx"),
        )

    @get("/export.xlsx")
    async def export(
        self,
        request: Request[Any, Any, Any],
        actor: CurrentActor,
        agency: FromQuery[str | None] = None,
        sort: Annotated[str | None, QueryParameter(name="sort", max_length=20)] = None,
    ) -> Response[bytes]:
        """The assignments as listed (the commission: every agency's, or one), with the open
        period's response state."""
        locale = request_locale(request)
        items = await wq.list_assignments(actor, agency=agency or None, sort=sort or None, limit=50_000)
        headers = [
            gettext(locale, h)
            for h in (
                _("Recomendación"),
                _("Título"),
                _("Institución"),
                _("Papel"),
                _("Plazo"),
                _("Asignación"),
                _("Respuesta del periodo"),
                _("Comentario de la comisión"),
            )
        ]
        rows = [
            [
                a.recommendation,
                a.title,
                a.agency,
                word(locale, "assignment_role", a.role),
                a.due_on,
                word(locale, "assignment_state", a.state),
                word(locale, "response_state", a.response.state)
                if a.response
                else gettext(locale, "Sin respuesta"),
                a.response.review_comment if a.response else "",
            ]
            for a in items.items
        ]
        return xlsx_download(gettext(locale, "asignaciones"), headers, rows)

    @get("/{assignment_id:int}")
    async def response_form(
        self,
        request: Request[Any, Any, Any],
        assignment_id: PathId,
        actor: CurrentActor,
        restore: Annotated[str | None, QueryParameter(name="restore", max_length=64)] = None,
    ) -> Template:
        kept = await take_kept_form(request, restore)
        if kept is None:
            return await response_page(request, actor, assignment_id)
        form = FormState(values={k: kept.get(k) for k in RESPONSE_FIELDS})
        return await response_page(request, actor, assignment_id, form, restored=True)

    @post("/{assignment_id:int}/approval")
    async def approval(
        self,
        request: Request[Any, Any, Any],
        assignment_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        """The agency's validating authority approves the answer or sends it back."""
        assignment = await wq.get_assignment(actor, assignment_id)
        with FormAction("approval", data) as form:
            if assignment.response is None:
                raise Conflict(_("esta asignación no tiene una respuesta que aprobar"))
            await responses.approve_response(
                actor,
                assignment.response.id,
                ApprovalIn(decision=data.get("decision", ""), comment=data.get("comment", "")),  # type: ignore[arg-type]
            )
        if form.failed:
            return await response_page(request, actor, assignment_id, form.failed)
        approved = data.get("decision") == "approve"
        notify(
            request,
            _("Respuesta aprobada y enviada a la comisión.")
            if approved
            else _("Respuesta devuelta a quien la redactó."),
        )
        return back_to("/inbox" if approved else f"/inbox/{assignment_id}")

    @post("/{assignment_id:int}/draft", status_code=200, request_max_body_size=max_upload_body())
    async def autosave(
        self,
        request: Request[Any, Any, Any],
        assignment_id: PathId,
        actor: CurrentActor,
        data: MultipartBody[dict[str, Any]],
    ) -> Response[dict[str, Any]]:
        """What the page saves by itself while someone types: the draft's text fields (files
        wait for the buttons). Answers JSON: the new version and when it was saved."""
        locale = request_locale(request)
        try:
            period = await wq.open_period(actor)
            if period is None:
                raise Conflict(_("no hay un periodo abierto: por ahora no se reciben respuestas"))
            fields = {k: v for k, v in data.items() if isinstance(v, str)}
            saved = await responses.save_response(
                actor, assignment_id, parse(ResponseIn, fields, period=period.code, submit=False)
            )
        except DomainError as exc:
            return Response({"detail": exc.localized(locale)}, status_code=status_for(exc))
        except ValidationError:
            return Response({"detail": gettext(locale, "Revise los campos marcados.")}, status_code=422)
        message = gettext(locale, "Borrador guardado a las %(time)s", time=format_time(clock.now(), locale))
        return Response({"version": saved.version, "message": message})

    @post("/{assignment_id:int}", request_max_body_size=max_upload_body())
    async def respond(
        self,
        request: Request[Any, Any, Any],
        assignment_id: PathId,
        actor: CurrentActor,
        data: MultipartBody[dict[str, Any]],
    ) -> Template | Redirect:
        with FormAction("response", data) as form:
            saved = await answer(actor, assignment_id, data)
        if form.failed:  # nothing was saved: the form shows what was typed, at the same version
            form.failed.values = {k: data.get(k) for k in RESPONSE_FIELDS}
            return await response_page(request, actor, assignment_id, form.failed)
        submitted = data.get("action") == "submit"
        if saved.state == ResponseState.TO_APPROVE:
            notify(request, _("Respuesta enviada a aprobación de su institución."))
        else:
            notify(request, _("Respuesta enviada a la comisión.") if submitted else _("Borrador guardado."))
        return back_to("/inbox" if submitted else f"/inbox/{assignment_id}")

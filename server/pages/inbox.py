"""The focal point's inbox and response form (the commission may open it too, to answer on an
agency's behalf from a signed letter, as the services allow)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, MultipartBody
from litestar.response import Redirect, Template

from commitments.actor import Actor
from commitments.errors import Conflict
from commitments.i18n import _
from commitments.queries import reference
from commitments.queries import workflow as wq
from commitments.schemas import EvidenceIn, ResponseIn
from commitments.services import evidence, responses
from commitments.uploads import sniff
from server.auth import CurrentActor
from server.pages.forms import FormState, attempt, parse, uploaded
from server.pages.recommendation_forms import max_upload_body
from server.pages.rendering import back_to, notify, pagination, render
from server.pages.session import signed_in

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
    request: Request[Any, Any, Any], actor: Actor, assignment_id: int, form: FormState | None = None
) -> Template:
    """The response form: the assignment, the open period, the mechanism's scale, attachments."""
    assignment = await wq.get_assignment(actor, assignment_id)
    period = await wq.open_period()
    mechanism = await reference.get_mechanism(assignment.mechanism)
    response = assignment.response
    attached = [
        e
        for e in await wq.evidence_of_recommendation(actor, assignment.recommendation_id)
        if response and e.response_id == response.id
    ]
    if form is None:
        form = FormState(values=response.model_dump() if response else {})
    editable = period is not None and (response is None or response.state in responses.EDITABLE_STATES)
    return render(
        request,
        actor,
        "response_form.html",
        form.status,
        assignment=assignment,
        response=response,
        period=period,
        levels=mechanism.levels,
        attached=attached,
        editable=editable,
        form=form,
    )


async def answer(actor: Actor, assignment_id: int, data: Mapping[str, Any], progress: dict[str, Any]) -> None:
    """Save the response; with an attachment, save it as a draft first (evidence attaches only
    to drafts), attach, then submit if asked. Everything is checked before the first write."""
    period = await wq.open_period()
    if period is None:
        raise Conflict("period is closed")
    submit = data.get("action") == "submit"
    content, name = await uploaded(data)
    url = str(data.get("url") or "")
    attaching = content is not None or bool(url)
    response = parse(ResponseIn, data, period=period["code"], submit=submit and not attaching)
    if attaching:
        meta = parse(
            EvidenceIn,
            data,
            title=data.get("title") or name or url,
            kind=data.get("kind") or ("document" if content else "link"),
        )
        if content is not None:
            sniff(content)  # refuse an unaccepted file before anything is written
    saved = await responses.save_response(actor, assignment_id, response)
    progress["version"] = saved["version"]
    if not attaching:
        return
    assignment = await wq.get_assignment(actor, assignment_id)
    await evidence.upload_evidence(
        actor, assignment.recommendation_id, meta.model_copy(update={"response": saved["id"]}), content, name
    )
    if submit:
        saved = await responses.save_response(
            actor, assignment_id, response.model_copy(update={"submit": True, "version": saved["version"]})
        )
        progress["version"] = saved["version"]


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
        page: FromQuery[int] = 1,
    ) -> Template:
        period = await wq.open_period()
        items = await wq.list_assignments(actor, agency=agency or None, page=page, page_size=PAGE_SIZE)
        return render(
            request,
            actor,
            "inbox.html",
            period=period,
            items=items,
            pages=pagination(request, items.page, items.total, PAGE_SIZE),
        )

    @get("/{assignment_id:int}")
    async def response_form(
        self, request: Request[Any, Any, Any], assignment_id: FromPath[int], actor: CurrentActor
    ) -> Template:
        return await response_page(request, actor, assignment_id)

    @post("/{assignment_id:int}", request_max_body_size=max_upload_body())
    async def respond(
        self,
        request: Request[Any, Any, Any],
        assignment_id: FromPath[int],
        actor: CurrentActor,
        data: MultipartBody[dict[str, Any]],
    ) -> Template | Redirect:
        progress: dict[str, Any] = {}
        failed = await attempt("response", data, lambda: answer(actor, assignment_id, data, progress))
        if failed:
            # A draft saved before the failure has a new version: the form must carry it.
            failed.values = {k: data.get(k) for k in RESPONSE_FIELDS} | progress
            return await response_page(request, actor, assignment_id, failed)
        submitted = data.get("action") == "submit"
        notify(request, _("Respuesta enviada a la comisión.") if submitted else _("Borrador guardado."))
        return back_to("/inbox" if submitted else f"/inbox/{assignment_id}")

"""The commission's review queue: accept a submitted response at a level, or return it."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from commitments.actor import Actor
from commitments.i18n import _, format_datetime, gettext
from commitments.queries import reference
from commitments.queries import workflow as wq
from commitments.queries.models import LevelOut, ResponseOut
from commitments.schemas import ReviewIn
from commitments.services import responses
from server.auth import CurrentActor
from server.formdata import parse
from server.i18n import request_locale
from server.pages.forms import FormAction, FormState
from server.pages.rendering import back_to, is_htmx, notify, render
from server.pages.session import signed_in
from server.pages.sheets import xlsx_download
from server.params import PathId


async def scales_for(items: list[ResponseOut]) -> dict[int, list[LevelOut]]:
    """The levels each response's recommendation is rated on, by response id (two queries)."""
    levels = await reference.item_levels([item.recommendation_id for item in items])
    return {item.id: levels.get(item.recommendation_id, []) for item in items}


async def review_page(
    request: Request[Any, Any, Any],
    actor: Actor,
    forms: dict[int, FormState] | None = None,
    status: int = 200,
) -> Template:
    """The queue, oldest first; a refused decision is shown on its item."""
    queue = await wq.review_queue(actor)
    return render(
        request,
        actor,
        "review.html",
        status,
        queue=queue,
        scales=await scales_for(queue),
        forms=forms or {},
        evidence=await wq.evidence_of_responses(actor, [item.id for item in queue]),
    )


class ReviewPages(Controller):
    include_in_schema = False
    guards = [signed_in]
    path = "/review"

    @get("/")
    async def queue(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        return await review_page(request, actor)

    @get("/export.xlsx")
    async def export(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Response[bytes]:
        """The queue as a spreadsheet: what each agency answered, oldest first."""
        actor.require_commission()
        locale = request_locale(request)
        headers = [
            gettext(locale, h)
            for h in (
                _("Recomendación"),
                _("Institución"),
                _("Periodo"),
                _("Enviada"),
                _("Acciones realizadas"),
                _("Dificultades"),
                _("Asistencia técnica requerida"),
                _("Próximos pasos"),
                _("Fecha meta"),
                _("Nivel propuesto"),
            )
        ]
        rows = [
            [
                r.recommendation,
                r.agency,
                r.period,
                format_datetime(r.submitted_at, locale),
                r.actions_taken,
                r.challenges,
                r.assistance_needed,
                r.next_steps,
                r.target_date,
                r.proposed_level or "",
            ]
            for r in await wq.review_queue(actor)
        ]
        return xlsx_download(gettext(locale, "revision"), headers, rows)

    @post("/{response_id:int}")
    async def decide(
        self,
        request: Request[Any, Any, Any],
        response_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        with FormAction("review", data) as form:
            await responses.review_response(actor, response_id, parse(ReviewIn, data))
        failed = form.failed
        if is_htmx(request):  # swap just this item: decided, or with its error
            item = await wq.get_response(actor, response_id)
            return render(
                request,
                actor,
                "_review_item.html",
                failed.status if failed else 200,
                item=item,
                scales=await scales_for([item]),
                evidence=await wq.evidence_of_responses(actor, [item.id]),
                form=failed or FormState(),
            )
        if failed:
            return await review_page(request, actor, {response_id: failed}, failed.status)
        accepted = data.get("decision") == "accept"
        notify(request, _("Respuesta aceptada.") if accepted else _("Respuesta devuelta a la institución."))
        return back_to("/review")

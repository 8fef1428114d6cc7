"""The recommendation list (filters, search, pages) and a recommendation's whole story."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromQuery, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template
from pydantic import BaseModel

from commitments import vocabulary
from commitments.actor import Actor
from commitments.i18n import _, gettext
from commitments.queries import recommendations as rq
from commitments.queries import reference
from commitments.queries import workflow as wq
from commitments.queries.models import AssessmentOut, RecommendationSummary
from commitments.roundtables.queries import roundtables_serving
from commitments.schemas import RecommendationPatch
from commitments.services.recommendations import update_recommendation
from commitments.vocabulary import Source, word
from server.auth import CurrentActor
from server.i18n import request_locale
from server.pages.forms import FormAction, FormState
from server.pages.rendering import back_to, export_link, is_htmx, notify, pagination, render, sort_links
from server.pages.session import signed_in
from server.pages.sheets import xlsx_download
from server.params import PageNumber, PathId

PAGE_SIZE = 25
STATE_CHOICES = vocabulary.choices(vocabulary.State)
EDITABLE = ("title", "text", "text_translated", "theme", "due_on", "source_title", "source_url")


class PeriodAssessments(BaseModel):
    """One row of the history: the government's and the mechanism's rating of one period."""

    period: str
    self_rating: AssessmentOut | None = None
    reviewer_rating: AssessmentOut | None = None


def side_by_side(history: list[AssessmentOut]) -> list[PeriodAssessments]:
    """Latest self and reviewer rating per period, newest period first (input is sorted so)."""
    rows: dict[str, PeriodAssessments] = {}
    for item in history:
        row = rows.setdefault(item.period, PeriodAssessments(period=item.period))
        if item.source == Source.SELF and row.self_rating is None:
            row.self_rating = item
        elif item.source == Source.REVIEWER and row.reviewer_rating is None:
            row.reviewer_rating = item
    return list(rows.values())


async def detail_page(
    request: Request[Any, Any, Any], actor: Actor, rec_id: int, form: FormState | None = None
) -> Template:
    """The detail page; a refused form is shown again with its error and values."""
    rec = await rq.get_recommendation(actor, rec_id)
    mechanism = await reference.get_mechanism(rec.mechanism)
    context: dict[str, Any] = {
        "rec": rec,
        "levels": mechanism.levels,
        "level_by_code": {lv.code: lv for lv in mechanism.levels},
        "responses": await wq.responses_of_recommendation(actor, rec_id),
        "evidence": await wq.evidence_of_recommendation(actor, rec_id),
        "history": side_by_side(await wq.assessments_of(actor, rec_id)),
        "links": await rq.links_of(actor, rec_id),
        "roundtables": await roundtables_serving(actor, rec_id),
        "form": form or FormState(),
    }
    if actor.is_commission:
        context["periods"] = await reference.list_periods(actor)
        context["agencies"] = await reference.list_agencies(active_only=True)
    return render(request, actor, "recommendation.html", form.status if form else 200, **context)


class RecommendationPages(Controller):
    include_in_schema = False
    guards = [signed_in]
    path = "/recommendations"

    @get("/")
    async def list_page(
        self,
        request: Request[Any, Any, Any],
        actor: CurrentActor,
        mechanism: FromQuery[str | None] = None,
        cycle: FromQuery[str | None] = None,
        agency: FromQuery[str | None] = None,
        q: FromQuery[str | None] = None,
        state_filter: Annotated[str | None, QueryParameter(name="state")] = None,
        sort: Annotated[str | None, QueryParameter(name="sort", max_length=20)] = None,
        page: PageNumber = 1,
    ) -> Template:
        f = rq.RecommendationFilter(
            mechanism=mechanism, cycle=cycle, agency=agency, state=state_filter, q=q, sort=sort or None
        )
        results = await rq.list_recommendations(actor, f, page, PAGE_SIZE)
        template = "_recommendation_results.html" if is_htmx(request) else "recommendations.html"
        return render(
            request,
            actor,
            template,
            results=results,
            filters=f,
            pages=pagination(request, results.page, results.total, PAGE_SIZE),
            mechanisms=await reference.list_mechanisms(),
            cycles=await reference.list_cycles(mechanism or None),
            agencies=await reference.list_agencies(),
            states=STATE_CHOICES,
            sorts=sort_links(request, f.sort, list(rq.SORTS), "code"),
            export=export_link(request, "/recommendations/export.xlsx"),
        )

    @get("/export.xlsx")
    async def export(
        self,
        request: Request[Any, Any, Any],
        actor: CurrentActor,
        mechanism: FromQuery[str | None] = None,
        cycle: FromQuery[str | None] = None,
        agency: FromQuery[str | None] = None,
        q: FromQuery[str | None] = None,
        state_filter: Annotated[str | None, QueryParameter(name="state")] = None,
        sort: Annotated[str | None, QueryParameter(name="sort", max_length=20)] = None,
    ) -> Response[bytes]:
        """The list as filtered and ordered, every matching row, as a spreadsheet."""
        f = rq.RecommendationFilter(
            mechanism=mechanism, cycle=cycle, agency=agency, state=state_filter, q=q, sort=sort or None
        )
        locale = request_locale(request)
        rows = await rq.export_rows(actor, f)
        headers = [
            gettext(locale, h)
            for h in (
                _("Código"),
                _("Mecanismo"),
                _("Ciclo"),
                _("Referencia"),
                _("Título"),
                _("Texto"),
                _("Instituciones"),
                _("Estado"),
                _("Nivel"),
                _("Plazo"),
            )
        ]

        def line(rec: RecommendationSummary) -> list[Any]:
            level = getattr(rec.level, f"label_{locale}", "") if rec.level else ""
            agencies = ", ".join(
                a.agency + (f" ({word(locale, 'assignment_role', a.role)})" if a.role == "support" else "")
                for a in rec.agencies
            )
            return [
                rec.code,
                rec.mechanism,
                rec.cycle,
                rec.reference,
                rec.title,
                rec.text,
                agencies,
                word(locale, "state", rec.state),
                level,
                rec.due_on,
            ]

        return xlsx_download(gettext(locale, "recomendaciones"), headers, (line(r) for r in rows))

    @get("/{rec_id:int}")
    async def detail(self, request: Request[Any, Any, Any], rec_id: PathId, actor: CurrentActor) -> Template:
        return await detail_page(request, actor, rec_id)

    @get("/{rec_id:int}/edit")
    async def edit_form(
        self, request: Request[Any, Any, Any], rec_id: PathId, actor: CurrentActor
    ) -> Template:
        actor.require_commission()
        rec = await rq.get_recommendation(actor, rec_id)
        return render(
            request, actor, "recommendation_edit.html", rec=rec, form=FormState(values=rec.model_dump())
        )

    @post("/{rec_id:int}/edit")
    async def edit(
        self,
        request: Request[Any, Any, Any],
        rec_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        # Cleared fields are sent as "" on purpose (to empty them); a cleared date means none.
        values: dict[str, Any] = {k: data.get(k, "") for k in EDITABLE}
        values["due_on"] = values["due_on"] or None
        with FormAction("edit", data) as form:
            patch = RecommendationPatch.model_validate({**values, "version": data.get("version")})
            await update_recommendation(actor, rec_id, patch)
        if form.failed:
            rec = await rq.get_recommendation(actor, rec_id)
            return render(
                request, actor, "recommendation_edit.html", form.failed.status, rec=rec, form=form.failed
            )
        notify(request, _("Cambios guardados."))
        return back_to(f"/recommendations/{rec_id}")

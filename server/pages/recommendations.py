"""The recommendation list (filters, search, pages) and a recommendation's whole story."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template
from pydantic import BaseModel

from commitments import kinds, policy, vocabulary
from commitments.actor import Actor
from commitments.errors import NotFound
from commitments.i18n import _, gettext
from commitments.queries import civil_society, refcache
from commitments.queries import recommendations as rq
from commitments.queries import workflow as wq
from commitments.queries.civil_society import CivilAssessmentOut
from commitments.queries.models import (
    AssessmentOut,
    RecommendationDetail,
    RecommendationSummary,
    TranslationOut,
)
from commitments.roundtables.queries import roundtables_serving
from commitments.schemas import RecommendationPatch, TranslationIn
from commitments.services.recommendations import update_recommendation
from commitments.services.translations import save_translation
from commitments.vocabulary import Source, word
from server.auth import CurrentActor
from server.formdata import parse
from server.i18n import request_locale
from server.pages.forms import FormAction, FormState
from server.pages.rendering import (
    back_to,
    export_link,
    is_htmx,
    notify,
    pagination,
    render,
    sort_links,
    suggestion_links,
)
from server.pages.session import signed_in
from server.pages.sheets import xlsx_download
from server.params import PageNumber, PathId

PAGE_SIZE = 25
STATE_CHOICES = vocabulary.choices(vocabulary.State)
EDITABLE = ("title", "text", "kind", "theme", "due_on", "source_title", "source_url", "verbatim_status")
# Kind-specific fields (commitments.kinds): a page edits those of the item's mechanism only.
DATES = ("due_on", "starts_on", "ends_on")


class PeriodAssessments(BaseModel):
    """One row of the history: the government's, the mechanism's and civil society's ratings
    of one period."""

    period: str
    ends_on: dt.date
    self_rating: AssessmentOut | None = None
    reviewer_rating: AssessmentOut | None = None
    civil_society: list[CivilAssessmentOut] = []


def side_by_side(
    history: list[AssessmentOut], civil: list[CivilAssessmentOut] | None = None
) -> list[PeriodAssessments]:
    """Latest self and reviewer rating per period (input newest first) and every organisation's
    assessment, newest period first."""
    rows: dict[str, PeriodAssessments] = {}
    for item in history:
        row = rows.setdefault(item.period, PeriodAssessments(period=item.period, ends_on=item.period_ends_on))
        if item.source == Source.SELF and row.self_rating is None:
            row.self_rating = item
        elif item.source == Source.REVIEWER and row.reviewer_rating is None:
            row.reviewer_rating = item
    for assessment in civil or []:
        period = PeriodAssessments(period=assessment.period, ends_on=assessment.period_ends_on)
        rows.setdefault(assessment.period, period).civil_society.append(assessment)
    return sorted(rows.values(), key=lambda row: row.ends_on, reverse=True)


async def detail_page(
    request: Request[Any, Any, Any], actor: Actor, rec_id: int, form: FormState | None = None
) -> Template:
    """The detail page; a refused form is shown again with its error and values."""
    # Each part below checks the recommendation's visibility; asked once (policy.py).
    with policy.remembering_visibility():
        context = await _detail_context(actor, rec_id, form)
    return render(request, actor, "recommendation.html", form.status if form else 200, **context)


async def _detail_context(actor: Actor, rec_id: int, form: FormState | None) -> dict[str, Any]:
    rec = await rq.get_recommendation(actor, rec_id)
    ref = await refcache.current()
    levels = await ref.cycle_levels(rec.cycle_id)
    civil = await civil_society.assessments_of(actor, rec_id)
    context: dict[str, Any] = {
        "rec": rec,
        "levels": levels,
        "level_by_code": {lv.code: lv for lv in levels},
        "responses": await wq.responses_of_recommendation(actor, rec_id),
        "evidence": await wq.evidence_of_recommendation(actor, rec_id),
        "history": side_by_side(await wq.assessments_of(actor, rec_id), civil),
        "links": await rq.links_of(actor, rec_id),
        "roundtables": await roundtables_serving(actor, rec_id),
        "form": form or FormState(),
    }
    if actor.is_commission or actor.is_civil_society:
        context["periods"] = await ref.periods(actor)
    if actor.is_commission:
        context["agencies"] = await ref.agencies(active_only=True)
        context["documents_options"] = [
            (d.id, f"{d.reference}" + (f" — {d.title}" if d.title else ""))
            for d in await ref.review_documents(rec.mechanism)
        ]
    return context


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
        with refcache.one_check():  # the filters and the drop-downs read the same reference data
            results = await rq.list_recommendations(actor, f, page, PAGE_SIZE)
            ref = await refcache.current()
            choices: dict[str, Any] = {
                "mechanisms": await ref.mechanisms(),
                "cycles": await ref.cycles(mechanism or None),
                "agencies": await ref.agencies(),
            }
        template = "_recommendation_results.html" if is_htmx(request) else "recommendations.html"
        return render(
            request,
            actor,
            template,
            results=results,
            filters=f,
            pages=pagination(request, results.page, results.total, PAGE_SIZE),
            suggested=suggestion_links(request, results.suggestions),
            states=STATE_CHOICES,
            sorts=sort_links(request, f.sort, list(rq.SORTS), "code"),
            export=export_link(request, "/recommendations/export.xlsx"),
            **choices,
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
            request,
            actor,
            "recommendation_edit.html",
            **_edit_context(rec),
            form=FormState(values=rec.model_dump()),
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
        rec = await rq.get_recommendation(actor, rec_id)
        names = (*EDITABLE, *kinds.of(rec.mechanism).fields)
        values: dict[str, Any] = {k: data.get(k, "") for k in names}
        for name in names:
            if name in DATES or name == "disclosure_rate":
                values[name] = values[name] or None
        with FormAction("edit", data) as form:
            patch = RecommendationPatch.model_validate({**values, "version": data.get("version")})
            await update_recommendation(actor, rec_id, patch)
        if form.failed:
            return render(
                request,
                actor,
                "recommendation_edit.html",
                form.failed.status,
                **_edit_context(rec),
                form=form.failed,
            )
        notify(request, _("Cambios guardados."))
        return back_to(f"/recommendations/{rec_id}")

    @get("/{rec_id:int}/translations/{language:str}")
    async def translation_form(
        self, request: Request[Any, Any, Any], rec_id: PathId, language: FromPath[str], actor: CurrentActor
    ) -> Template:
        actor.require_commission()
        rec = await rq.get_recommendation(actor, rec_id)
        slot = _slot(rec, language)
        values = {"title": slot.title, "text": slot.text, "state": slot.state, "version": rec.version}
        return render(
            request,
            actor,
            "recommendation_translation.html",
            rec=rec,
            language=language,
            form=FormState(values=values),
        )

    @post("/{rec_id:int}/translations/{language:str}")
    async def translate(
        self,
        request: Request[Any, Any, Any],
        rec_id: PathId,
        language: FromPath[str],
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        with FormAction("translate", data) as form:
            await save_translation(actor, rec_id, language, parse(TranslationIn, data))
        if form.failed:
            rec = await rq.get_recommendation(actor, rec_id)
            _slot(rec, language)
            return render(
                request,
                actor,
                "recommendation_translation.html",
                form.failed.status,
                rec=rec,
                language=language,
                form=form.failed,
            )
        notify(request, _("Traducción guardada."))
        return back_to(f"/recommendations/{rec_id}#text-heading")


def _slot(rec: RecommendationDetail, language: str) -> TranslationOut:
    """The recommendation's translation slot for a report language (404 for its own language)."""
    slot = rec.translations.get(language)
    if slot is None:
        raise NotFound(_("no hay traducción al idioma original del texto"))
    return slot


def _edit_context(rec: RecommendationDetail) -> dict[str, Any]:
    """The edit form's choices for the item's mechanism: its kinds and the fields they have."""
    own = kinds.of(rec.mechanism)
    return {
        "rec": rec,
        "kinds": [k.value for k in own.kinds],
        "kind_fields": own.fields,
        "stages": kinds.STAGES,
        "workstreams": kinds.WORKSTREAMS,
    }

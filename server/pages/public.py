"""The public portal (no login): the catalogue with its public status, progress charts,
each recommendation's public timeline and evidence, the data dictionary and issued reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.params import FromQuery, QueryParameter
from litestar.response import Response, Template

from commitments.imports import data_dictionary
from commitments.queries import refcache
from commitments.queries.dashboard import MechanismProgress
from commitments.queries.public import (
    public_evidence_file,
    public_progress,
    public_recommendation,
    public_recommendations,
)
from commitments.queries.recommendations import RecommendationFilter
from commitments.services.reports import file_name, public_report_pdf, public_reports
from commitments.vocabulary import State
from server.api.workflow import content_disposition
from server.auth import CurrentActor
from server.pages.recommendations import STATE_CHOICES
from server.pages.rendering import is_htmx, pagination, render, suggestion_links
from server.params import PageNumber, PathId

PAGE_SIZE = 25
# Bars read from done to not yet started; the two states outside the scale come last.
BAR_ORDER = (
    State.COMPLETE,
    State.SUBSTANTIAL,
    State.IN_PROGRESS,
    State.NOT_STARTED,
    State.NOT_APPLICABLE,
    State.NOT_ASSESSED,
)


@dataclass(frozen=True)
class Segment:
    state: str
    count: int
    x: float  # percent of the bar's width
    width: float


def bar(row: MechanismProgress) -> list[Segment]:
    """A mechanism's stacked bar: one segment per state that has recommendations."""
    segments, x = [], 0.0
    for state in BAR_ORDER:
        count = row.states.get(state, 0)
        if count and row.total:
            width = round(100 * count / row.total, 2)
            segments.append(Segment(state, count, round(x, 2), width))
            x += width
    return segments


async def _names() -> dict[str, Any]:
    """Mechanisms and agencies by code, to show names in the page's language."""
    ref = await refcache.current()
    return {
        "mechanisms": {m.code: m for m in await ref.mechanisms()},
        "agencies": {a.code: a for a in await ref.agencies()},
    }


class PublicPages(Controller):
    include_in_schema = False
    path = "/public"

    @get("/")
    async def portal(
        self,
        request: Request[Any, Any, Any],
        actor: CurrentActor,
        mechanism: FromQuery[str | None] = None,
        agency: FromQuery[str | None] = None,
        q: FromQuery[str | None] = None,
        page: PageNumber = 1,
        state_filter: Annotated[str | None, QueryParameter(name="state")] = None,
    ) -> Template:
        f = RecommendationFilter(mechanism=mechanism, agency=agency, state=state_filter, q=q)
        with refcache.one_check():  # the filters and the names read the same reference data
            results = await public_recommendations(f, page, PAGE_SIZE)
            names = await _names()
        pages = pagination(request, results.page, results.total, PAGE_SIZE)
        suggested = suggestion_links(request, results.suggestions)
        context = {"results": results, "filters": f, "pages": pages, "suggested": suggested, **names}
        if is_htmx(request):
            return render(request, actor, "_public_results.html", **context)
        progress = await public_progress()
        return render(
            request,
            actor,
            "public.html",
            **context,
            states=STATE_CHOICES,
            progress=progress,
            bars={row.mechanism: bar(row) for row in progress},
            bar_order=BAR_ORDER,
            reports=await public_reports(),
        )

    @get("/recommendations/{rec_id:int}")
    async def recommendation(
        self, request: Request[Any, Any, Any], rec_id: PathId, actor: CurrentActor
    ) -> Template:
        rec = await public_recommendation(rec_id)
        return render(request, actor, "public_recommendation.html", rec=rec, **await _names())

    @get("/data")
    async def data(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        return render(request, actor, "public_data.html", fields=data_dictionary())

    @get("/reports/{report_id:int}/pdf")
    async def report_pdf(self, report_id: PathId) -> Response[bytes]:
        report, data = await public_report_pdf(report_id)
        name = file_name(report, "pdf")
        return Response(
            data, media_type="application/pdf", headers={"Content-Disposition": content_disposition(name)}
        )

    @get("/evidence/{evidence_id:int}/file")
    async def evidence_file(self, evidence_id: PathId) -> Response[bytes]:
        item, data = await public_evidence_file(evidence_id)
        return Response(
            data,
            media_type=item.media_type or "application/octet-stream",
            headers={"Content-Disposition": content_disposition(item.file_name)},
        )

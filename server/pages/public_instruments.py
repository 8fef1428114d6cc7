"""The public portal's technical roundtables and transparency rating (no login): what the
public rule allows (commitments.publicity), in the page's language."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromQuery
from litestar.response import Response, Template

from commitments.actor import ANONYMOUS
from commitments.roundtables.queries import public_roundtable, public_roundtables
from commitments.scorecard import documents, queries
from server.api.workflow import content_disposition
from server.auth import CurrentActor
from server.pages.rendering import render
from server.params import PathCode, PathId, Year


class PublicInstrumentPages(Controller):
    include_in_schema = False
    path = "/public"

    @get("/roundtables")
    async def roundtables(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        return render(request, actor, "public_roundtables.html", roundtables=await public_roundtables())

    @get("/roundtables/{roundtable_id:int}")
    async def roundtable(
        self, request: Request[Any, Any, Any], roundtable_id: PathId, actor: CurrentActor
    ) -> Template:
        return render(request, actor, "public_roundtable.html", plan=await public_roundtable(roundtable_id))

    @get("/scorecards")
    async def scorecards(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        years = await queries.list_years(ANONYMOUS)
        latest = years[0] if years else None
        ranking = await queries.ranking(ANONYMOUS, latest.year) if latest else None
        return render(request, actor, "public_scorecards.html", years=years, info=latest, ranking=ranking)

    @get("/scorecards/{year:int}")
    async def scorecard(self, request: Request[Any, Any, Any], year: Year, actor: CurrentActor) -> Template:
        info = await queries.get_year(ANONYMOUS, year)
        ranking = await queries.ranking(ANONYMOUS, year)
        return render(request, actor, "public_scorecard.html", info=info, ranking=ranking)

    @get("/scorecards/{year:int}/pdf")
    async def scorecard_pdf(self, year: Year, locale: FromQuery[str] = "es") -> Response[bytes]:
        data, name = await documents.rating_pdf(ANONYMOUS, year, locale)
        return Response(
            data, media_type="application/pdf", headers={"Content-Disposition": content_disposition(name)}
        )

    @get("/scorecards/agencies/{code:str}")
    async def agency(self, request: Request[Any, Any, Any], code: PathCode, actor: CurrentActor) -> Template:
        profile = await queries.profile(code)
        years = {y.year: y for y in await queries.list_years(ANONYMOUS)}
        latest = profile.years[-1].year if profile.years else None
        sheet = await queries.sheet(ANONYMOUS, latest, code) if latest else None
        return render(
            request,
            actor,
            "public_scorecard_agency.html",
            profile=profile,
            sheet=sheet,
            info=years.get(latest) if latest else None,
        )

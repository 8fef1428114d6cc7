"""The annual transparency rating: methodology, scores, contests, publication, ranking,
profiles, PDF and open data."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, delete, get, patch, post, put
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromQuery, JSONBody, QueryParameter
from litestar.response import Response

from commitments.scorecard import documents, methodology, opendata, queries, scoring, years
from commitments.scorecard.schemas import (
    AnswerIn,
    ContestIn,
    ContestOut,
    CriterionIn,
    CriterionPatch,
    IndicatorIn,
    IndicatorPatch,
    ProfileOut,
    RankingOut,
    ReviewIn,
    ScorecardIn,
    SheetIn,
    SheetOut,
    YearOut,
)
from server.api.docs import ERRORS, download
from server.api.workflow import content_disposition
from server.auth import CurrentActor
from server.params import PathCode, PathId, Year

SCHEMA_MEDIA_TYPE = "application/schema+json"


class ScorecardController(Controller):
    path = "/api/v1/scorecards"
    tags = ["transparency rating"]

    @get("/", summary="Years of the rating the caller may read (anyone: the published ones)")
    async def years(self, actor: CurrentActor) -> list[YearOut]:
        return await queries.list_years(actor)

    @post("/", summary="Open a year: methodology carried forward, agencies rated (commission)")
    async def create(self, actor: CurrentActor, data: JSONBody[ScorecardIn]) -> YearOut:
        await years.create_year(actor, data)
        return await queries.get_year(actor, data.year)

    @get("/{year:int}", summary="A year with its methodology (indicators and weighted criteria)")
    async def year(self, year: Year, actor: CurrentActor) -> YearOut:
        return await queries.get_year(actor, year)

    @post("/{year:int}/indicators", summary="Add an indicator (while the year is prepared)")
    async def add_indicator(self, year: Year, actor: CurrentActor, data: JSONBody[IndicatorIn]) -> YearOut:
        await methodology.add_indicator(actor, year, data)
        return await queries.get_year(actor, year)

    @patch("/{year:int}/indicators/{code:str}", summary="Rename or reweigh an indicator")
    async def change_indicator(
        self, year: Year, code: PathCode, actor: CurrentActor, data: JSONBody[IndicatorPatch]
    ) -> YearOut:
        await methodology.update_indicator(actor, year, code, data)
        return await queries.get_year(actor, year)

    @delete("/{year:int}/indicators/{code:str}", summary="Remove an indicator without criteria")
    async def delete_indicator(self, year: Year, code: PathCode, actor: CurrentActor) -> None:
        await methodology.delete_indicator(actor, year, code)

    @post("/{year:int}/criteria", summary="Add a criterion to an indicator")
    async def add_criterion(self, year: Year, actor: CurrentActor, data: JSONBody[CriterionIn]) -> YearOut:
        await methodology.add_criterion(actor, year, data)
        return await queries.get_year(actor, year)

    @patch("/{year:int}/criteria/{code:str}", summary="Rename, describe or reweigh a criterion")
    async def change_criterion(
        self, year: Year, code: PathCode, actor: CurrentActor, data: JSONBody[CriterionPatch]
    ) -> YearOut:
        await methodology.update_criterion(actor, year, code, data)
        return await queries.get_year(actor, year)

    @delete("/{year:int}/criteria/{code:str}", summary="Remove a criterion nobody was scored on")
    async def delete_criterion(self, year: Year, code: PathCode, actor: CurrentActor) -> None:
        await methodology.delete_criterion(actor, year, code)

    @get("/{year:int}/ranking", summary="The ranking (a draft's for the commission; published for anyone)")
    async def ranking(self, year: Year, actor: CurrentActor) -> RankingOut:
        return await queries.ranking(actor, year)

    @get("/{year:int}/agencies/{code:str}", summary="One agency's scores (its focal points: their own draft)")
    async def sheet(self, year: Year, code: PathCode, actor: CurrentActor) -> SheetOut:
        return await queries.sheet(actor, year, code)

    @put(
        "/{year:int}/agencies/{code:str}/scores",
        summary="Score one agency on any of the criteria (commission)",
    )
    async def score(
        self, year: Year, code: PathCode, actor: CurrentActor, data: JSONBody[SheetIn]
    ) -> SheetOut:
        await scoring.save_sheet(actor, year, code, data)
        return await queries.sheet(actor, year, code)

    @post(
        "/{year:int}/agencies/{code:str}/contests",
        summary="Contest one of the agency's draft scores (its focal points, within the window; once per score)",
    )
    async def contest(
        self, year: Year, code: PathCode, actor: CurrentActor, data: JSONBody[ContestIn]
    ) -> ContestOut:
        contest_id = await scoring.contest(actor, year, code, data)
        return next(c for c in await queries.contests(actor, year) if c.id == contest_id)

    @get("/{year:int}/contests", summary="Contests (the commission's all; a focal point's its agency's)")
    async def contests(
        self,
        year: Year,
        actor: CurrentActor,
        state_filter: Annotated[str | None, QueryParameter(name="state", max_length=20)] = None,
    ) -> list[ContestOut]:
        actor.require_authenticated()
        return await queries.contests(actor, year, state_filter)

    @post(
        "/{year:int}/contests/{contest_id:int}/answer",
        status_code=200,
        summary="Answer a contest (commission)",
    )
    async def answer(
        self, year: Year, contest_id: PathId, actor: CurrentActor, data: JSONBody[AnswerIn]
    ) -> ContestOut:
        await scoring.answer(actor, year, contest_id, data)
        return next(c for c in await queries.contests(actor, year) if c.id == contest_id)

    @post(
        "/{year:int}/review",
        status_code=200,
        summary="Share the draft scores with the agencies and set (or move) the window to contest them",
    )
    async def review(self, year: Year, actor: CurrentActor, data: JSONBody[ReviewIn]) -> YearOut:
        await years.open_review(actor, year, data)
        return await queries.get_year(actor, year)

    @post("/{year:int}/publish", status_code=200, summary="Publish the year: its results frozen for good")
    async def publish(self, year: Year, actor: CurrentActor) -> YearOut:
        await years.publish(actor, year)
        return await queries.get_year(actor, year)

    @get(
        "/{year:int}/pdf",
        summary="The year's rating as PDF (es or en); a draft, marked, for the commission",
        responses=download("application/pdf", "The rating as PDF"),
    )
    async def pdf(self, year: Year, actor: CurrentActor, locale: FromQuery[str] = "es") -> Response[bytes]:
        data, name = await documents.rating_pdf(actor, year, locale)
        return Response(
            data, media_type="application/pdf", headers={"Content-Disposition": content_disposition(name)}
        )

    @get("/agencies/{code:str}", summary="An agency's published results, year over year")
    async def profile(self, code: PathCode) -> ProfileOut:
        return await queries.profile(code)


class ScorecardOpenDataController(Controller):
    path = "/api/v1/open-data"
    tags = ["open data"]

    @get(
        "/scorecards.csv",
        summary="Every published year of the rating as CSV (one row per year, agency and criterion)",
        responses=download("text/csv; charset=utf-8", "The rating's open data as CSV"),
    )
    async def csv(self) -> Response[bytes]:
        return _download(await opendata.export("csv"), "text/csv", "scorecards.csv")

    @get(
        "/scorecards.json",
        summary="Every published year of the rating as JSON",
        responses={
            **ERRORS,
            200: ResponseSpec(data_container=dict[str, Any], description="The rating's open data"),
        },
    )
    async def json(self) -> Response[bytes]:
        return _download(await opendata.export("json"), "application/json", "scorecards.json")

    @get(
        "/scorecards.schema.json",
        summary="JSON Schema of scorecards.json",
        responses={
            200: ResponseSpec(
                data_container=dict[str, Any], media_type=SCHEMA_MEDIA_TYPE, description="A JSON Schema"
            )
        },
    )
    async def schema(self) -> Response[dict[str, Any]]:
        return Response(opendata.json_schema(), media_type=SCHEMA_MEDIA_TYPE)


def _download(data: bytes, media_type: str, name: str) -> Response[bytes]:
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": content_disposition(name), "Access-Control-Allow-Origin": "*"},
    )

"""The transparency rating on the web: the years, each year's methodology, scoring progress,
ranking and contests, and one agency's sheet (the evaluators score it; its focal points read
their draft and contest it within the window)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery, URLEncodedBody
from litestar.response import Redirect, Response, Template

from commitments.actor import Actor
from commitments.i18n import _
from commitments.scorecard import documents, methodology, queries, results, scoring, years
from commitments.scorecard.schemas import (
    AnswerIn,
    ContestIn,
    CriterionIn,
    CriterionPatch,
    IndicatorIn,
    IndicatorPatch,
    ReviewIn,
    ScorecardIn,
    SheetIn,
)
from commitments.vocabulary import ContestState, ScorecardState
from server.api.workflow import content_disposition
from server.auth import CurrentActor
from server.formdata import parse
from server.pages.forms import FormAction, FormState
from server.pages.rendering import back_to, notify, render
from server.pages.session import signed_in
from server.params import PathCode, PathId, Year


async def years_page(
    request: Request[Any, Any, Any], actor: Actor, form: FormState | None = None
) -> Template:
    """The years the actor may read, with the form to open one (commission)."""
    return render(
        request,
        actor,
        "scorecards.html",
        form.status if form else 200,
        years=await queries.list_years(actor),
        form=form or FormState(),
    )


async def year_page(
    request: Request[Any, Any, Any], actor: Actor, year: int, form: FormState | None = None
) -> Template:
    """A year: methodology, the commission's progress and contests, the ranking where visible."""
    info = await queries.get_year(actor, year)
    published = info.state == ScorecardState.PUBLISHED
    context: dict[str, Any] = {"info": info, "form": form or FormState(), "ranking": None, "problems": []}
    if actor.is_commission or published:
        context["ranking"] = await queries.ranking(actor, year)
    if actor.is_commission:
        context["progress"] = await queries.progress(actor, year)
        context["contests"] = await queries.contests(actor, year, ContestState.OPEN)
        row = await queries.visible_year(actor, year)
        context["problems"] = results.weight_problems(await results.methodology(row["id"]))
    elif actor.is_focal_point and actor.agency_code in info.agencies:
        context["own"] = actor.agency_code
    return render(request, actor, "scorecard.html", form.status if form else 200, **context)


async def sheet_page(
    request: Request[Any, Any, Any], actor: Actor, year: int, code: str, form: FormState | None = None
) -> Template:
    """One agency's sheet in a year."""
    info = await queries.get_year(actor, year)
    sheet = await queries.sheet(actor, year, code)
    titles = {c.code: c for i in info.indicators for c in i.criteria}
    return render(
        request,
        actor,
        "scorecard_sheet.html",
        form.status if form else 200,
        info=info,
        sheet=sheet,
        criteria=titles,
        form=form or FormState(),
        may_score=actor.is_commission and info.state != ScorecardState.PUBLISHED,
        may_contest=actor.is_focal_point and actor.agency_code == sheet.agency and sheet.contest_open,
    )


def sheet_values(data: Mapping[str, str], codes: list[str]) -> SheetIn:
    """The scores typed in a sheet: only criteria whose score box is filled."""
    scores = []
    for code in codes:
        score = (data.get(f"score_{code}") or "").strip()
        if score:
            scores.append(
                {
                    "criterion": code,
                    "score": score,
                    "note": data.get(f"note_{code}", ""),
                    "evidence_url": data.get(f"evidence_url_{code}", ""),
                    "version": data.get(f"version_{code}") or None,
                }
            )
    return SheetIn.model_validate({"scores": scores})


class ScorecardPages(Controller):
    include_in_schema = False
    guards = [signed_in]
    path = "/scorecards"

    @get("/")
    async def index(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        return await years_page(request, actor)

    @post("/")
    async def create(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        with FormAction("year", data) as form:
            created = parse(ScorecardIn, data)
            await years.create_year(actor, created)
        if form.failed:
            return await years_page(request, actor, form.failed)
        notify(request, _("Calificación abierta."))
        return back_to(f"/scorecards/{created.year}")

    @get("/{year:int}")
    async def year(self, request: Request[Any, Any, Any], year: Year, actor: CurrentActor) -> Template:
        return await year_page(request, actor, year)

    @post("/{year:int}/{part:str}")
    async def add_part(
        self,
        request: Request[Any, Any, Any],
        year: Year,
        part: PathCode,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        """Add an indicator or a criterion, share the draft for review, or publish."""
        with FormAction(part, data) as form:
            if part == "indicators":
                await methodology.add_indicator(actor, year, parse(IndicatorIn, data))
            elif part == "criteria":
                await methodology.add_criterion(actor, year, parse(CriterionIn, data))
            elif part == "review":
                await years.open_review(actor, year, parse(ReviewIn, data))
            elif part == "publish" and data.get("confirm") == "1":
                await years.publish(actor, year)
            elif part != "publish":
                raise NotFoundException()
        if form.failed:
            return await year_page(request, actor, year, form.failed)
        if part == "publish" and data.get("confirm") != "1":
            notify(request, _("Marque la casilla para confirmar la publicación."))
        else:
            notify(request, _("Cambios guardados."))
        return back_to(f"/scorecards/{year}")

    @post("/{year:int}/{part:str}/{code:str}")
    async def change_part(
        self,
        request: Request[Any, Any, Any],
        year: Year,
        part: PathCode,
        code: PathCode,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        """Change or remove (`remove=1`) an indicator or a criterion."""
        with FormAction(f"{part}-{code}", data) as form:
            remove = data.get("remove") == "1"
            if part == "indicators":
                await (
                    methodology.delete_indicator(actor, year, code)
                    if remove
                    else methodology.update_indicator(actor, year, code, parse(IndicatorPatch, data))
                )
            elif part == "criteria":
                await (
                    methodology.delete_criterion(actor, year, code)
                    if remove
                    else methodology.update_criterion(actor, year, code, parse(CriterionPatch, data))
                )
            else:
                raise NotFoundException()
        if form.failed:
            return await year_page(request, actor, year, form.failed)
        notify(request, _("Cambios guardados."))
        return back_to(f"/scorecards/{year}#methodology")

    @get("/{year:int}/agencies/{code:str}")
    async def sheet(
        self, request: Request[Any, Any, Any], year: Year, code: PathCode, actor: CurrentActor
    ) -> Template:
        return await sheet_page(request, actor, year, code)

    @post("/{year:int}/agencies/{code:str}/scores")
    async def score(
        self,
        request: Request[Any, Any, Any],
        year: Year,
        code: PathCode,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        info = await queries.get_year(actor, year)
        codes = [c.code for i in info.indicators for c in i.criteria]
        with FormAction("scores", data) as form:
            await scoring.save_sheet(actor, year, code, sheet_values(data, codes))
        if form.failed:
            return await sheet_page(request, actor, year, code, form.failed)
        notify(request, _("Puntajes guardados."))
        return back_to(f"/scorecards/{year}/agencies/{code}")

    @post("/{year:int}/agencies/{code:str}/contests")
    async def contest(
        self,
        request: Request[Any, Any, Any],
        year: Year,
        code: PathCode,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        with FormAction(f"contest-{data.get('criterion', '')}", data) as form:
            await scoring.contest(actor, year, code, parse(ContestIn, data))
        if form.failed:
            return await sheet_page(request, actor, year, code, form.failed)
        notify(request, _("Impugnación enviada a la comisión."))
        return back_to(f"/scorecards/{year}/agencies/{code}")

    @post("/{year:int}/contests/{contest_id:int}/answer")
    async def answer(
        self,
        request: Request[Any, Any, Any],
        year: Year,
        contest_id: PathId,
        actor: CurrentActor,
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        agency = data.get("agency", "")
        with FormAction(f"answer-{contest_id}", data) as form:
            await scoring.answer(actor, year, contest_id, parse(AnswerIn, data))
        if form.failed and agency:
            return await sheet_page(request, actor, year, agency, form.failed)
        if form.failed:
            return await year_page(request, actor, year, form.failed)
        notify(request, _("Impugnación respondida."))
        return back_to(f"/scorecards/{year}/agencies/{agency}" if agency else f"/scorecards/{year}")

    @get("/{year:int}/pdf")
    async def pdf(self, year: Year, actor: CurrentActor, locale: FromQuery[str] = "es") -> Response[bytes]:
        data, name = await documents.rating_pdf(actor, year, locale)
        return Response(
            data, media_type="application/pdf", headers={"Content-Disposition": content_disposition(name)}
        )

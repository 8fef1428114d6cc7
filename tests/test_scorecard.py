"""The annual transparency rating: a year from methodology to publication for the 38 seeded
agencies, the freeze of a published year, who sees and does what, hostile input, and the
ranking, PDF and open data it publishes."""

from __future__ import annotations

import io
import json
from fractions import Fraction

import jsonschema
import pytest
from pypdf import PdfReader

from commitments import clock
from commitments.errors import Conflict, Forbidden, InvalidInput, NotFound
from commitments.scorecard import methodology, opendata, queries, rules, scoring, years
from commitments.scorecard.documents import rating_pdf
from commitments.scorecard.schemas import (
    AnswerIn,
    ContestIn,
    CriterionIn,
    CriterionPatch,
    ScorecardIn,
    ScoreIn,
    SheetIn,
)
from commitments.tables import Agency
from tests.report_helpers import pdf_text
from tests.scorecard_world import (
    CRITERIA,
    after_window,
    open_year,
    published_year,
    score_all,
    score_of,
    scored_year,
    window,
)

YEAR = 2031


def _expected_total(agency: str) -> Fraction:
    """The formula, written out: criteria means per indicator, then the indicators' mean."""
    by_indicator: dict[str, list[tuple[int, int]]] = {}
    for indicator, code, weight in CRITERIA:
        by_indicator.setdefault(indicator, []).append((weight, score_of(agency, code)))
    means = [sum(w * s for w, s in pairs) / Fraction(100) for pairs in by_indicator.values()]
    return sum(Fraction(25) * m for m in means) / 100


async def test_a_year_from_methodology_to_publication_for_the_38_seeded_agencies(cast):
    analyst, minfin, sat = cast["analyst"], cast["minfin"], cast["sat"]
    await open_year(analyst, YEAR)
    info = await queries.get_year(analyst, YEAR)
    assert len(info.agencies) == 38 and info.weights_ok
    assert [i.title_es for i in info.indicators] == [
        "Información sobre la entidad",
        "Relaciones con los ciudadanos y la sociedad",
        "Transparencia económico – financiera",
        "Transparencia en las contrataciones y servicios",
    ]
    codes = await score_all(analyst, YEAR)
    await years.open_review(analyst, YEAR, window())
    # MINFIN reads its own draft and contests one score; SAT never sees MINFIN's.
    own = await queries.sheet(minfin, YEAR, "MINFIN")
    assert (
        own.rank is None
        and own.contest_open
        and [s.criterion for s in own.scores] == [c for _i, c, _w in CRITERIA]
    )
    with pytest.raises(NotFound):
        await queries.sheet(sat, YEAR, "MINFIN")
    contest = await scoring.contest(
        minfin, YEAR, "MINFIN", ContestIn(criterion="4.1", reason="Publicamos todo en Guatecompras.")
    )
    assert [c.agency for c in await queries.contests(sat, YEAR)] == []
    with clock.pinned(after_window()), pytest.raises(InvalidInput):  # an open contest holds it
        await years.publish(analyst, YEAR)
    await scoring.answer(analyst, YEAR, contest, AnswerIn(decision="upheld", answer="Verificado.", score=100))
    with pytest.raises(Conflict):  # the window is still open
        await years.publish(analyst, YEAR)
    with clock.pinned(after_window()):
        identifier = await years.publish(analyst, YEAR)
    ranking = await queries.ranking(cast["anonymous"], YEAR)
    assert len(ranking.rows) == 38 and ranking.complete
    assert sorted(r.agency for r in ranking.rows) == sorted(codes)
    totals = {r.agency: r.total for r in ranking.rows}
    assert totals["SAT"] == rules.rounded(_expected_total("SAT"))
    assert totals["MINFIN"] != rules.rounded(_expected_total("MINFIN"))  # 4.1 corrected to 100
    ranks = [r.rank for r in ranking.rows]
    assert ranks[0] == 1 and ranks == sorted(ranks)
    info = await queries.get_year(cast["anonymous"], YEAR)
    assert info.state == "published" and info.snapshot_sha256 == identifier
    answered = (await queries.contests(minfin, YEAR))[0]
    assert (answered.state, answered.score_before, answered.score_after) == (
        "upheld",
        score_of("MINFIN", "4.1"),
        100,
    )


async def test_the_published_pdf_in_both_languages_and_the_open_data_against_its_schema(cast):
    identifier = await published_year(cast["analyst"], YEAR)
    spanish, name = await rating_pdf(cast["anonymous"], YEAR, "es")
    assert name == f"transparency-rating-{YEAR}-es.pdf"
    text = pdf_text(spanish)
    for expected in (
        f"Calificación anual de transparencia del Organismo Ejecutivo {YEAR}",
        "Metodología",
        "Información sobre la entidad",
        "Clasificación",
        "Resultados por institución",
        "MINFIN – Ministerio de Finanzas Públicas",
        "Nota MINFIN 4.1",
        identifier,
    ):
        assert expected in text, expected
    assert "BORRADOR" not in text
    english = pdf_text((await rating_pdf(cast["anonymous"], YEAR, "en"))[0])
    assert f"Annual transparency rating of the Executive {YEAR}" in english and "Results by agency" in english
    assert len(PdfReader(io.BytesIO(spanish)).pages) > 5
    document = json.loads(await opendata.export("json"))
    jsonschema.validate(document, opendata.json_schema())
    assert [y["year"] for y in document["years"]] == [YEAR] and document["years"][0][
        "identifier"
    ] == identifier
    assert len(document["years"][0]["results"]) == 38
    rows = (await opendata.export("csv")).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("year,agency,agency_name_es") and len(rows) == 1 + 38 * len(CRITERIA)


async def test_a_published_years_pdf_is_laid_out_once_per_language(cast, monkeypatch):
    await published_year(cast["analyst"], YEAR, ["MINFIN", "SAT"])
    first, _name = await rating_pdf(cast["anonymous"], YEAR, "en")

    def no_second_layout(*args, **kwargs):
        raise AssertionError("laid out again")

    monkeypatch.setattr("commitments.scorecard.documents.build_pdf", no_second_layout)
    again, _name = await rating_pdf(cast["reviewer"], YEAR, "en")
    assert again == first


async def test_a_published_year_never_changes(cast):
    analyst, minfin = cast["analyst"], cast["minfin"]
    await published_year(analyst, YEAR)
    attempts = [
        methodology.add_criterion(
            analyst, YEAR, CriterionIn(indicator="1", code="1.9", title_es="Otro", weight=1)
        ),
        methodology.update_criterion(analyst, YEAR, "1.1", CriterionPatch(weight=10)),
        methodology.delete_criterion(analyst, YEAR, "1.1"),
        scoring.save_sheet(analyst, YEAR, "MINFIN", SheetIn(scores=[ScoreIn(criterion="1.1", score=0)])),
        scoring.contest(minfin, YEAR, "MINFIN", ContestIn(criterion="1.1", reason="x")),
        years.open_review(analyst, YEAR, window()),
        years.publish(analyst, YEAR),
    ]
    for attempt in attempts:
        with pytest.raises(Conflict):
            await attempt
    assert (await queries.get_year(analyst, YEAR)).indicators[0].criteria[0].weight == 60


async def test_the_methodology_is_fixed_once_the_draft_goes_to_the_agencies(cast):
    await scored_year(cast["analyst"], YEAR)
    with pytest.raises(Conflict):
        await methodology.update_criterion(cast["analyst"], YEAR, "1.1", CriterionPatch(weight=50))


async def test_weights_are_checked_at_the_boundary_and_before_the_review(cast, client):
    analyst = cast["analyst"]
    await open_year(analyst, YEAR, agencies=["MINFIN"])
    await methodology.update_criterion(analyst, YEAR, "1.1", CriterionPatch(weight=50))
    await score_all(analyst, YEAR)
    with pytest.raises(InvalidInput) as refused:
        await years.open_review(analyst, YEAR, window())
    assert refused.value.extra == {"weights": [{"indicator": "1", "total": 90, "criteria": 2}]}
    from tests.web import csrf, login

    await login(client, "analyst")
    for weight in (0, -5, 101, 2.5, "many"):
        answer = await client.patch(
            f"/api/v1/scorecards/{YEAR}/criteria/1.1", json={"weight": weight}, headers=csrf(client)
        )
        assert answer.status_code == 400, (weight, answer.text)
    review = await client.post(
        f"/api/v1/scorecards/{YEAR}/review?lang=en",
        json=window().model_dump(mode="json"),
        headers=csrf(client),
    )
    assert review.status_code == 422 and "do not add up to 100" in review.json()["detail"]


async def test_an_unfinished_scoring_cannot_go_to_review(cast):
    await open_year(cast["analyst"], YEAR, agencies=["MINFIN", "SAT"])
    await scoring.save_sheet(
        cast["analyst"], YEAR, "SAT", SheetIn(scores=[ScoreIn(criterion="1.1", score=50)])
    )
    with pytest.raises(InvalidInput) as refused:
        await years.open_review(cast["analyst"], YEAR, window())
    assert refused.value.params == {"count": 11}


async def test_focal_points_see_only_their_own_draft_contest_only_their_own_and_never_score(cast):
    analyst, minfin, sat = cast["analyst"], cast["minfin"], cast["sat"]
    await open_year(analyst, YEAR, agencies=["MINFIN", "SAT"])
    await score_all(analyst, YEAR)
    with pytest.raises(NotFound):  # not shared yet
        await queries.sheet(minfin, YEAR, "MINFIN")
    with pytest.raises(NotFound):
        await queries.get_year(minfin, YEAR)
    await years.open_review(analyst, YEAR, window())
    assert (await queries.sheet(minfin, YEAR, "MINFIN")).agency == "MINFIN"
    with pytest.raises(NotFound):
        await queries.ranking(minfin, YEAR)  # other agencies' drafts stay with the commission
    with pytest.raises(NotFound):
        await scoring.contest(sat, YEAR, "MINFIN", ContestIn(criterion="1.1", reason="x"))
    with pytest.raises(Forbidden):
        await scoring.save_sheet(
            minfin, YEAR, "MINFIN", SheetIn(scores=[ScoreIn(criterion="1.1", score=100)])
        )
    for who in ("analyst", "reviewer"):
        with pytest.raises(Forbidden):
            await scoring.contest(cast[who], YEAR, "MINFIN", ContestIn(criterion="1.1", reason="x"))
    await scoring.contest(minfin, YEAR, "MINFIN", ContestIn(criterion="1.1", reason="x"))
    with pytest.raises(Conflict):  # once per score
        await scoring.contest(minfin, YEAR, "MINFIN", ContestIn(criterion="1.1", reason="otra vez"))
    with clock.pinned(after_window()), pytest.raises(Conflict):  # the window has closed
        await scoring.contest(minfin, YEAR, "MINFIN", ContestIn(criterion="1.2", reason="tarde"))


async def test_anonymous_visitors_see_only_published_real_years(cast):
    await scored_year(cast["analyst"], YEAR)
    anonymous = cast["anonymous"]
    assert await queries.list_years(anonymous) == []
    with pytest.raises(NotFound):
        await queries.sheet(anonymous, YEAR, "MINFIN")
    with clock.pinned(after_window()):
        await years.publish(cast["analyst"], YEAR)
    await years.create_year(cast["analyst"], ScorecardIn(year=YEAR + 1, agencies=["MINFIN"], sample=True))
    assert [y.year for y in await queries.list_years(anonymous)] == [YEAR]
    assert [y.year for y in await queries.list_years(cast["analyst"])] == [YEAR + 1, YEAR]
    sheet = await queries.sheet(anonymous, YEAR, "MINFIN")
    assert sheet.rank and all(s.contest is None for s in sheet.scores)


async def test_the_ranking_breaks_ties_the_same_way_on_every_engine(cast):
    # CIV, INE and MEM score alike on every criterion; SAT a hair lower (an exact fraction).
    def scores(agency: str, criterion: str) -> int:
        base = {"CIV": 70, "INE": 70, "MEM": 70, "MINFIN": 90, "SAT": 70}[agency]
        return base - 1 if (agency, criterion) == ("SAT", "3.2") else base

    await published_year(cast["analyst"], YEAR, ["SAT", "MEM", "MINFIN", "INE", "CIV"], scores)
    ranking = await queries.ranking(cast["anonymous"], YEAR)
    assert [(r.rank, r.agency, r.total) for r in ranking.rows] == [
        (1, "MINFIN", 90.0),
        (2, "CIV", 70.0),
        (2, "INE", 70.0),
        (2, "MEM", 70.0),
        (5, "SAT", 69.88),
    ]
    profile = await queries.profile("INE")
    assert [(y.year, y.rank, y.rated) for y in profile.years] == [(YEAR, 2, 5)]


@pytest.mark.parametrize("text", ["<script>alert('x')</script>", "<b>negrita</b> & </i> «sin cerrar"])
async def test_markup_in_notes_and_contests_is_stored_as_text_and_prints_as_typed(cast, text):
    analyst, minfin = cast["analyst"], cast["minfin"]
    await open_year(analyst, YEAR, agencies=["MINFIN"])
    await score_all(analyst, YEAR)
    await scoring.save_sheet(
        analyst, YEAR, "MINFIN", SheetIn(scores=[ScoreIn(criterion="1.1", score=10, note=text)])
    )
    await years.open_review(analyst, YEAR, window())
    await scoring.contest(minfin, YEAR, "MINFIN", ContestIn(criterion="1.1", reason=text))
    sheet = await queries.sheet(analyst, YEAR, "MINFIN")
    assert sheet.scores[0].note == text and sheet.scores[0].contest and sheet.scores[0].contest.reason == text
    assert text in pdf_text((await rating_pdf(analyst, YEAR, "es"))[0])


@pytest.mark.parametrize(
    "body",
    [
        {"scores": [{"criterion": "1.1", "score": 50, "note": "x" * 100_000}]},
        {"scores": [{"criterion": "1.1", "score": 101}]},
        {"scores": [{"criterion": "1.1", "score": 50, "evidence_url": "javascript:alert(1)"}]},
        {"scores": [{"criterion": "1.1", "score": 50, "note": "nul\x00"}]},
        {"scores": []},
    ],
    ids=["100KB note", "score over 100", "script link", "NUL", "nothing"],
)
async def test_hostile_scores_are_refused_over_the_api_and_nothing_is_stored(client, cast, body):
    from tests.web import csrf, login

    await open_year(cast["analyst"], YEAR, agencies=["MINFIN"])
    await login(client, "analyst")
    answer = await client.put(
        f"/api/v1/scorecards/{YEAR}/agencies/MINFIN/scores", json=body, headers=csrf(client)
    )
    assert answer.status_code == 400, answer.text
    assert all(s.score is None for s in (await queries.sheet(cast["analyst"], YEAR, "MINFIN")).scores)


async def test_an_agency_code_with_a_control_character_is_refused_at_the_boundary(client, cast):
    from tests.web import csrf, login

    await login(client, "analyst")
    refused = await client.post(
        "/api/v1/scorecards", json={"year": YEAR, "agencies": ["MINFIN\x00"]}, headers=csrf(client)
    )
    assert refused.status_code == 400, refused.text
    assert await queries.list_years(cast["analyst"]) == []


async def test_a_new_year_carries_the_methodology_forward(cast):
    await open_year(cast["analyst"], YEAR, agencies=["MINFIN"])
    await years.create_year(cast["analyst"], ScorecardIn(year=YEAR + 1, agencies=["MINFIN"]))
    carried = await queries.get_year(cast["analyst"], YEAR + 1)
    assert [c.code for i in carried.indicators for c in i.criteria] == [c for _i, c, _w in CRITERIA]
    with pytest.raises(Conflict):
        await years.create_year(cast["analyst"], ScorecardIn(year=YEAR))
    with pytest.raises(InvalidInput):
        await years.create_year(cast["analyst"], ScorecardIn(year=YEAR + 2, agencies=["NOPE"]))
    assert not await Agency.exists().where(Agency.code == "NOPE")

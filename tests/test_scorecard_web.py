"""The transparency rating through the HTTP API, the pages and the public portal, in both
languages, and through the `commitments scorecard` commands."""

from __future__ import annotations

import datetime as dt

from commitments import clock
from commitments.scorecard import years
from tests.clirun import init_demo, run_cli
from tests.conftest import TEST_NOW
from tests.scorecard_world import CRITERIA, open_year, published_year, score_all, window
from tests.test_pages_helpers import get_page, page_login, token
from tests.web import csrf, login

YEAR = 2032


async def test_an_evaluator_and_a_focal_point_do_their_part_over_the_api(client, cast):
    await login(client, "analyst")
    created = await client.post(
        "/api/v1/scorecards", json={"year": YEAR, "agencies": ["MINFIN", "SAT"]}, headers=csrf(client)
    )
    assert created.status_code == 201 and created.json()["agencies"] == ["MINFIN", "SAT"]
    for indicator, code, weight in CRITERIA:
        added = await client.post(
            f"/api/v1/scorecards/{YEAR}/criteria",
            json={"indicator": indicator, "code": code, "title_es": f"Criterio {code}", "weight": weight},
            headers=csrf(client),
        )
        assert added.status_code == 201, added.text
    for agency in ("MINFIN", "SAT"):
        sheet = {
            "scores": [
                {"criterion": c, "score": 80, "note": "ok", "evidence_url": "https://example.org/"}
                for _i, c, _w in CRITERIA
            ]
        }
        saved = await client.put(
            f"/api/v1/scorecards/{YEAR}/agencies/{agency}/scores", json=sheet, headers=csrf(client)
        )
        assert saved.status_code == 200 and saved.json()["total"] == 80.0
    stale = await client.put(
        f"/api/v1/scorecards/{YEAR}/agencies/SAT/scores",
        json={"scores": [{"criterion": "1.1", "score": 10, "version": 7}]},
        headers=csrf(client),
    )
    assert stale.status_code == 409
    # The window is set, and contested in, nine days ago: it has closed by now. (A session
    # survives a clock moved back; moved a week ahead it would have ended.)
    with clock.pinned(clock.now() - dt.timedelta(days=9)):
        await _review_and_contest(client)

    await login(client, "analyst")
    contest = (await client.get(f"/api/v1/scorecards/{YEAR}/contests")).json()[0]
    answered = await client.post(
        f"/api/v1/scorecards/{YEAR}/contests/{contest['id']}/answer",
        json={"decision": "rejected", "answer": "No consta en el portal."},
        headers=csrf(client),
    )
    assert answered.status_code == 200 and answered.json()["state"] == "rejected"
    published = await client.post(f"/api/v1/scorecards/{YEAR}/publish", headers=csrf(client))
    assert published.status_code == 200 and len(published.json()["snapshot_sha256"]) == 64
    frozen = await client.patch(
        f"/api/v1/scorecards/{YEAR}/criteria/1.1", json={"weight": 50}, headers=csrf(client)
    )
    assert frozen.status_code == 409

    client.cookies.clear()
    assert [y["year"] for y in (await client.get("/api/v1/scorecards")).json()] == [YEAR]
    assert (await client.get(f"/api/v1/scorecards/{YEAR}/ranking")).json()["rows"][0]["rank"] == 1
    assert (await client.get(f"/api/v1/scorecards/{YEAR}/contests")).status_code == 401
    pdf = await client.get(f"/api/v1/scorecards/{YEAR}/pdf?locale=en")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    profile = (await client.get("/api/v1/scorecards/agencies/MINFIN")).json()
    assert [y["year"] for y in profile["years"]] == [YEAR]
    schema = await client.get("/api/v1/open-data/scorecards.schema.json")
    assert schema.headers["content-type"].startswith("application/schema+json")
    assert (await client.get("/api/v1/open-data/scorecards.json")).json()["count"] == 1


async def _review_and_contest(client) -> None:
    review = await client.post(
        f"/api/v1/scorecards/{YEAR}/review", json=window().model_dump(mode="json"), headers=csrf(client)
    )
    assert review.status_code == 200 and review.json()["state"] == "review"
    early = await client.post(f"/api/v1/scorecards/{YEAR}/publish?lang=en", headers=csrf(client))
    assert early.status_code == 409 and "may contest until" in early.json()["detail"]
    await login(client, "minfin")
    assert (await client.get(f"/api/v1/scorecards/{YEAR}/agencies/SAT")).status_code == 404
    assert (await client.get(f"/api/v1/scorecards/{YEAR}/ranking")).status_code == 404
    own = await client.get(f"/api/v1/scorecards/{YEAR}/agencies/MINFIN")
    assert own.status_code == 200 and own.json()["contest_open"]
    refused = await client.put(
        f"/api/v1/scorecards/{YEAR}/agencies/MINFIN/scores",
        json={"scores": [{"criterion": "1.1", "score": 100}]},
        headers=csrf(client),
    )
    assert refused.status_code == 403
    contest = await client.post(
        f"/api/v1/scorecards/{YEAR}/agencies/MINFIN/contests",
        json={"criterion": "2.1", "reason": "La unidad de información responde en plazo."},
        headers=csrf(client),
    )
    assert contest.status_code == 201 and contest.json()["state"] == "open"
    other = await client.post(
        f"/api/v1/scorecards/{YEAR}/agencies/SAT/contests",
        json={"criterion": "2.1", "reason": "x"},
        headers=csrf(client),
    )
    assert other.status_code == 404


async def test_the_commission_scores_and_publishes_from_the_pages(client, cast):
    await open_year(cast["analyst"], YEAR, agencies=["MINFIN", "SAT"])
    await page_login(client, "analyst")
    year_page = await get_page(client, f"/scorecards/{YEAR}?lang=es")
    assert year_page.h1 == f"Calificación de transparencia {YEAR}"
    assert [r[0] for r in year_page.rows("scoring-progress")] == [
        "MINFIN Ministerio de Finanzas Públicas",
        "SAT Superintendencia de Administración Tributaria",
    ]
    assert year_page.rows("scoring-progress")[0][1] == f"0 / {len(CRITERIA)}"
    sheet = await get_page(client, f"/scorecards/{YEAR}/agencies/MINFIN")
    assert sheet.doc.one("form", id="scores-form")
    form = {"_csrf_token": token(client)}
    for _i, code, _w in CRITERIA:
        form |= {
            f"score_{code}": "75",
            f"note_{code}": f"<script>x</script> nota {code}",
            f"evidence_url_{code}": "",
        }
    saved = await client.post(f"/scorecards/{YEAR}/agencies/MINFIN/scores", data=form)
    assert saved.status_code == 303, saved.text
    shown = await get_page(client, f"/scorecards/{YEAR}/agencies/MINFIN")
    assert "&lt;script&gt;x&lt;/script&gt; nota 1.1" in shown.response.text
    assert shown.doc.one("dd", cls="total").text.startswith("75.00")
    bad = await client.post(
        f"/scorecards/{YEAR}/agencies/SAT/scores", data={"_csrf_token": token(client), "score_1.1": "150"}
    )
    assert bad.status_code == 422 and "Revise los campos marcados." in bad.text
    await score_all(cast["analyst"], YEAR)
    with clock.pinned(clock.now() - dt.timedelta(days=9)):  # a window that has closed by now
        review = await client.post(
            f"/scorecards/{YEAR}/review",
            data={
                "_csrf_token": token(client),
                **{k: v.isoformat() for k, v in window().model_dump().items()},
            },
        )
    assert review.status_code == 303 and review.headers["location"] == f"/scorecards/{YEAR}"
    unconfirmed = await client.post(f"/scorecards/{YEAR}/publish", data={"_csrf_token": token(client)})
    assert unconfirmed.status_code == 303 and unconfirmed.headers["location"] == f"/scorecards/{YEAR}"
    assert (await years.locked_year(YEAR))["state"] == "review"
    published = await client.post(
        f"/scorecards/{YEAR}/publish", data={"_csrf_token": token(client), "confirm": "1"}
    )
    assert published.status_code == 303 and published.headers["location"] == f"/scorecards/{YEAR}"
    done = await get_page(client, f"/scorecards/{YEAR}?lang=en")
    assert "Published" in done.badges() and done.rows("ranking")[0][0] == "1"


async def test_a_focal_point_contests_from_its_sheet_and_reads_the_answer(client, cast):
    await open_year(cast["analyst"], YEAR, agencies=["MINFIN", "SAT"])
    await score_all(cast["analyst"], YEAR)
    await years.open_review(cast["analyst"], YEAR, window())
    await page_login(client, "minfin")
    listing = await get_page(client, "/scorecards?lang=en")
    assert listing.rows("scorecards")[0][1] == "Under review by the agencies"
    year_page = await get_page(client, f"/scorecards/{YEAR}")
    assert f"/scorecards/{YEAR}/agencies/MINFIN" in year_page.links() and not year_page.doc.all(
        "table", cls="ranking"
    )
    await get_page(client, f"/scorecards/{YEAR}/agencies/SAT", status=404)
    sheet = await get_page(client, f"/scorecards/{YEAR}/agencies/MINFIN?lang=es")
    assert len(sheet.doc.all("details")) == len(CRITERIA)  # one contest form per score
    sent = await client.post(
        f"/scorecards/{YEAR}/agencies/MINFIN/contests",
        data={
            "_csrf_token": token(client),
            "criterion": "3.1",
            "reason": "El presupuesto se publica cada mes.",
        },
    )
    assert sent.status_code == 303
    await page_login(client, "analyst")
    commission = await get_page(client, f"/scorecards/{YEAR}")
    assert "Impugnaciones por responder" in commission.headings()
    sheet = await get_page(client, f"/scorecards/{YEAR}/agencies/MINFIN")
    form = next(f for f in sheet.forms() if "/answer" in f.attrs.get("action", ""))
    answered = await client.post(
        form.attrs["action"],
        data={
            "_csrf_token": token(client),
            "agency": "MINFIN",
            "decision": "upheld",
            "answer": "Correcto.",
            "score": "95",
        },
    )
    assert answered.status_code == 303, answered.text
    await page_login(client, "minfin")
    after = await get_page(client, f"/scorecards/{YEAR}/agencies/MINFIN?lang=en")
    assert "The commission's answer" in after.response.text and "Score corrected from" in after.response.text


async def test_the_public_portal_shows_the_ranking_the_profile_and_the_downloads(client, cast):
    await published_year(cast["analyst"], YEAR, ["MINFIN", "SAT", "CIV"])
    client.cookies.clear()
    portal = await get_page(client, "/public/scorecards?lang=en")
    assert portal.h1 == "Annual transparency rating of the Executive"
    assert len(portal.rows("ranking")) == 3 and portal.doc.all("rect", cls="score-bar")
    year = await get_page(client, f"/public/scorecards/{YEAR}?lang=es")
    assert f"/public/scorecards/{YEAR}/pdf?locale=en" in year.links()
    assert "Metodología" in year.headings()
    profile = await get_page(client, "/public/scorecards/agencies/MINFIN")
    assert profile.rows("profile")[0][0] == str(YEAR) and len(profile.rows("sheet")) == len(CRITERIA)
    pdf = await client.get(f"/public/scorecards/{YEAR}/pdf?locale=es")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    await get_page(client, f"/public/scorecards/{YEAR + 5}", status=404)
    await get_page(client, "/public/scorecards/agencies/NOPE", status=404)


def test_the_commands_print_the_ranking_write_the_pdf_and_publish_after_the_window(cli_env, tmp_path):
    assert init_demo(cli_env).returncode == 0
    year = dt.datetime.fromisoformat(TEST_NOW).year
    ranking = run_cli(cli_env, "scorecard", "ranking", str(year))
    assert ranking.returncode == 0 and len(ranking.stdout.splitlines()) == 38
    early = run_cli(cli_env, "scorecard", "publish", str(year))
    assert early.returncode == 1 and "error:" in early.stderr and len(early.stderr.strip().splitlines()) == 1
    draft = tmp_path / "draft.pdf"
    assert run_cli(cli_env, "scorecard", "pdf", str(year), "--locale", "en", "-o", str(draft)).returncode == 0
    assert draft.read_bytes().startswith(b"%PDF")
    later = {
        **cli_env,
        "COMMITMENTS_CLOCK_AT": (dt.datetime.fromisoformat(TEST_NOW) + dt.timedelta(days=20)).isoformat(),
    }
    contested = run_cli(later, "scorecard", "publish", str(year))
    assert contested.returncode == 1  # the demo's contest from MINFIN waits for an answer
    assert run_cli(cli_env, "scorecard", "pdf", str(year), "--locale", "xx", "-o", str(draft)).returncode == 1


async def test_a_contest_of_100_kb_or_with_control_characters_is_refused_in_the_callers_language(
    client, cast
):
    await open_year(cast["analyst"], YEAR, agencies=["MINFIN"])
    await score_all(cast["analyst"], YEAR)
    await years.open_review(cast["analyst"], YEAR, window())
    await login(client, "minfin")
    for reason in ("x" * 100_000, "borrar\x1b[2J"):
        refused = await client.post(
            f"/api/v1/scorecards/{YEAR}/agencies/MINFIN/contests?lang=en",
            json={"criterion": "1.1", "reason": reason},
            headers=csrf(client),
        )
        assert refused.status_code == 400, refused.text
    await page_login(client, "minfin")
    await get_page(client, f"/scorecards/{YEAR}/agencies/MINFIN")
    page = await client.post(
        f"/scorecards/{YEAR}/agencies/MINFIN/contests?lang=en",
        data={"_csrf_token": token(client), "criterion": "1.1", "reason": "y" * 100_000},
    )
    assert page.status_code == 422 and "Check the marked fields." in page.text
    assert (await client.get(f"/api/v1/scorecards/{YEAR}/contests")).json() == []

"""The report as an authored document: each mechanism's template of sections, the commission's
text (API, page, PDF), stale versions refused, text frozen at finalize, a new report starting
from the previous one's text, finalize refusing what is incomplete, the government's account."""

from __future__ import annotations

import pytest

from commitments.errors import Conflict, InvalidInput
from commitments.reports.completeness import gaps
from commitments.reports.templates import TEMPLATES, template_for
from commitments.services.report_sections import list_sections, save_section
from commitments.services.reports import (
    create_report,
    finalize_report,
    render_report,
    report_model,
    report_pdf,
)
from tests.report_helpers import (
    AS_OF,
    OGP_ITEM,
    build_workflow,
    complete,
    complete_over_api,
    pdf_text,
    workflow_cycle,
)
from tests.test_pages_helpers import get_page, page_login, token
from tests.web import csrf, login

HOSTILE = (
    "Inicio <script>alert(1)</script> y <font name=x size=80>grande</font> </b> sin abrir <b>sin cerrar\n\n"
    "- punto **fuerte**\n- enlace [malo](javascript:alert(1)) y [bueno](https://www.oas.org/)\n\n"
    "| Columna | Otra |\n|---|---|\n| " + "c" * 2000 + " | ok |\n\n" + "x" * 10000
)


async def _draft(cast, mechanism="OGP", locale="es", period="2026-S2") -> int:
    report_id = await create_report(cast["analyst"], mechanism, workflow_cycle(mechanism), period, locale)
    await render_report(report_id, actor=cast["analyst"], as_of=AS_OF)
    return report_id


def test_every_template_has_its_generated_parts_once_and_unique_keys():
    for mechanism, template in TEMPLATES.items():
        keys = [spec.key for spec in template]
        assert len(keys) == len(set(keys)), mechanism
        generated = [spec.key for spec in template if spec.kind == "generated"]
        assert "entries" in generated and "annexes" in generated, mechanism
        assert any(spec.required for spec in template), mechanism


async def test_sections_through_the_api_in_the_templates_order(client, cast):
    await build_workflow(cast)
    report_id = await _draft(cast)
    await login(client, "analyst")
    listed = await client.get(f"/api/v1/reports/{report_id}/sections")
    assert listed.status_code == 200
    sections = listed.json()
    assert [s["key"] for s in sections] == [spec.key for spec in template_for("OGP")]
    background = sections[0]
    assert background == {
        "key": "background",
        "title": "Antecedentes e introducción",
        "kind": "authored",
        "required": True,
        "text": "",
        "version": 1,
        "hint": background["hint"],
    }
    entries = next(s for s in sections if s["key"] == "entries")
    assert entries["kind"] == "generated" and entries["version"] == 0

    text = "Guatemala se adhirió a la Alianza para el Gobierno Abierto en **2011**."
    put = await client.put(
        f"/api/v1/reports/{report_id}/sections/background",
        headers=csrf(client),
        json={"text": text, "version": 1},
    )
    assert put.status_code == 200, put.text
    assert put.json()["version"] == 2 and put.json()["text"] == text
    stale = await client.put(
        f"/api/v1/reports/{report_id}/sections/background",
        headers=csrf(client),
        json={"text": "otro texto", "version": 1},
    )
    assert stale.status_code == 409
    assert stale.json()["extra"] == {"version": 2, "text": text}
    # The save rendered the draft again: the PDF has the text, bold made plain words.
    pdf = pdf_text((await client.get(f"/api/v1/reports/{report_id}/pdf")).content)
    assert "Guatemala se adhirió a la Alianza para el Gobierno Abierto en 2011." in pdf
    assert "Antecedentes e introducción" in pdf

    for key, body, status in (
        ("entries", {"text": "x", "version": 1}, 422),
        ("nothing_here", {"text": "x", "version": 1}, 404),
        ("Bad-Key", {"text": "x", "version": 1}, 400),
        ("background", {"text": "x\x00y", "version": 2}, 400),
        ("background", {"text": "x" * 50001, "version": 2}, 400),
        ("background", {"text": "x", "version": 0}, 400),
        ("background", {"text": "x"}, 400),
    ):
        refused = await client.put(
            f"/api/v1/reports/{report_id}/sections/{key}", headers=csrf(client), json=body
        )
        assert refused.status_code == status, (key, body, refused.text)
    assert (await list_sections(cast["analyst"], report_id))[0].text == text


async def test_hostile_authored_text_prints_as_text(cast):
    await build_workflow(cast)
    report_id = await _draft(cast)
    await save_section(cast["analyst"], report_id, "background", HOSTILE, 1)
    await render_report(report_id, actor=cast["analyst"], as_of=AS_OF)
    text = pdf_text(await report_pdf(cast["analyst"], report_id))
    assert "<script>alert(1)</script>" in text
    assert "<font name=x size=80>grande</font> </b> sin abrir <b>sin cerrar" in text
    assert "punto fuerte" in text and "enlace [malo]" in text
    assert "[malo](javascript:alert(1))" in text  # an unsafe link stays text
    assert "Columna" in text and "cccc…" in text.replace(" ", "")
    assert text.replace(" ", "").count("x" * 200) >= 1  # the long word is broken, not lost


async def test_finalize_lists_what_is_missing_and_freezes_the_text(client, cast):
    await build_workflow(cast)
    report_id = await _draft(cast, locale="es")
    await login(client, "analyst")
    missing = (await complete_over_api(client, report_id))["extra"]["missing"]
    kinds = {gap["kind"] for gap in missing}
    assert {"section", "account", "translation"} <= kinds
    assert {"kind": "section", "key": "conclusions", "title": "Conclusiones y próximos pasos"} in missing
    # OGP-AP3-GT0079 has MINFIN's accepted response: it has an account.
    assert OGP_ITEM not in {gap["key"] for gap in missing if gap["kind"] == "account"}
    final = await client.post(f"/api/v1/reports/{report_id}/finalize", headers=csrf(client))
    assert final.status_code == 200, final.text
    pdf = pdf_text((await client.get(f"/api/v1/reports/{report_id}/pdf")).content)
    assert "Texto que la Comisión escribió para «Conclusiones y próximos pasos»." in pdf
    assert "[Pendiente" not in pdf
    # An optional section left empty is not printed in the issued report.
    assert "Intercambio y aprendizaje entre pares" not in pdf
    frozen = await client.put(
        f"/api/v1/reports/{report_id}/sections/conclusions",
        headers=csrf(client),
        json={"text": "cambio", "version": 2},
    )
    assert frozen.status_code == 409


async def test_a_text_saved_after_the_draft_was_rendered_is_never_issued_unseen(cast):
    await build_workflow(cast)
    report_id = await _draft(cast)
    await complete(cast["analyst"], report_id)
    current = {s.key: s for s in await list_sections(cast["analyst"], report_id)}
    await save_section(
        cast["analyst"], report_id, "conclusions", "Nuevo texto.", current["conclusions"].version
    )
    with pytest.raises(Conflict, match="genérelo de nuevo"):
        await finalize_report(cast["analyst"], report_id)
    await render_report(report_id, actor=cast["analyst"], as_of=AS_OF)
    assert (await finalize_report(cast["analyst"], report_id)).state == "final"


async def test_a_new_report_starts_from_the_previous_text_of_its_template(cast):
    await build_workflow(cast)
    first = await _draft(cast, period="2025-S2")
    await save_section(cast["analyst"], first, "cocreation", "Foros con sociedad civil en 2025.", 1)
    following = await _draft(cast, period="2026-S2")
    texts = {s.key: s.text for s in await list_sections(cast["analyst"], following)}
    assert texts["cocreation"] == "Foros con sociedad civil en 2025."
    other_language = await _draft(cast, locale="en")
    assert {s.key: s.text for s in await list_sections(cast["analyst"], other_language)}["cocreation"] == ""
    other_template = await _draft(cast, mechanism="MESICIC")
    assert all(not s.text for s in await list_sections(cast["analyst"], other_template))


async def test_the_governments_account_comes_from_responses_then_rating_narratives(cast):
    from commitments.schemas import AssessmentIn
    from commitments.services.assessments import record_assessment
    from tests.report_helpers import recommendation_id

    await build_workflow(cast)
    other = "OGP-AP3-GT0078"
    await record_assessment(
        cast["analyst"],
        await recommendation_id(other),
        AssessmentIn(period="2026-S2", level="limited", narrative="Se instaló la mesa técnica de datos."),
    )
    report_id = await _draft(cast)
    model = await report_model(cast["analyst"], report_id)
    unaccounted = {gap.key for gap in gaps(model) if gap.kind == "account"}
    assert OGP_ITEM not in unaccounted and other not in unaccounted and unaccounted
    text = pdf_text(await report_pdf(cast["analyst"], report_id))
    assert "Se publicó el presupuesto abierto." in text  # MINFIN's accepted response
    assert "Se instaló la mesa técnica de datos." in text  # the self-assessment's narrative
    assert "Según la autoevaluación del Gobierno en el segundo semestre de 2026." in text
    assert "[Pendiente: sin respuesta aceptada ni relato de la autoevaluación.]" in text


async def test_an_empty_report_is_never_issued(cast):
    await build_workflow(cast)
    report_id = await _draft(cast, mechanism="UNCAC")
    await complete(cast["analyst"], report_id)
    with pytest.raises(InvalidInput) as refused:
        await finalize_report(cast["analyst"], report_id)
    assert refused.value.extra == {"missing": [{"kind": "empty", "key": "", "title": ""}]}


@pytest.mark.parametrize("lang", ["es", "en"])
async def test_the_report_page_edits_a_section_with_its_preview(client, cast, lang):
    await build_workflow(cast)
    report_id = await _draft(cast)
    await page_login(client, "analyst")
    page = await get_page(client, f"/reports/{report_id}?lang={lang}")
    editor = page.doc.one("form", id="editor-background")
    assert editor.attrs["action"] == f"/reports/{report_id}/sections/background"
    assert editor.one("textarea", name="text").attrs["hx-post"].endswith("/sections/background/preview")
    gaps_list = page.doc.one("section", cls="gaps")
    assert {li.attrs["data-gap"] for li in gaps_list.all("li")} >= {"section", "account", "translation"}
    preview = await client.post(
        f"/reports/{report_id}/sections/background/preview",
        data={"text": "**Hola** <script>x</script>", "_csrf_token": token(client)},
    )
    assert preview.status_code == 200
    assert "<strong>Hola</strong>" in preview.text and "&lt;script&gt;" in preview.text
    assert "<script>x" not in preview.text
    saved = await client.post(
        f"/reports/{report_id}/sections/background",
        data={"text": "Texto *de la Comisión*.", "version": "1", "_csrf_token": token(client)},
    )
    assert saved.status_code == 303
    after = await get_page(client, f"/reports/{report_id}?lang={lang}")
    authored = after.doc.one("section", data_section="background")
    assert authored.one("em").text == "de la Comisión" and authored.text.startswith(
        ("Antecedentes e introducción", "Background and introduction")
    )
    hrefs = [a.attrs["href"] for a in after.doc.one("section", cls="gaps").all("a")]
    assert "#editor-background" not in hrefs and "#editor-conclusions" in hrefs
    stale = await client.post(
        f"/reports/{report_id}/sections/background",
        data={"text": "Mi versión", "version": "1", "_csrf_token": token(client)},
    )
    assert stale.status_code == 409 and "Mi versión" in stale.text  # what was typed is kept
    await page_login(client, "reviewer")
    refused = await client.post(
        f"/reports/{report_id}/sections/background/preview",
        data={"text": "x", "_csrf_token": token(client)},
    )
    assert refused.status_code in (403, 404)


def test_two_analysts_saving_the_same_version_at_once_never_both_win(cli_env):
    """Against a real server, 100 rounds of two simultaneous saves of one version: each round
    exactly one is stored and the other gets 409, and the version moves by one."""
    import json
    from concurrent.futures import ThreadPoolExecutor

    from tests.clirun import call, run_cli, served, user_token

    env = {**cli_env, "COMMITMENTS_SECRET_KEY": "sections-race-secret-0123456789abcdef0123456789"}
    assert run_cli(env, "init").returncode == 0
    analyst = user_token(env, "analista@test.gt", "analyst")
    with served(env) as base:
        period = json.dumps(
            {
                "code": "2031-S1",
                "starts_on": "2031-01-01",
                "ends_on": "2031-06-30",
                "response_deadline": "2031-07-15",
            }
        ).encode()
        assert call(base, analyst, "POST", "/api/v1/periods", period, "application/json")[0] == 201
        body = json.dumps({"mechanism": "MESICIC", "period": "2031-S1", "locale": "es"}).encode()
        status, created = call(base, analyst, "POST", "/api/v1/reports", body, "application/json")
        assert status == 202, created
        path = f"/api/v1/reports/{json.loads(created)['id']}/sections/introduction"

        def save(args: tuple[int, str]) -> int:
            version, text = args
            data = json.dumps({"text": text, "version": version}).encode()
            return call(base, analyst, "PUT", path, data, "application/json")[0]

        with ThreadPoolExecutor(max_workers=2) as pool:
            for version in range(1, 101):
                outcomes = sorted(pool.map(save, [(version, f"A{version}"), (version, f"B{version}")]))
                assert outcomes == [200, 409], (version, outcomes)
        status, listed = call(base, analyst, "GET", path.rsplit("/", 1)[0])
        introduction = next(s for s in json.loads(listed) if s["key"] == "introduction")
        assert introduction["version"] == 101 and introduction["text"] in ("A100", "B100")

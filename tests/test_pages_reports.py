"""The Reports pages, by structure, in Spanish and in English: generate (rendered in the
background and followed by polling), preview the same model the PDF prints, finalize, record the
sending, download, verify; and who may see which report."""

from __future__ import annotations

import datetime as dt

import pytest

from commitments import clock
from commitments.i18n import format_date
from commitments.schemas import RecommendationIn
from commitments.services.recommendations import create_recommendation
from commitments.services.reports import create_report, render_report
from tests.report_helpers import (
    AS_OF,
    MESICIC_ITEM,
    OGP_ITEM,
    build_workflow,
    complete,
    pdf_text,
    workflow_cycle,
)
from tests.test_pages_helpers import Node, Page, get_page, page_login, parse, token

W = {
    "es": {
        "h1": "Informes",
        "generate": "Generar un informe",
        "mechanism": "Mecanismo (obligatorio)",
        "draft": "Borrador",
        "final": "Final",
        "sent": "Enviado",
        "ready": "Listo",
        "pending": "En cola",
        "preview": "Vista previa",
        "summary": "Resumen ejecutivo",
        "progress": "Avance desde el periodo anterior",
        "title": "Informe de autoevaluación del plan de acción de Gobierno Abierto",
        "self": "Autoevaluación del Gobierno",
        "irm": "Mecanismo de Revisión Independiente (MRI)",
        "substantial": "Sustancial",
        "limited": "Limitado",
        "undated": "sin fecha",
        "h2_2025": "segundo semestre de 2025",
        "h2_2026": "segundo semestre de 2026",
        "commitment": "Compromiso GT0079",
        "answer": "Avances y resultados",
        "issued": "Es un informe emitido por este sistema.",
        "foreign": "No es un informe emitido por este sistema.",
        "lead": "Responsable",
        "confirm": "Marque la casilla",
    },
    "en": {
        "h1": "Reports",
        "generate": "Generate a report",
        "mechanism": "Mechanism (required)",
        "draft": "Draft",
        "final": "Final",
        "sent": "Sent",
        "ready": "Ready",
        "pending": "Queued",
        "preview": "Preview",
        "summary": "Executive summary",
        "progress": "Progress since the previous period",
        "title": "Open Government action plan self-assessment report",
        "self": "Government self-assessment",
        "irm": "Independent Reporting Mechanism (IRM)",
        "substantial": "Substantial",
        "limited": "Limited",
        "undated": "undated",
        "h2_2025": "second half of 2025",
        "h2_2026": "second half of 2026",
        "commitment": "Commitment GT0079",
        "answer": "Progress and results",
        "issued": "This is a report issued by this system.",
        "foreign": "This is not a report issued by this system.",
        "lead": "Lead",
        "confirm": "Tick the box",
    },
}
HOSTILE = "Publicar <script>alert('x')</script> & \"comillas\" — Ёлка 🎉"


async def _generate(client, mechanism="OGP", locale="es", **extra: str) -> int:
    response = await client.post(
        "/reports",
        data={
            "mechanism": mechanism,
            "period": "2026-S2",
            "locale": locale,
            "cycle": workflow_cycle(mechanism) or "",
            "_csrf_token": token(client),
            **extra,
        },
    )
    assert response.status_code == 303, response.text[:800]
    return int(response.headers["location"].rsplit("/", 1)[1])


async def _post(client, path: str, **fields: str):
    return await client.post(path, data={"_csrf_token": token(client), **fields})


def _entry(page: Page, code: str) -> Node:
    return page.doc.one("article", cls="entry", data_code=code)


def _rating_rows(entry: Node) -> dict[str, list[str]]:
    table = entry.one("table", cls="ratings")
    return {
        tr.attrs["data-source"]: [td.text for td in tr.all("td")]
        for tr in table.all("tr")
        if "data-source" in tr.attrs
    }


@pytest.mark.parametrize("lang", ["es", "en"])
async def test_analyst_generates_previews_finalizes_and_sends_in_both_languages(client, cast, lang):
    w = W[lang]
    await build_workflow(cast)
    await page_login(client, "analyst")
    listing = await get_page(client, f"/reports?lang={lang}")
    assert listing.h1 == w["h1"] and w["generate"] in listing.headings()
    assert w["mechanism"] in listing.labels()
    options = [o.attrs["value"] for o in listing.doc.one("select", name="mechanism").all("option")]
    assert {"OGP", "MESICIC", "ALL"} <= set(options)
    assert listing.doc.one("select", name="period").one("option", selected="").attrs["value"] == "2026-S2"

    report_id = await _generate(client, locale=lang)
    detail = await get_page(client, f"/reports/{report_id}")
    assert w["draft"] in detail.badges() and w["ready"] in detail.badges()
    assert not detail.doc.one("div", id="render-status").attrs.get("hx-trigger")
    assert len(detail.doc.one("code", data_hash="snapshot").text) == 64

    preview = detail.doc.one("section", cls="preview")
    assert preview.attrs["lang"] == lang and preview.one("h2").text == w["preview"]
    assert preview.one("section", cls="cover").one("h3").text == w["title"]
    assert format_date(clock.today(), lang) in preview.one("section", cls="cover").text
    assert {w["summary"], w["progress"]} <= {h.text for h in preview.all("h3")}
    ogp = preview.one("tr", data_mechanism="OGP")
    assert ogp.one("td", data_state="substantial").text.startswith("1")
    assert preview.one("table", data_movement="up").one("tbody").text.startswith(OGP_ITEM)
    levels = [tr.all("th")[0].text for tr in preview.one("table", cls="by-level").one("tbody").all("tr")]
    assert w["limited"] in levels and w["substantial"] in levels

    entry = _entry(detail, OGP_ITEM)
    assert entry.one("h5").text.startswith(w["commitment"])
    assert "Se publicó el presupuesto abierto." in entry.text and w["answer"] in entry.text
    assert "MINFIN – " in entry.text and w["lead"] in entry.text
    ratings = _rating_rows(entry)
    assert ratings["self"] == [f"{w['limited']} ({w['h2_2025']})", f"{w['substantial']} ({w['h2_2026']})"]
    # A reviewer's rating is dated by the document that issued it (the seeded IRM report has no day).
    source = f"IRM Guatemala Progress Report 2012–2013, {w['undated']}"
    assert ratings["reviewer"] == [f"{w['limited']} ({source})", f"{w['limited']} ({source})"]
    assert w["irm"] in entry.one("table", cls="ratings").text
    assert "Portal de presupuesto abierto" in entry.one("ul", cls="evidence").text
    assert "Memorando interno reservado" not in detail.response.text  # public report

    refused = await _post(client, f"/reports/{report_id}/finalize")
    assert refused.status_code == 422 and w["confirm"] in refused.text
    await complete(cast["analyst"], report_id)
    finalized = await _post(client, f"/reports/{report_id}/finalize", confirm="1")
    assert finalized.status_code == 303
    final = await get_page(client, f"/reports/{report_id}")
    assert w["final"] in final.badges()
    assert [f.attrs["action"] for f in final.forms()][1:] == [f"/reports/{report_id}/sent"]

    sent = await _post(
        client,
        f"/reports/{report_id}/sent",
        sent_to="Unidad de Apoyo de OGP",
        sent_on=(clock.today() + dt.timedelta(days=3)).isoformat(),
        transmittal_ref="Oficio OGP-7-2030",
    )
    assert sent.status_code == 303
    row = next(
        r
        for r in (await get_page(client, "/reports")).rows("reports")
        if r[0].startswith(f"{'Informe' if lang == 'es' else 'Report'} {report_id}")
    )
    assert w["sent"] in row[3] and "Unidad de Apoyo de OGP" in row[7] and "Oficio OGP-7-2030" in row[7]


async def test_preview_speaks_the_reports_language_inside_a_spanish_page(client, cast):
    await build_workflow(cast)
    await page_login(client, "analyst")
    report_id = await _generate(client, mechanism="MESICIC", locale="en")
    page = await get_page(client, f"/reports/{report_id}?lang=es")
    assert page.doc.one("html").attrs["lang"] == "es" and "Datos del informe" in page.headings()
    preview = page.doc.one("section", cls="preview")
    assert preview.attrs["lang"] == "en" and "Executive summary" in preview.text
    entry = _entry(page, MESICIC_ITEM)
    assert "RECOMMENDATION:" in entry.text and "REPORT:" in entry.text
    assert _rating_rows(entry)["self"] == [
        "Requires additional attention (second half of 2025)",
        "Satisfactory consideration (second half of 2026)",
    ]
    assert "MESICIC Committee of Experts" in entry.text
    group = page.doc.one("section", data_mechanism="MESICIC").all("h4", cls="group")
    assert group[0].text.startswith("Provision ")


async def test_the_list_polls_a_rendering_report_until_it_is_ready(client, cast):
    await build_workflow(cast)
    await page_login(client, "analyst")
    report_id = await create_report(cast["analyst"], "OGP", "AP3", "2026-S2", "es")
    listing = await get_page(client, "/reports")
    row = listing.doc.one("tr", id=f"report-{report_id}")
    assert row.attrs["hx-trigger"] == "every 2s" and row.attrs["hx-get"] == f"/reports/{report_id}/status"
    assert "En cola" in row.text and "/reports" in [a.attrs["href"] for a in row.all("a")]  # no-JS refresh
    detail = await get_page(client, f"/reports/{report_id}")
    status = detail.doc.one("div", id="render-status")
    assert status.attrs["hx-trigger"] == "every 2s" and "view=detail" in status.attrs["hx-get"]
    assert "section" not in [n.tag for n in detail.doc.all(cls="preview")]

    polled = await client.get(f"/reports/{report_id}/status", headers={"HX-Request": "true"})
    assert polled.status_code == 200 and "<html" not in polled.text and "hx-trigger" in polled.text
    await render_report(report_id, actor=cast["analyst"], as_of=AS_OF)
    polled = await client.get(f"/reports/{report_id}/status", headers={"HX-Request": "true"})
    row = parse(polled.text).one("tr")
    assert row.attrs["data-render"] == "ready" and "hx-trigger" not in row.attrs
    assert f"/reports/{report_id}/pdf" in [a.attrs["href"] for a in row.all("a")]
    reload = await client.get(f"/reports/{report_id}/status?view=detail", headers={"HX-Request": "true"})
    assert reload.headers["hx-refresh"] == "true" and "hx-trigger" not in reload.text


async def test_bad_generate_requests_show_the_form_again_with_the_reason(client, cast):
    await build_workflow(cast)
    await page_login(client, "analyst")
    response = await client.post(
        "/reports?lang=en",
        data={
            "mechanism": "ALL",
            "cycle": "AP3",
            "period": "2026-S2",
            "locale": "en",
            "_csrf_token": token(client),
        },
    )
    assert response.status_code == 422
    page = Page(response, parse(response.text))
    assert "a cycle can only be chosen with a single mechanism" in page.doc.one(cls="alert").text
    assert page.doc.one("select", name="mechanism").one("option", selected="").attrs["value"] == "ALL"
    missing = await client.post("/reports", data={"period": "2026-S2", "_csrf_token": token(client)})
    assert missing.status_code == 422 and "field-error" in missing.text


async def test_downloaded_pdf_is_the_report_and_verifies_once_final(client, cast):
    await build_workflow(cast)
    await page_login(client, "analyst")
    report_id = await _generate(client)
    draft = await client.get(f"/reports/{report_id}/pdf")
    assert (
        draft.headers["content-type"] == "application/pdf"
        and "attachment" in draft.headers["content-disposition"]
    )
    assert "GT0079" in pdf_text(draft.content)
    await complete(cast["analyst"], report_id)
    await _post(client, f"/reports/{report_id}/finalize", confirm="1")
    issued = (await client.get(f"/reports/{report_id}/pdf")).content

    form = await get_page(client, "/reports/verify")
    assert form.h1 == "Verificar un PDF" and form.doc.one("form", enctype="multipart/form-data")
    for content, verdict in (
        (issued, W["es"]["issued"]),
        (draft.content, W["es"]["foreign"]),
        (b"%PDF-1.4 otro documento", W["es"]["foreign"]),
    ):
        response = await client.post(
            "/reports/verify",
            files={"file": ("informe.pdf", content, "application/pdf"), "_csrf_token": (None, token(client))},
        )
        page = Page(response, parse(response.text))
        assert page.doc.one(cls="verdict").one("h2").text == verdict
        assert len(page.doc.one("code", data_hash="upload").text) == 64
    found = await client.post(
        "/reports/verify?lang=en",
        files={"file": ("r.pdf", issued, "application/pdf"), "_csrf_token": (None, token(client))},
    )
    assert W["en"]["issued"] in found.text and f'href="/reports/{report_id}"' in found.text
    empty = await client.post("/reports/verify", files={"_csrf_token": (None, token(client))})
    assert empty.status_code == 422


async def test_hostile_text_is_escaped_in_the_preview(client, cast):
    await build_workflow(cast)
    await create_recommendation(
        cast["analyst"],
        RecommendationIn(
            mechanism="OGP", cycle="AP3", reference="HOSTIL-1", title="<b>negrita</b>", text=HOSTILE
        ),
    )
    await page_login(client, "analyst")
    report_id = await _generate(client)
    page = await get_page(client, f"/reports/{report_id}")
    entry = _entry(page, "OGP-AP3-HOSTIL-1")
    assert entry.one("blockquote").text == " ".join(HOSTILE.split())
    assert "<script>" not in page.response.text and "<b>negrita" not in page.response.text


async def test_reviewer_sees_final_reports_only_and_cannot_change_them(client, cast):
    await build_workflow(cast)
    await page_login(client, "analyst")
    draft_id = await _generate(client)
    final_id = await _generate(client, mechanism="MESICIC")
    internal_id = await _generate(client, internal="1")
    for report_id in (final_id, internal_id):
        await complete(cast["analyst"], report_id)
        await _post(client, f"/reports/{report_id}/finalize", confirm="1")
    await page_login(client, "reviewer")
    listing = await get_page(client, "/reports")
    assert "/reports" in [a.attrs["href"] for a in listing.doc.one("nav").all("a")]
    ids = [tr.attrs["id"] for tr in listing.doc.one("table", cls="reports").one("tbody").all("tr")]
    assert ids == [f"report-{final_id}"]
    assert [f.attrs["action"] for f in listing.forms()] == ["/logout"]
    await get_page(client, f"/reports/{draft_id}", 404)
    await get_page(client, f"/reports/{internal_id}", 404)
    detail = await get_page(client, f"/reports/{final_id}")
    assert [f.attrs["action"] for f in detail.forms()] == ["/logout"]
    assert f"/reports/{final_id}/pdf" in detail.links()
    assert (await client.get(f"/reports/{final_id}/pdf")).status_code == 200
    assert (await client.get(f"/reports/{draft_id}/pdf")).status_code == 404
    refused = await _post(client, "/reports", mechanism="OGP", period="2026-S2", locale="es")
    assert refused.status_code == 403
    assert (await _post(client, f"/reports/{draft_id}/finalize", confirm="1")).status_code == 403


async def test_focal_points_get_403_and_no_menu_entry(client, cast):
    await build_workflow(cast)
    await page_login(client, "analyst")
    report_id = await _generate(client)
    await complete(cast["analyst"], report_id)
    await _post(client, f"/reports/{report_id}/finalize", confirm="1")
    await page_login(client, "minfin")
    board = await get_page(client, "/")
    assert "/reports" not in [a.attrs["href"] for a in board.doc.one("nav").all("a")]
    for path in (
        "/reports",
        f"/reports/{report_id}",
        f"/reports/{report_id}/pdf",
        f"/reports/{report_id}/status",
    ):
        response = await client.get(path)
        assert response.status_code == 403, path
    assert (
        await _post(client, "/reports", mechanism="OGP", period="2026-S2", locale="es")
    ).status_code == 403


async def test_anonymous_visitors_are_sent_to_login(client, cast):
    for path in ("/reports", "/reports/1", "/reports/1/pdf", "/reports/verify"):
        response = await client.get(path)
        assert response.status_code in (302, 303), path
        assert response.headers["location"].startswith("/login?next=/reports"), path


async def test_a_draft_can_be_rendered_again_from_its_page(client, cast):
    await build_workflow(cast)
    await page_login(client, "analyst")
    report_id = await _generate(client, locale="es")
    detail = await get_page(client, f"/reports/{report_id}")
    assert f"/reports/{report_id}/render" in [f.attrs["action"] for f in detail.forms()]
    again = await _post(client, f"/reports/{report_id}/render")
    assert again.status_code == 303 and again.headers["location"] == f"/reports/{report_id}"
    assert W["es"]["ready"] in (await get_page(client, f"/reports/{report_id}")).badges()

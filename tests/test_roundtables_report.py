"""The OGP self-assessment prints the technical roundtables as the 2013 self-assessment does:
objectives, diagnosis, products, how, why, activities and timeline, in Spanish and English,
frozen with the report; other templates leave them out; hostile text never breaks the PDF."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document

from commitments.reports.roundtable_plan import PlanText
from commitments.roundtables.demo import load_roundtables
from commitments.roundtables.schemas import ActivityIn, RoundtableIn
from commitments.roundtables.service import add_activity, create_roundtable
from commitments.services.reports import (
    create_report,
    finalize_report,
    get_report,
    render_report,
    report_docx,
    report_model,
    report_pdf,
)
from tests.report_helpers import AS_OF, build_workflow, complete, pdf_text
from tests.test_pages_helpers import get_page, page_login


async def _draft(cast, mechanism: str, locale: str) -> int:
    report_id = await create_report(cast["analyst"], mechanism, None, "2026-S2", locale)
    await render_report(report_id, actor=cast["analyst"], as_of=AS_OF)
    return report_id


async def test_the_ogp_report_prints_the_seeded_roundtables_in_spanish(cast):
    await build_workflow(cast)
    assert await load_roundtables(cast["analyst"], "GT") == 8
    report_id = await _draft(cast, "OGP", "es")
    text = pdf_text(await report_pdf(cast["analyst"], report_id))
    for expected in (
        "Mesas técnicas sectoriales",
        "La Comisión coordina 8 mesas técnicas sectoriales",
        "EITI — Iniciativa para la Transparencia de las Industrias Extractivas",
        "GA-EMP — Gobierno Abierto: mesa técnica con el sector empresarial",
        "Objetivo general",
        "Objetivos específicos",
        "1. Creación de una bitácora de experiencias del sector empresarial",
        "Diagnóstico",
        "Productos esperados",
        "Cómo lo hacemos",
        "Para qué lo queremos",
        "Recursos necesarios",
        "Actividades y cronograma",
        "Temporalidad",
        "24 meses",
        "Sector empresarial",
        "Gremios empresariales",
        "Recomendaciones que atiende",
        "OGP-AP1-C3.2",
        "[Ejemplo] Presentación pública del cuarto informe de aseguramiento",
    ):
        assert expected in text, expected
    assert text.index("Implementación de los compromisos") < text.rindex("Mesas técnicas sectoriales")


async def test_an_english_report_prints_the_english_and_says_what_is_still_spanish(cast):
    await build_workflow(cast)
    await load_roundtables(cast["analyst"], "GT")
    report_id = await _draft(cast, "OGP", "en")
    text = pdf_text(await report_pdf(cast["analyst"], report_id))
    for expected in (
        "Sectoral technical roundtables",
        "The Commission coordinates 8 sectoral technical roundtables",
        "Extractive Industries Transparency Initiative (EITI Guatemala)",
        "General objective",
        "Specific objectives",
        "What we want it for",
        "Activities and timeline",
        "24 months",
        "Part of this plan is shown in Spanish: it has no translation yet.",
        "Civil society",
    ):
        assert expected in text, expected
    model = await report_model(cast["analyst"], report_id)
    assert PlanText(es="x").untranslated("en") and not PlanText(es="x", en="y").untranslated("en")
    assert model.roundtables[0].code == "COST"


async def test_other_templates_leave_the_roundtables_out(cast):
    await build_workflow(cast)
    await load_roundtables(cast["analyst"], "GT")
    report_id = await _draft(cast, "MESICIC", "es")
    assert (await report_model(cast["analyst"], report_id)).roundtables == []
    assert "Mesas técnicas sectoriales" not in pdf_text(await report_pdf(cast["analyst"], report_id))


async def test_an_issued_report_keeps_the_roundtables_it_was_issued_with(cast):
    await build_workflow(cast)
    roundtable = await create_roundtable(
        cast["analyst"], RoundtableIn(code="FROZEN-RT", topic_es="Mesa antes de emitir")
    )
    report_id = await _draft(cast, "OGP", "es")
    await complete(cast["analyst"], report_id)
    await finalize_report(cast["analyst"], report_id)
    await add_activity(cast["analyst"], roundtable, ActivityIn(description_es="Actividad posterior"))
    text = pdf_text(await report_pdf(cast["analyst"], report_id))
    assert "FROZEN-RT — Mesa antes de emitir" in text and "Actividad posterior" not in text
    assert (await get_report(cast["analyst"], report_id)).state == "final"


async def test_hostile_text_in_a_plan_prints_as_typed(cast):
    await build_workflow(cast)
    hostile = "<font name=x>«sin cerrar</b> & <script>alert(1)</script>"
    roundtable = await create_roundtable(
        cast["analyst"],
        RoundtableIn(code="HOSTIL", topic_es=hostile, diagnosis_es=[hostile, "palabra" * 280]),
    )
    await add_activity(
        cast["analyst"],
        roundtable,
        ActivityIn(description_es=hostile * 30, starts_on=dt.date(2027, 1, 1), responsible=hostile),
    )
    report_id = await _draft(cast, "OGP", "es")
    report = await get_report(cast["analyst"], report_id)
    assert report.render_state == "ready", report.error
    assert "HOSTIL — <font name=x>«sin cerrar</b> & <script>alert(1)</script>" in pdf_text(
        await report_pdf(cast["analyst"], report_id)
    )


async def test_the_preview_and_the_word_copy_show_the_same_part(client, cast):
    await build_workflow(cast)
    await load_roundtables(cast["analyst"], "GT")
    report_id = await _draft(cast, "OGP", "en")
    document = Document(io.BytesIO(await report_docx(cast["analyst"], report_id)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Sectoral technical roundtables" in headings
    assert any(h.startswith("GA-SC — Open Government: roundtable with civil society") for h in headings)
    await page_login(client, "analyst")
    page = await get_page(client, f"/reports/{report_id}")
    part = page.doc.one("section", cls="roundtables")
    assert [a.attrs["data-code"] for a in part.all("article")][:2] == ["COST", "EITI"]
    assert "Activities and timeline" in part.text

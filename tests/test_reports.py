"""Reports: content in both languages, freezing, verification, access, hostile text."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from commitments import clock
from commitments.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from commitments.reports.model import model_from_snapshot, snapshot_json
from commitments.reports.pdf import build_pdf
from commitments.schemas import AssessmentIn, EvidenceIn, PeriodIn
from commitments.services.assessments import record_assessment
from commitments.services.evidence import register_evidence, verify_evidence
from commitments.services.periods import create_period
from commitments.services.recommendations import link_recommendations
from commitments.services.reports import (
    create_report,
    finalize_report,
    get_report,
    list_reports,
    mark_sent,
    render_report,
    report_model,
    report_pdf,
    verify_pdf,
)
from commitments.tables import Recommendation
from tests.report_helpers import (
    AS_OF,
    build_workflow,
    complete,
    pdf_pages,
    pdf_text,
    recommendation_id,
    workflow_cycle,
)


async def _issue(cast, mechanism, locale, final=True, period="2026-S2", internal=False):
    analyst = cast["analyst"]
    report_id = await create_report(analyst, mechanism, workflow_cycle(mechanism), period, locale, internal)
    await render_report(report_id, actor=analyst, as_of=AS_OF)
    if final:
        await complete(analyst, report_id)
        await finalize_report(analyst, report_id)
    return report_id, await report_pdf(analyst, report_id)


async def test_mesicic_report_in_spanish_reads_as_a_progress_report(cast):
    await build_workflow(cast)
    report_id, data = await _issue(cast, "MESICIC", "es")
    text = pdf_text(data)
    for expected in (
        "Informe de avance en la implementación de las recomendaciones del MESICIC",
        "Índice",
        "Resumen ejecutivo",
        "Avance desde el periodo anterior",
        "RECOMENDACIÓN:",
        "INFORME:",
        "III.1-1.1",
        "Se aprobó el reglamento de conflictos de intereses.",
        "MINFIN – Ministerio de Finanzas Públicas",
        "Consideración satisfactoria (segundo semestre de 2026)",
        "Requiere atención adicional (segundo semestre de 2025)",
        "Comité de Expertos del MESICIC",
        "25 de noviembre de 2026",
        "Anexo A. Instituciones y puntos focales",
    ):
        assert expected in text, expected
    pages = pdf_pages(data)
    assert f"Página 1 de {len(pages)}" in pages[0]
    report = await get_report(cast["analyst"], report_id)
    assert report.snapshot_sha256 in " ".join(pages[-1].split())
    assert report.snapshot_sha256 not in " ".join(pages[0].split())


async def test_ogp_report_in_english_has_the_self_assessment_shape(cast):
    await build_workflow(cast)
    _, data = await _issue(cast, "OGP", "en")
    text = pdf_text(data)
    for expected in (
        "Open Government action plan self-assessment report",
        "Contents",
        "Commitment GT0079",
        "Lead institution",
        "Ministry of Public Finance",
        "Completion",
        "Substantial (second half of 2026)",
        "Limited (second half of 2025)",
        "Independent Reporting Mechanism (IRM)",
        "Progress since the previous period",
        "Moved up",
        "November 25, 2026",
        "Portal de presupuesto abierto",
        "Page 1 of",
    ):
        assert expected in text, expected
    assert "Memorando interno reservado" not in text  # internal evidence stays out
    assert "Página" not in text


async def test_internal_report_includes_internal_evidence(cast):
    await build_workflow(cast)
    _, data = await _issue(cast, "OGP", "es", internal=True)
    text = pdf_text(data)
    assert "Memorando interno reservado" in text
    assert "Uso interno" in text


async def test_consolidated_report_spans_many_pages_and_shows_links(cast):
    ids = await build_workflow(cast)
    await link_recommendations(cast["analyst"], ids["mesicic"], ids["ogp"], "same_reform")
    _, data = await _issue(cast, None, "en", final=False)
    pages = pdf_pages(data)
    assert len(pages) > 10
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    text = pdf_text(data)
    assert "Linked to OGP-AP3-GT0079 (same reform)" in text
    for heading in (
        "Follow-up Mechanism for the Implementation of the Inter-American",
        "Extractive Industries Transparency Initiative",
        "Open Government Partnership",
        "RECOMMENDATION:",
        "Commitment GT0079",
        "Board decision BD2020-03",
        "Statements, findings and related measures",
        "Finding F-1",
        "IRM recommendation IRM-KR",
    ):
        assert heading in text, heading


async def test_final_report_never_changes_and_rebuilds_from_its_snapshot(cast):
    ids = await build_workflow(cast)
    report_id, data = await _issue(cast, "OGP", "es")
    await record_assessment(
        cast["analyst"], ids["ogp"], AssessmentIn(period="2026-S2", level="complete", source="self")
    )
    await Recommendation.update({Recommendation.text: "Texto cambiado después"}).where(
        Recommendation.id == ids["ogp"]
    )
    assert await report_pdf(cast["analyst"], report_id) == data
    model = await report_model(cast["analyst"], report_id)
    assert build_pdf(model, "es", identifier=None).data == data
    assert "Texto cambiado después" not in pdf_text(data)
    with pytest.raises(Conflict):
        await render_report(report_id)
    with pytest.raises(Conflict):
        await finalize_report(cast["analyst"], report_id)


async def test_snapshot_round_trips_to_the_same_canonical_json(cast):
    await build_workflow(cast)
    report_id, _ = await _issue(cast, None, "es", final=False)
    model = await report_model(cast["analyst"], report_id)
    assert snapshot_json(model_from_snapshot(snapshot_json(model))) == snapshot_json(model)


async def test_verify_names_issued_reports_only(cast):
    await build_workflow(cast)
    final_id, final_pdf = await _issue(cast, "MESICIC", "en")
    _, draft_pdf = await _issue(cast, "MESICIC", "es", final=False)
    found = await verify_pdf(final_pdf)
    assert found is not None and found.id == final_id and found.state == "final"
    assert await verify_pdf(draft_pdf) is None
    assert await verify_pdf(final_pdf.replace(b"MESICIC", b"MESICIX", 1)) is None
    assert await verify_pdf(b"not a pdf") is None
    assert "BORRADOR" in pdf_text(draft_pdf)


async def test_report_goes_from_final_to_sent_once(cast):
    await build_workflow(cast)
    report_id, _ = await _issue(cast, "MESICIC", "es")
    sent = await mark_sent(
        cast["analyst"], report_id, "Secretaría Técnica del MESICIC", clock.today(), "OF-CNC-2026-114"
    )
    assert (sent.state, sent.sent_to, sent.transmittal_ref) == (
        "sent",
        "Secretaría Técnica del MESICIC",
        "OF-CNC-2026-114",
    )
    listed = await list_reports(cast["reviewer"])
    assert [r.sent_to for r in listed if r.id == report_id] == ["Secretaría Técnica del MESICIC"]
    with pytest.raises(Conflict):
        await mark_sent(cast["analyst"], report_id, "OEA", clock.today())
    draft_id, _ = await _issue(cast, "OGP", "es", final=False)
    with pytest.raises(Conflict):
        await mark_sent(cast["analyst"], draft_id, "OGP", clock.today())
    with pytest.raises(InvalidInput):
        await mark_sent(cast["analyst"], report_id, "  ", clock.today())


async def test_reviewer_reads_issued_reports_only(cast):
    await build_workflow(cast)
    final_id, data = await _issue(cast, "MESICIC", "es")
    draft_id, _ = await _issue(cast, "OGP", "es", final=False)
    reviewer = cast["reviewer"]
    assert await report_pdf(reviewer, final_id) == data
    with pytest.raises(NotFound):
        await report_pdf(reviewer, draft_id)
    with pytest.raises(NotFound):
        await get_report(reviewer, draft_id)
    assert draft_id not in [r.id for r in await list_reports(reviewer)]
    assert {final_id, draft_id} <= {r.id for r in await list_reports(cast["analyst"])}
    with pytest.raises(Forbidden):
        await create_report(reviewer, "OGP", None, "2026-S2", "es")
    with pytest.raises(Forbidden):
        await finalize_report(reviewer, draft_id)


async def test_reviewer_never_reads_an_internal_report(cast):
    await build_workflow(cast)
    internal_id, _ = await _issue(cast, "OGP", "es", internal=True)
    reviewer = cast["reviewer"]
    for read in (get_report, report_pdf, report_model):
        with pytest.raises(NotFound):
            await read(reviewer, internal_id)
    assert internal_id not in [r.id for r in await list_reports(reviewer)]
    assert (await get_report(cast["analyst"], internal_id)).internal


async def test_focal_points_and_visitors_cannot_read_reports(cast):
    await build_workflow(cast)
    final_id, _ = await _issue(cast, "MESICIC", "es")
    for name in ("minfin", "sat"):
        with pytest.raises(Forbidden):
            await report_pdf(cast[name], final_id)
        with pytest.raises(Forbidden):
            await list_reports(cast[name])
    with pytest.raises(Unauthenticated):
        await report_pdf(cast["anonymous"], final_id)


@pytest.mark.parametrize(
    ("mechanism", "cycle", "period", "locale", "message"),
    [
        ("NOPE", None, "2026-S2", "es", "mecanismo desconocido"),
        ("OGP", None, "1999-S1", "es", "periodo desconocido"),
        ("OGP", "AP99", "2026-S2", "es", "ciclo desconocido"),
        (None, "AP3", "2026-S2", "es", "un único mecanismo"),
        ("OGP", None, "2026-S2", "fr", "idioma"),
    ],
)
async def test_bad_report_requests_are_refused(cast, mechanism, cycle, period, locale, message):
    await build_workflow(cast)
    with pytest.raises(InvalidInput, match=message):
        await create_report(cast["analyst"], mechanism, cycle, period, locale)


async def test_finalizing_an_unrendered_draft_is_refused(cast):
    await build_workflow(cast)
    report_id = await create_report(cast["analyst"], "OGP", "AP3", "2026-S2", "es")
    with pytest.raises(Conflict, match="genere el borrador"):
        await finalize_report(cast["analyst"], report_id)


async def test_empty_period_says_nothing_was_reported(cast):
    await build_workflow(cast)
    await create_period(
        cast["analyst"],
        PeriodIn(
            code="2027-S1",
            starts_on=dt.date(2027, 1, 1),
            ends_on=dt.date(2027, 6, 30),
            response_deadline=dt.date(2027, 7, 15),
        ),
    )
    _, data = await _issue(cast, "OGP", "es", period="2027-S1", final=False)
    assert (
        "En el primer semestre de 2027 no se registraron respuestas aceptadas ni valoraciones."
        in pdf_text(data)
    )


async def test_mechanism_without_items_gives_a_short_draft_that_is_never_issued(cast):
    await build_workflow(cast)
    report_id, data = await _issue(cast, "UNCAC", "en", final=False)
    pages = pdf_pages(data)
    assert len(pages) <= 7
    assert "No recommendations are recorded within the scope of this report." in pdf_text(data)
    await complete(cast["analyst"], report_id)  # its sections written: it still holds nothing
    with pytest.raises(InvalidInput) as refused:
        await finalize_report(cast["analyst"], report_id)
    assert [gap["kind"] for gap in refused.value.extra["missing"]] == ["empty"]
    assert (await get_report(cast["analyst"], report_id)).state == "draft"


async def test_hostile_text_renders_without_error(cast):
    await build_workflow(cast)
    ogp = await recommendation_id("OGP-AP3-GT0079")
    hostile = (
        'Texto con "comillas", <b>negrita falsa</b> & ampersand\nnueva línea 🙂 '
        "Фёдор Достоевский Ελευθέριος Βενιζέλος " + "palabra " * 3000
    )
    await Recommendation.update(
        {Recommendation.text: hostile, Recommendation.title: "<i>título</i> & 'más'"}
    ).where(Recommendation.id == ogp)
    hostile_evidence = await register_evidence(
        cast["analyst"],
        ogp,
        EvidenceIn(
            title="Отчёт <script>alert(1)</script> & «Ελλάδα»",
            kind="link",
            url="https://example.org/" + "x" * 900,
            visibility="public",
        ),
    )
    await verify_evidence(cast["analyst"], hostile_evidence, "verified")
    _, data = await _issue(cast, "OGP", "es")
    text = pdf_text(data)
    for expected in (
        '"comillas", <b>negrita falsa</b> & ampersand',
        "Фёдор Достоевский",
        "Ελευθέριος Βενιζέλος",
        "<i>título</i> & 'más'",
        "Отчёт <script>",
    ):
        assert expected in text, expected


async def test_pdf_bytes_are_deterministic_for_a_model(cast):
    await build_workflow(cast)
    report_id, _ = await _issue(cast, None, "en", final=False)
    model = await report_model(cast["analyst"], report_id)
    assert build_pdf(model, "en").data == build_pdf(model, "en").data
    assert re.search(rb"/Subject \(", build_pdf(model, "en").data)


def test_every_report_message_has_an_english_translation():
    from pathlib import Path

    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    from commitments.i18n import po_path

    root = Path(__file__).parent.parent
    with open(po_path("en"), "rb") as handle:
        english = read_po(handle)
    files = [
        *sorted((root / "commitments" / "reports").glob("*.py")),
        root / "commitments" / "services" / "reports.py",
    ]
    messages = {message for path in files for _, message, _, _ in extract_from_file("python", str(path))}
    assert len(messages) > 100
    assert sorted(m for m in messages if not (english.get(m) and english.get(m).string)) == []


async def test_mechanisms_are_written_as_their_own_documents_write_them(cast):
    await build_workflow(cast)
    _, data = await _issue(cast, "COST", "es", final=False)
    first = pdf_pages(data)[1]  # a page with the running header
    assert "CoST" in first and "· COST ·" not in first

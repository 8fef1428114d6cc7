"""Texts per language (the original as issued, a translation slot per report language with its
state) and reviewers' ratings tied to the documents that issued them, on the scale of the cycle's
model; through the services, the API and the pages, and as the report prints them."""

from __future__ import annotations

import datetime as dt

import pytest

from commitments.errors import Conflict, InvalidInput
from commitments.reports.completeness import gaps
from commitments.schemas import AssessmentIn, PeriodIn, ReviewDocumentIn, TranslationIn
from commitments.services.assessments import record_assessment
from commitments.services.periods import create_period
from commitments.services.reports import issue_report, report_model
from commitments.services.review_documents import create_review_document
from commitments.services.translations import save_translation
from commitments.tables import AuditEvent, Recommendation
from tests.report_helpers import AS_OF, document_id, pdf_text
from tests.test_pages_helpers import get_page, page_login, token
from tests.web import csrf, login

FRENCH = "EITI-FY2018-19-BD2021-49"  # the Board's decision, issued in French


async def post_form(client, path: str, **fields: str):
    return await client.post(path, data={**fields, "_csrf_token": token(client)})


async def _rec(code: str) -> dict:
    row = await Recommendation.select().where(Recommendation.code == code).first()
    assert row is not None, code
    return row


async def _period(analyst, code="2031-S1", start=dt.date(2031, 1, 1)):
    await create_period(
        analyst,
        PeriodIn(
            code=code,
            starts_on=start,
            ends_on=start + dt.timedelta(days=180),
            response_deadline=start + dt.timedelta(days=200),
        ),
    )


async def test_a_french_original_gets_both_report_languages(cast):
    rec = await _rec(FRENCH)
    version = await save_translation(
        cast["analyst"], rec["id"], "es", TranslationIn(text="Prórroga del plazo.", version=rec["version"])
    )
    version = await save_translation(
        cast["analyst"],
        rec["id"],
        "en",
        TranslationIn(
            title="Extension", text="Extension of the deadline.", state="reviewed", version=version
        ),
    )
    row = await _rec(FRENCH)
    assert (row["translation_es"], row["translation_state_es"]) == ("Prórroga del plazo.", "draft")
    assert (row["translation_en"], row["translation_state_en"], row["translation_title_en"]) == (
        "Extension of the deadline.",
        "reviewed",
        "Extension",
    )
    audited = await AuditEvent.select().where(AuditEvent.action == "recommendation.translate")
    assert {'"language":"en"' in e["after"] or '"language": "en"' in e["after"] for e in audited} >= {True}


async def test_a_stale_translation_is_refused_and_the_original_language_has_no_slot(cast):
    rec = await _rec("MESICIC-R1-III.1-1.1")  # Spanish original
    with pytest.raises(InvalidInput, match="idioma"):
        await save_translation(
            cast["analyst"], rec["id"], "es", TranslationIn(text="x", version=rec["version"])
        )
    await save_translation(
        cast["analyst"], rec["id"], "en", TranslationIn(text="One", version=rec["version"])
    )
    with pytest.raises(Conflict):
        await save_translation(
            cast["analyst"], rec["id"], "en", TranslationIn(text="Two", version=rec["version"])
        )
    with pytest.raises(Exception, match="Forbidden|no puede|comisión"):
        await save_translation(
            cast["minfin"], rec["id"], "en", TranslationIn(text="Three", version=rec["version"] + 1)
        )


async def test_clearing_a_translation_makes_it_missing(cast):
    rec = await _rec(FRENCH)
    version = await save_translation(
        cast["analyst"], rec["id"], "en", TranslationIn(text="Text", state="reviewed", version=rec["version"])
    )
    await save_translation(cast["analyst"], rec["id"], "en", TranslationIn(text="", version=version))
    assert (await _rec(FRENCH))["translation_state_en"] == "missing"


async def test_finalize_needs_a_reviewed_translation_in_the_reports_language(cast):
    await _period(cast["analyst"])
    draft = await issue_report(
        cast["analyst"], "EITI", "FY2018-19", "2031-S1", "en", final=False, as_of=AS_OF
    )
    model = await report_model(cast["analyst"], draft.id)
    assert ("translation", FRENCH) in {(g.kind, g.key) for g in gaps(model)}
    rec = await _rec(FRENCH)
    await save_translation(
        cast["analyst"], rec["id"], "en", TranslationIn(text="Draft only", version=rec["version"])
    )
    draft = await issue_report(
        cast["analyst"], "EITI", "FY2018-19", "2031-S1", "en", final=False, as_of=AS_OF
    )
    model = await report_model(cast["analyst"], draft.id)
    assert ("translation", FRENCH) in {(g.kind, g.key) for g in gaps(model)}  # a draft is not enough
    text = pdf_text(await _pdf(cast, draft.id))
    assert "Draft translation, not reviewed:" in text and "Draft only" in text


async def _pdf(cast, report_id):
    from commitments.services.reports import report_pdf

    return await report_pdf(cast["analyst"], report_id)


async def test_translations_through_the_api_with_their_state_and_version(client):
    await login(client, "analyst")
    rec = await _rec(FRENCH)
    put = await client.put(
        f"/api/v1/recommendations/{rec['id']}/translations/en",
        headers=csrf(client),
        json={
            "title": "Extension",
            "text": "Extension granted.",
            "state": "reviewed",
            "version": rec["version"],
        },
    )
    assert put.status_code == 200, put.text
    body = put.json()
    assert body["translations"]["en"] == {
        "title": "Extension",
        "text": "Extension granted.",
        "state": "reviewed",
    }
    assert "fr" not in body["translations"]
    stale = await client.put(
        f"/api/v1/recommendations/{rec['id']}/translations/en",
        headers=csrf(client),
        json={"text": "Again", "version": rec["version"]},
    )
    assert stale.status_code == 409
    bad = await client.put(
        f"/api/v1/recommendations/{rec['id']}/translations/de",
        headers=csrf(client),
        json={"text": "Nein", "version": body["version"]},
    )
    assert bad.status_code == 422


async def test_the_translation_page_saves_and_the_detail_page_shows_the_state(client):
    await page_login(client, "analyst")
    rec = await _rec(FRENCH)
    form = await get_page(client, f"/recommendations/{rec['id']}/translations/en")
    assert form.doc.one("textarea", name="text") is not None
    saved = await post_form(
        client,
        f"/recommendations/{rec['id']}/translations/en",
        text="Extension of the reporting deadline.",
        state="reviewed",
        version=str(rec["version"]),
    )
    assert saved.status_code == 303
    detail = await get_page(client, f"/recommendations/{rec['id']}")
    rows = {row[0]: row for row in detail.rows("translations")}
    assert "Revisada" in rows["Inglés"][1] and "Extension of the reporting deadline." in rows["Inglés"][2]
    stale = await post_form(
        client, f"/recommendations/{rec['id']}/translations/en", text="Other", version=str(rec["version"])
    )
    assert stale.status_code == 409


async def test_a_reviewers_rating_cites_a_document_of_its_mechanism(cast):
    await _period(cast["analyst"])
    rec = await _rec("MESICIC-R1-III.1-1.1")
    with pytest.raises(InvalidInput, match="documento de revisión"):
        await record_assessment(
            cast["analyst"],
            rec["id"],
            AssessmentIn(period="2031-S1", level="satisfactory", source="reviewer"),
        )
    with pytest.raises(InvalidInput, match="desconocido para este mecanismo"):
        await record_assessment(
            cast["analyst"],
            rec["id"],
            AssessmentIn(
                period="2031-S1", level="satisfactory", source="reviewer", document=await document_id("OGP")
            ),
        )
    with pytest.raises(InvalidInput, match="solo la valoración del mecanismo"):
        await record_assessment(
            cast["analyst"],
            rec["id"],
            AssessmentIn(period="2031-S1", level="satisfactory", document=await document_id("MESICIC")),
        )


async def test_a_cycle_rated_on_an_earlier_model_takes_only_that_models_levels(cast):
    await _period(cast["analyst"])
    decision = await _rec("EITI-VAL2020-BD2020-03")  # validated against the 2016 Standard
    with pytest.raises(InvalidInput, match="escala"):
        await record_assessment(
            cast["analyst"], decision["id"], AssessmentIn(period="2031-S1", level="partly_met")
        )
    await record_assessment(
        cast["analyst"], decision["id"], AssessmentIn(period="2031-S1", level="inadequate")
    )
    later = await _rec("EITI-MISSION2023-PRIO-1")  # the 2021 model
    with pytest.raises(InvalidInput, match="escala"):
        await record_assessment(
            cast["analyst"], later["id"], AssessmentIn(period="2031-S1", level="inadequate")
        )


async def test_the_report_dates_a_reviewers_rating_by_its_document(cast):
    await _period(cast["analyst"])
    document = await create_review_document(
        cast["analyst"],
        ReviewDocumentIn(
            mechanism="OGP",
            cycle="AP3",
            kind="irm_report",
            reference="IRM GT 2031",
            title="Informe de resultados",
            issued_on=dt.date(2031, 3, 2),
        ),
    )
    rec = await _rec("OGP-AP3-GT0079")
    await record_assessment(
        cast["analyst"],
        rec["id"],
        AssessmentIn(
            period="2031-S1",
            level="substantial",
            source="reviewer",
            document=document,
            narrative="Hubo avance.",
        ),
    )
    draft = await issue_report(cast["analyst"], "OGP", "AP3", "2031-S1", "es", final=False, as_of=AS_OF)
    text = pdf_text(await _pdf(cast, draft.id))
    assert "Sustancial (IRM GT 2031, 2 de marzo de 2031)" in text
    assert "IRM GT 2031 — Informe de resultados" in text and "Hubo avance." in text


async def test_review_documents_through_the_api_and_their_page(client):
    await login(client, "analyst")
    created = await client.post(
        "/api/v1/review-documents",
        headers=csrf(client),
        json={
            "mechanism": "OGP",
            "cycle": "AP5",
            "kind": "irm_report",
            "reference": "IRM 2031",
            "issued_on": "2031-01-10",
        },
    )
    assert created.status_code == 201, created.text
    document = created.json()
    duplicate = await client.post(
        "/api/v1/review-documents", headers=csrf(client), json={"mechanism": "OGP", "reference": "IRM 2031"}
    )
    assert duplicate.status_code == 409
    changed = await client.patch(
        f"/api/v1/review-documents/{document['id']}",
        headers=csrf(client),
        json={"version": document["version"], "title": "Informe de resultados 2031"},
    )
    assert changed.status_code == 200 and changed.json()["title"] == "Informe de resultados 2031"
    stale = await client.patch(
        f"/api/v1/review-documents/{document['id']}",
        headers=csrf(client),
        json={"version": document["version"], "title": "Otro"},
    )
    assert stale.status_code == 409
    listed = (await client.get("/api/v1/review-documents?mechanism=OGP")).json()
    assert "IRM 2031" in {d["reference"] for d in listed}
    bad = await client.post(
        "/api/v1/review-documents",
        headers=csrf(client),
        json={"mechanism": "OGP", "reference": "x", "url": "javascript:alert(1)"},
    )
    assert bad.status_code == 400


async def test_the_documents_page_lists_and_registers(client):
    await page_login(client, "analyst")
    page = await get_page(client, "/documents?mechanism=EITI")
    assert any("EITI Board decision 2020-03" in row[0] for row in page.rows("documents"))
    created = await post_form(
        client,
        "/documents",
        mechanism="EITI",
        kind="board_decision",
        reference="EITI BD 2031-1",
        title="Decisión",
    )
    assert created.status_code == 303
    page = await get_page(client, "/documents?mechanism=EITI")
    assert any("EITI BD 2031-1" in row[0] for row in page.rows("documents"))


async def test_a_focal_point_cannot_register_documents(client):
    await login(client, "minfin")
    refused = await client.post(
        "/api/v1/review-documents", headers=csrf(client), json={"mechanism": "OGP", "reference": "x"}
    )
    assert refused.status_code == 403

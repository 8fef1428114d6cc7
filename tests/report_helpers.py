"""Shared set-up for report tests: a small workflow over two periods, and PDF text."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from commitments.actor import Actor
from commitments.schemas import (
    AssessmentIn,
    AssignmentIn,
    EvidenceIn,
    PeriodIn,
    ResponseIn,
    ReviewIn,
    TranslationIn,
)
from commitments.services.assessments import record_assessment
from commitments.services.assignments import assign
from commitments.services.evidence import register_evidence, verify_evidence
from commitments.services.periods import create_period
from commitments.services.responses import review_response, save_response
from commitments.services.translations import save_translation
from commitments.tables import Assignment, Recommendation

AS_OF = dt.date(2026, 11, 25)
MESICIC_ITEM = "MESICIC-R1-III.1-1.1"
OGP_ITEM = "OGP-AP3-GT0079"


def pdf_pages(data: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    """All the extracted text, whitespace collapsed (lines wrap anywhere)."""
    return " ".join(" ".join(pdf_pages(data)).split())


async def recommendation_id(code: str) -> int:
    """The id of the current country's recommendation with this code."""
    from commitments import policy

    row = (
        await Recommendation.select(Recommendation.id)
        .where((Recommendation.code == code) & Recommendation.country.is_in(policy.country()))
        .first()
    )
    return row["id"]


async def _answer(analyst: Actor, focal: Actor, rec: int, level: str, text: str) -> None:
    assignment = (
        await Assignment.select(Assignment.id)
        .where((Assignment.recommendation == rec) & (Assignment.agency == focal.agency_id))
        .first()
    )
    saved = await save_response(
        focal,
        assignment["id"],
        ResponseIn(
            period="2026-S2",
            actions_taken=text,
            challenges="Rotación de personal.",
            assistance_needed="Capacitación en datos abiertos.",
            next_steps="Publicar trimestralmente.",
            target_date=dt.date(2027, 6, 30),
            proposed_level=level,
            submit=True,
        ),
    )
    await review_response(analyst, saved.id, ReviewIn(decision="accept"))


async def build_workflow(cast: dict[str, Actor]) -> dict[str, int]:
    """Two periods; a MESICIC and an OGP item answered by MINFIN and rated both ways."""
    analyst, minfin = cast["analyst"], cast["minfin"]
    await create_period(
        analyst,
        PeriodIn(
            code="2025-S2",
            starts_on=dt.date(2025, 7, 1),
            ends_on=dt.date(2025, 12, 31),
            response_deadline=dt.date(2026, 1, 31),
        ),
    )
    await create_period(
        analyst,
        PeriodIn(
            code="2026-S2",
            starts_on=dt.date(2026, 7, 1),
            ends_on=dt.date(2026, 12, 31),
            response_deadline=dt.date(2027, 1, 15),
        ),
        open_now=True,
    )
    mesicic, ogp = await recommendation_id(MESICIC_ITEM), await recommendation_id(OGP_ITEM)
    await assign(analyst, mesicic, AssignmentIn(agency="MINFIN", role="lead"))
    documents = {
        "self": {mesicic: None, ogp: None},
        "reviewer": {mesicic: await document_id("MESICIC"), ogp: await document_id("OGP")},
    }
    for rec, level, source in (
        (mesicic, "additional_attention", "self"),
        (mesicic, "additional_attention", "reviewer"),
        (ogp, "limited", "self"),
        (ogp, "limited", "reviewer"),
    ):
        await record_assessment(
            analyst,
            rec,
            AssessmentIn(period="2025-S2", level=level, source=source, document=documents[source][rec]),
        )
    await _answer(
        analyst, minfin, mesicic, "satisfactory", "Se aprobó el reglamento de conflictos de intereses."
    )
    await _answer(analyst, minfin, ogp, "substantial", "Se publicó el presupuesto abierto.")
    await record_assessment(
        analyst,
        ogp,
        AssessmentIn(period="2026-S2", level="limited", source="reviewer", document=await document_id("OGP")),
    )
    published = await register_evidence(
        analyst,
        ogp,
        EvidenceIn(
            title="Portal de presupuesto abierto",
            kind="link",
            url="https://www.minfin.gob.gt/",
            evidence_date=dt.date(2026, 10, 1),
            visibility="public",
        ),
    )
    await verify_evidence(analyst, published, "verified")  # a public report cites it once verified
    await register_evidence(
        analyst,
        ogp,
        EvidenceIn(
            title="Memorando interno reservado",
            kind="link",
            url="https://intranet.example/",
            evidence_date=dt.date(2026, 10, 2),
            visibility="internal",
        ),
    )
    return {"mesicic": mesicic, "ogp": ogp}


SECTION_TEXT = "Texto que la Comisión escribió para «%s»."
NARRATIVE = "Relato de la autoevaluación del Gobierno."


async def complete(analyst: Actor, report_id: int, as_of: dt.date = AS_OF) -> None:
    """Give a rendered draft all it lacks to be finalized (completeness.gaps), through the
    services: text for its required sections, a self-assessment narrative for each entry with
    no account (at its current level, else the scale's first), a translation for each entry in
    another language. Then render it again."""
    from commitments.reports.completeness import gaps
    from commitments.services.report_sections import list_sections, save_section
    from commitments.services.reports import render_report, report_model

    model = await report_model(analyst, report_id)
    found = gaps(model)
    sections = {s.key: s for s in await list_sections(analyst, report_id)}
    items = {item.code: item for part in model.sections for item in part.items}
    for gap in found:
        if gap.kind == "section":
            section = sections[gap.key]
            await save_section(analyst, report_id, gap.key, SECTION_TEXT % section.title, section.version)
        elif gap.kind == "account":
            await _account(analyst, items[gap.key], model.period.code)
        elif gap.kind == "translation":
            rec = await recommendation_id(gap.key)
            version = (
                await Recommendation.select(Recommendation.version).where(Recommendation.id == rec).first()
            )["version"]
            await save_translation(
                analyst,
                rec,
                model.locale,
                TranslationIn(text=f"Traducción de {gap.title}.", state="reviewed", version=version),
            )
    await render_report(report_id, actor=analyst, as_of=as_of)


async def _account(analyst: Actor, item, period: str) -> None:
    """The government's account of an entry: a self-assessment's narrative (at its current
    level, else its scale's first); for a kind that is not rated, an agency's accepted answer."""
    from commitments.queries.reference import cycle_levels

    rec = await recommendation_id(item.code)
    if not item.rated:
        await _accepted_answer(analyst, rec, period)
        return
    rating = item.ratings.self_current
    if rating is not None:
        level = rating.level.code
    else:
        row = await Recommendation.select(Recommendation.cycle).where(Recommendation.id == rec).first()
        level = (await cycle_levels(row["cycle"]))[0].code
    await record_assessment(
        analyst, rec, AssessmentIn(period=period, level=level, source="self", narrative=NARRATIVE)
    )


async def _accepted_answer(analyst: Actor, rec: int, period: str) -> None:
    from commitments.services.periods import set_open
    from commitments.tables import Period

    if not (await Period.select(Period.is_open).where(Period.code == period).first())["is_open"]:
        await set_open(analyst, period, True)  # an agency answers in an open period
    found = await Assignment.select(Assignment.id).where(Assignment.recommendation == rec).first()
    if found is None:
        assignment = await assign(analyst, rec, AssignmentIn(agency="COPRET", role="lead"))
    else:
        assignment = found["id"]
    saved = await save_response(
        analyst, assignment, ResponseIn(period=period, actions_taken=NARRATIVE, submit=True)
    )
    await review_response(analyst, saved.id, ReviewIn(decision="accept", comment="Conforme."))


async def complete_over_api(client, report_id: int) -> dict:
    """What `complete` does, through the HTTP API as a commission analyst's script would: ask
    finalize what is missing (422 with the list), write the sections, record the narratives and
    translations, render again. Returns the 422 body it started from."""
    from tests.web import csrf

    refused = await client.post(f"/api/v1/reports/{report_id}/finalize", headers=csrf(client))
    assert refused.status_code == 422, refused.text
    report = (await client.get(f"/api/v1/reports/{report_id}")).json()
    sections = {s["key"]: s for s in (await client.get(f"/api/v1/reports/{report_id}/sections")).json()}
    for gap in refused.json()["extra"]["missing"]:
        if gap["kind"] == "section":
            section = sections[gap["key"]]
            put = await client.put(
                f"/api/v1/reports/{report_id}/sections/{gap['key']}",
                headers=csrf(client),
                json={"text": SECTION_TEXT % section["title"], "version": section["version"]},
            )
            assert put.status_code == 200, put.text
            continue
        found = await client.get("/api/v1/recommendations", params={"q": gap["key"], "page_size": 5})
        rec = next(r for r in found.json()["items"] if r["code"] == gap["key"])
        if (
            gap["kind"] == "account"
            and not (await client.get(f"/api/v1/recommendations/{rec['id']}")).json()["rated"]
        ):
            await _accepted_answer_over_api(client, rec["id"], report["period"])
        elif gap["kind"] == "account":
            mechanism = (await client.get(f"/api/v1/mechanisms/{rec['mechanism']}")).json()
            cycle = next(c for c in mechanism["cycles"] if c["code"] == rec["cycle"])
            scale = cycle["scale"] or mechanism["scales"][0]["code"]
            levels = next(s["levels"] for s in mechanism["scales"] if s["code"] == scale)
            posted = await client.post(
                f"/api/v1/recommendations/{rec['id']}/assessments",
                headers=csrf(client),
                json={"period": report["period"], "level": levels[0]["code"], "narrative": NARRATIVE},
            )
            assert posted.status_code == 201, posted.text
        elif gap["kind"] == "translation":
            detail = (await client.get(f"/api/v1/recommendations/{rec['id']}")).json()
            put = await client.put(
                f"/api/v1/recommendations/{rec['id']}/translations/{report['locale']}",
                headers=csrf(client),
                json={
                    "version": detail["version"],
                    "text": f"Traducción de {gap['title']}.",
                    "state": "reviewed",
                },
            )
            assert put.status_code == 200, put.text
    rendered = await client.post(f"/api/v1/reports/{report_id}/render", headers=csrf(client))
    assert rendered.status_code == 202, rendered.text
    assert (await client.get(f"/api/v1/reports/{report_id}")).json()["render_state"] == "ready"
    return refused.json()


async def _accepted_answer_over_api(client, rec_id: int, period: str) -> None:
    """An agency's answer on an item that is not rated, entered and accepted by the commission."""
    from tests.web import csrf

    periods = {p["code"]: p for p in (await client.get("/api/v1/periods")).json()}
    if not periods[period]["open"]:  # an agency answers in an open period
        opened = await client.patch(f"/api/v1/periods/{period}", headers=csrf(client), json={"open": True})
        assert opened.status_code == 200, opened.text
    assigned = await client.post(
        f"/api/v1/recommendations/{rec_id}/assignments", headers=csrf(client), json={"agency": "COPRET"}
    )
    assert assigned.status_code == 201, assigned.text
    answered = await client.post(
        f"/api/v1/assignments/{assigned.json()['id']}/responses",
        headers=csrf(client),
        json={"period": period, "actions_taken": NARRATIVE, "submit": True},
    )
    assert answered.status_code in (200, 201), answered.text
    accepted = await client.post(
        f"/api/v1/responses/{answered.json()['id']}/review",
        headers=csrf(client),
        json={"decision": "accept", "comment": "Conforme."},
    )
    assert accepted.status_code in (200, 201), accepted.text


async def issue_complete(
    analyst: Actor, mechanism: str | None, period: str, locale: str, internal: bool = False
):
    """A final report: created, rendered, made complete (`complete`) and finalized."""
    from commitments.services.reports import finalize_report, issue_report

    draft = await issue_report(
        analyst, mechanism, workflow_cycle(mechanism), period, locale, internal, final=False, as_of=AS_OF
    )
    await complete(analyst, draft.id)
    return await finalize_report(analyst, draft.id)


# The cycles of the workflow's items: a report of one of these mechanisms covers that cycle
# (without one, a report covers the mechanism's latest cycle).
WORKFLOW_CYCLES = {"MESICIC": "R1", "OGP": "AP3"}


def workflow_cycle(mechanism: str | None) -> str | None:
    """The cycle of `build_workflow`'s items of a mechanism (None for the consolidated report)."""
    return WORKFLOW_CYCLES.get((mechanism or "").upper())


async def document_id(mechanism: str) -> int:
    """A review document the seeds register for the mechanism (the first, by id)."""
    from commitments.tables import ReviewDocument

    row = (
        await ReviewDocument.select(ReviewDocument.id)
        .where(ReviewDocument.mechanism._.code == mechanism)
        .order_by(ReviewDocument.id)
        .first()
    )
    assert row is not None, f"the seeds register no {mechanism} review document"
    return row["id"]

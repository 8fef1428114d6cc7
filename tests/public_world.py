"""A world for the public portal tests: public facts a visitor should read, and internal ones,
each carrying a unique marker, that must never reach a public page or file. No tests here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from commitments.actor import SYSTEM, Actor
from commitments.schemas import AssessmentIn, AssignmentIn, EvidenceIn, PeriodIn, ResponseIn, ReviewIn
from commitments.services.assessments import record_assessment
from commitments.services.assignments import assign
from commitments.services.evidence import upload_evidence, verify_evidence
from commitments.services.periods import create_period
from commitments.services.reports import issue_report
from commitments.services.responses import review_response, save_response
from commitments.services.users import actor_for_user, create_user
from commitments.tables import Assignment, Recommendation
from tests.report_helpers import document_id, issue_complete

ACCEPTED = "OGP-AP3-GT0079"  # MINFIN answered, the commission accepted
RETURNED = "OGP-AP3-GT0078"  # MINFIN answered, the commission returned it
DRAFTED = "COST-AR7-F-1"  # MINFIN's answer is still a draft
SAMPLE = "EITI-VAL2020-URGE-1"  # turned into a demo row
PUBLIC_EVIDENCE = "Decreto publicado en el Diario de Centro América PUB-7341"
LEAK_EMAIL = "fuga.7341@test.gt"
# Internal facts: none of these may appear on a public page or in any public file.
SECRETS = {
    "internal evidence": "Oficio reservado INT-7341",
    "internal evidence description": "Nota confidencial DESC-7341",
    "internal evidence file": "Contenido del archivo interno FILE-7341",
    "internal file name": "interno-7341.pdf",
    "rejected evidence": "Evidencia rechazada REJ-7341",
    "draft response": "Borrador de respuesta DRAFT-7341",
    "draft response evidence": "Anexo del borrador DRAFTEV-7341",
    "returned response": "Respuesta devuelta RET-7341",
    "review comment": "Comentario de revisión COMMENT-7341",
    "user email": LEAK_EMAIL,
    "cast email domain": "@test.gt",
    "sample recommendation": "Texto de ejemplo SAMPLE-7341",
    "hidden comment": "Comentario ofensivo HIDE-7341",
    "hiding reason": "Motivo del ocultamiento REASON-7341",
    "commenter email": "vecina.7341@example.org",
    "contest": "Impugnación interna CONTEST-7341",
    "contest answer": "Respuesta a la impugnación ANSWER-7341",
    "draft score note": "Nota en borrador DRAFTNOTE-7341",
    "sample rating": "Nota de ejemplo SAMPLEYEAR-7341",
    "sample roundtable": "Mesa de ejemplo SAMPLERT-7341",
    "sample activity": "Actividad de ejemplo SAMPLEACT-7341",
}
# Not internal by their own flags, but outside the public rule (commitments.publicity: public
# *and verified* evidence not hanging on an unaccepted response): never on a public page, in the
# open data or in a public report.
NOT_PUBLIC_EVIDENCE = {
    "unverified evidence": "Evidencia sin verificar PEND-7341",
    "returned response evidence": "Anexo devuelto RETEV-7341",
}
# Responses are not open data, but an issued report is the government's account: it prints the
# accepted response in full.
NOT_OPEN_DATA = {
    **NOT_PUBLIC_EVIDENCE,
    "accepted response challenge": "Dificultad interna CHAL-7341",
}


@dataclass
class PublicWorld:
    accepted: int
    returned: int
    drafted: int
    sample: int
    public_file: int
    internal_file: int
    hidden_evidence: list[int]
    final_report: int = 0
    internal_report: int = 0
    draft_report: int = 0
    consultation: int = 0  # the draft report's public consultation


async def _rec(code: str) -> int:
    return (await Recommendation.select(Recommendation.id).where(Recommendation.code == code).first())["id"]


async def _assignment(rec: int, agency_id: int | None) -> int:
    return (
        await Assignment.select(Assignment.id)
        .where((Assignment.recommendation == rec) & (Assignment.agency == agency_id))
        .first()
    )["id"]


async def _evidence(
    actor: Actor,
    analyst: Actor,
    rec: int,
    title: str,
    verdict: str,
    visibility: str = "public",
    response: int | None = None,
    content: bytes | None = None,
    name: str = "",
    description: str = "",
) -> int:
    data = EvidenceIn(
        title=title,
        kind="document",
        visibility=visibility,
        response=response,
        url="" if content else "https://example.org/e",
        description=description,
        evidence_date=dt.date(2026, 10, 1),
    )
    evidence_id = await upload_evidence(actor, rec, data, content, name)
    if verdict != "pending":
        await verify_evidence(
            analyst, evidence_id, verdict, "no corresponde" if verdict == "rejected" else ""
        )
    return evidence_id


async def _periods(analyst: Actor) -> None:
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


async def _responses(analyst: Actor, minfin: Actor, ids: dict[str, int]) -> dict[str, int]:
    """Accepted, returned and draft answers by MINFIN in 2026-S2; their response ids."""
    await assign(analyst, ids["drafted"], AssignmentIn(agency="MINFIN"))
    found = {}
    for key, text, submit in (
        ("accepted", "Se publicó el manual de transparencia fiscal.", True),
        ("returned", SECRETS["returned response"], True),
        ("drafted", SECRETS["draft response"], False),
    ):
        saved = await save_response(
            minfin,
            await _assignment(ids[key], minfin.agency_id),
            ResponseIn(
                period="2026-S2",
                actions_taken=text,
                challenges=NOT_OPEN_DATA["accepted response challenge"] if key == "accepted" else "",
                submit=submit,
                proposed_level=None if key == "drafted" else "substantial",
            ),
        )
        found[key] = saved.id
    await review_response(analyst, found["accepted"], ReviewIn(decision="accept", level="substantial"))
    await review_response(
        analyst, found["returned"], ReviewIn(decision="return", comment=SECRETS["review comment"])
    )
    return found


async def build_public_world(cast: dict[str, Actor], reports: bool = False) -> PublicWorld:
    analyst, minfin = cast["analyst"], cast["minfin"]
    leaker = await actor_for_user(
        await create_user(SYSTEM, LEAK_EMAIL, "long passphrase 7341", "focal_point", "MINFIN")
    )
    assert leaker is not None
    await _periods(analyst)
    ids = {
        "accepted": await _rec(ACCEPTED),
        "returned": await _rec(RETURNED),
        "drafted": await _rec(DRAFTED),
        "sample": await _rec(SAMPLE),
    }
    await Recommendation.update(
        {Recommendation.sample: True, Recommendation.text: SECRETS["sample recommendation"]}
    ).where(Recommendation.id == ids["sample"])
    for period, source, level in (("2025-S2", "self", "limited"), ("2025-S2", "reviewer", "not_started")):
        document = await document_id("OGP") if source == "reviewer" else None
        await record_assessment(
            analyst,
            ids["accepted"],
            AssessmentIn(period=period, level=level, source=source, document=document),
        )
    responses = await _responses(analyst, minfin, ids)
    rec = ids["accepted"]
    public_file = await _evidence(
        leaker,
        analyst,
        rec,
        PUBLIC_EVIDENCE,
        "verified",
        content=b"%PDF-1.4 decreto publico",
        name="decreto.pdf",
    )
    internal_file = await _evidence(
        leaker,
        analyst,
        rec,
        SECRETS["internal evidence"],
        "verified",
        visibility="internal",
        content=b"%PDF-1.4 " + SECRETS["internal evidence file"].encode(),
        name=SECRETS["internal file name"],
        description=SECRETS["internal evidence description"],
    )
    hidden = [
        internal_file,
        await _evidence(minfin, analyst, rec, NOT_OPEN_DATA["unverified evidence"], "pending"),
        await _evidence(minfin, analyst, rec, SECRETS["rejected evidence"], "rejected"),
        await _evidence(
            minfin,
            analyst,
            ids["drafted"],
            SECRETS["draft response evidence"],
            "verified",
            response=responses["drafted"],
            content=b"%PDF-1.4 borrador",
            name="borrador.pdf",
        ),
        await _evidence(
            minfin,
            analyst,
            ids["returned"],
            NOT_OPEN_DATA["returned response evidence"],
            "verified",
            response=responses["returned"],
        ),
    ]
    world = PublicWorld(
        ids["accepted"], ids["returned"], ids["drafted"], ids["sample"], public_file, internal_file, hidden
    )
    if reports:  # rendering PDFs takes seconds: only for the tests that need them
        world.final_report = (await issue_complete(analyst, "OGP", "2026-S2", "es")).id
        world.internal_report = (await issue_complete(analyst, "OGP", "2026-S2", "en", internal=True)).id
        world.draft_report = (await issue_report(analyst, "COST", None, "2026-S2", "es", final=False)).id
        world.consultation = await _consultation(analyst, world.draft_report)
        await _instruments(cast)
    return world


async def _consultation(analyst: Actor, report: int) -> int:
    """The draft report in public consultation: a comment shown (its author left an address),
    and an abusive one hidden with a reason."""
    from commitments.schemas import CommentIn, ConsultationIn, HideIn
    from commitments.services.consultations import hide_comment, open_consultation, post_comment

    consultation = await open_consultation(analyst, report, ConsultationIn())
    shown = CommentIn(body="Comentario público PUBCOM-7341", email=SECRETS["commenter email"])
    await post_comment(consultation, shown, "192.0.2.10")
    hidden = await post_comment(consultation, CommentIn(body=SECRETS["hidden comment"]), "192.0.2.10")
    await hide_comment(analyst, hidden, HideIn(reason=SECRETS["hiding reason"]))
    return consultation


async def _instruments(cast: dict[str, Actor]) -> None:
    """A public roundtable beside a sample one; a published rating whose contest stays
    internal, a rating still in review and a published sample one, each with a marker."""
    from commitments import clock
    from commitments.roundtables.schemas import ActivityIn, RoundtableIn
    from commitments.roundtables.service import add_activity, create_roundtable
    from commitments.scorecard import scoring, years
    from commitments.scorecard.schemas import AnswerIn, ContestIn
    from tests.scorecard_world import after_window, published_year, scored_year

    analyst, minfin = cast["analyst"], cast["minfin"]
    real = await create_roundtable(
        analyst, RoundtableIn(code="PUB-RT", topic_es="Mesa pública", recommendations=[ACCEPTED])
    )
    await add_activity(analyst, real, ActivityIn(description_es=SECRETS["sample activity"], sample=True))
    await create_roundtable(
        analyst, RoundtableIn(code="SAMPLE-RT", topic_es=SECRETS["sample roundtable"], sample=True)
    )
    await scored_year(analyst, 2041, ["MINFIN", "SAT"])
    contest = await scoring.contest(
        minfin, 2041, "MINFIN", ContestIn(criterion="1.1", reason=SECRETS["contest"])
    )
    await scoring.answer(
        analyst, 2041, contest, AnswerIn(decision="rejected", answer=SECRETS["contest answer"])
    )
    with clock.pinned(after_window()):
        await years.publish(analyst, 2041)
    await scored_year(analyst, 2042, ["MINFIN"], note=SECRETS["draft score note"])
    await published_year(analyst, 2043, ["MINFIN"], note=SECRETS["sample rating"], sample=True)


@pytest.fixture(name="public_world")
async def public_world_fixture(cast: dict[str, Actor]) -> PublicWorld:
    return await build_public_world(cast)


@pytest.fixture(name="public_world_with_reports")
async def public_world_with_reports_fixture(cast: dict[str, Actor]) -> PublicWorld:
    return await build_public_world(cast, reports=True)

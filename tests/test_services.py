"""Core writes: each checks its actor, runs in one transaction and is audited."""

import datetime as dt

import pytest

from commitments.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from commitments.schemas import (
    AssessmentIn,
    AssignmentIn,
    CycleIn,
    EvidenceIn,
    PeriodIn,
    RecommendationIn,
    RecommendationPatch,
    ResponseIn,
    ReviewIn,
)
from commitments.services.assessments import record_assessment
from commitments.services.assignments import assign, unassign
from commitments.services.evidence import register_evidence, verify_evidence
from commitments.services.periods import create_period, set_open
from commitments.services.recommendations import (
    create_cycle,
    create_recommendation,
    link_recommendations,
    update_recommendation,
)
from commitments.services.responses import review_response, save_response
from commitments.tables import (
    Assignment,
    AuditEvent,
    Period,
    RatingLevel,
    Recommendation,
    RecommendationLink,
    Response,
)
from tests.report_helpers import document_id

NEW = RecommendationIn(
    mechanism="MESICIC",
    cycle="R1",
    reference="TEST-1",
    text="Fortalecer los sistemas de contratación.",
    language="es",
)


async def _rec_id(code: str) -> int:
    return (await Recommendation.select(Recommendation.id).where(Recommendation.code == code).first())["id"]


async def _last_event() -> dict:
    return await AuditEvent.select().order_by(AuditEvent.seq, ascending=False).first()


async def _open_period(actor, code="2030-S1") -> None:
    await create_period(
        actor,
        PeriodIn(
            code=code,
            starts_on=dt.date(2030, 1, 1),
            ends_on=dt.date(2030, 6, 30),
            response_deadline=dt.date(2030, 7, 15),
        ),
        open_now=True,
    )


async def test_analyst_creates_a_recommendation_with_derived_code_and_audit(cast):
    new_id = await create_recommendation(cast["analyst"], NEW)
    row = await Recommendation.select().where(Recommendation.id == new_id).first()
    assert row["code"] == "MESICIC-R1-TEST-1"
    event = await _last_event()
    assert (event["action"], event["actor"], event["entity_id"]) == (
        "recommendation.create",
        "analista@test.gt",
        "MESICIC-R1-TEST-1",
    )


@pytest.mark.parametrize(
    "who,error", [("reviewer", Forbidden), ("minfin", Forbidden), ("anonymous", Unauthenticated)]
)
async def test_only_the_commission_writes_the_catalogue(cast, who, error):
    before = await Recommendation.count()
    with pytest.raises(error):
        await create_recommendation(cast[who], NEW)
    assert await Recommendation.count() == before


async def test_duplicate_code_is_a_conflict_and_nothing_is_written(cast):
    await create_recommendation(cast["analyst"], NEW)
    events = await AuditEvent.count()
    with pytest.raises(Conflict):
        await create_recommendation(cast["analyst"], NEW)
    assert await AuditEvent.count() == events


@pytest.mark.parametrize(
    "change,message",
    [
        ({"cycle": "R99"}, "ciclo desconocido"),
        ({"mechanism": "XYZ"}, "mecanismo desconocido"),
        ({"parent": "nope"}, "no existe la recomendación madre"),
        ({"provision": "IX.99"}, "disposición desconocida"),
    ],
)
async def test_unknown_references_are_named(cast, change, message):
    with pytest.raises(InvalidInput, match=message):
        await create_recommendation(cast["analyst"], NEW.model_copy(update=change))


async def test_measure_belongs_to_its_parent(cast):
    parent = await create_recommendation(cast["analyst"], NEW)
    child = await create_recommendation(
        cast["analyst"], NEW.model_copy(update={"reference": "TEST-1.a", "parent": "TEST-1"})
    )
    row = await Recommendation.select(Recommendation.parent).where(Recommendation.id == child).first()
    assert row["parent"] == parent


async def test_stale_update_is_a_conflict_not_an_overwrite(cast):
    rec = await create_recommendation(cast["analyst"], NEW)
    version = await update_recommendation(
        cast["analyst"], rec, RecommendationPatch(version=1, theme="procurement")
    )
    assert version == 2
    with pytest.raises(Conflict, match="otra persona cambió"):
        await update_recommendation(cast["analyst"], rec, RecommendationPatch(version=1, theme="integrity"))
    row = await Recommendation.select(Recommendation.theme).where(Recommendation.id == rec).first()
    assert row["theme"] == "procurement"


async def test_linking_is_stored_once_per_pair(cast):
    a, b = await _rec_id("OGP-AP3-GT0079"), await _rec_id("MESICIC-R1-III.1-1.1")
    await link_recommendations(cast["analyst"], b, a, "same_reform")
    assert await RecommendationLink.count() == 1
    with pytest.raises(Conflict):
        await link_recommendations(cast["analyst"], a, b)
    with pytest.raises(InvalidInput):
        await link_recommendations(cast["analyst"], a, a)


async def test_cycle_creation_checks_mechanism_and_duplicates(cast):
    await create_cycle(cast["analyst"], CycleIn(mechanism="mesicic", code="R7", name="Séptima"))
    with pytest.raises(Conflict):
        await create_cycle(cast["analyst"], CycleIn(mechanism="MESICIC", code="R7"))
    with pytest.raises(InvalidInput):
        await create_cycle(cast["analyst"], CycleIn(mechanism="NOPE", code="R1"))


async def test_assign_and_unassign_agency(cast):
    rec = await _rec_id("MESICIC-R1-III.1-1.1")
    assignment = await assign(cast["analyst"], rec, AssignmentIn(agency="sat", role="support"))
    with pytest.raises(Conflict):
        await assign(cast["analyst"], rec, AssignmentIn(agency="SAT"))
    with pytest.raises(InvalidInput, match="institución desconocida"):
        await assign(cast["analyst"], rec, AssignmentIn(agency="NOPE"))
    with pytest.raises(NotFound):  # another agency's assignment does not exist for MINFIN
        await unassign(cast["minfin"], assignment)
    with pytest.raises(Forbidden):
        await unassign(cast["sat"], assignment)
    await unassign(cast["analyst"], assignment)
    assert not await Assignment.exists().where(Assignment.id == assignment)


async def test_period_dates_are_checked_and_periods_open_and_close(cast):
    with pytest.raises(InvalidInput):
        await create_period(
            cast["analyst"],
            PeriodIn(
                code="BAD",
                starts_on=dt.date(2030, 6, 1),
                ends_on=dt.date(2030, 1, 1),
                response_deadline=dt.date(2030, 7, 1),
            ),
        )
    await _open_period(cast["analyst"])
    await set_open(cast["analyst"], "2030-S1", False)
    row = await Period.select(Period.is_open).where(Period.code == "2030-S1").first()
    assert row["is_open"] is False
    with pytest.raises(NotFound):
        await set_open(cast["analyst"], "1999-S1", True)


async def test_self_assessment_sets_the_current_level_but_reviewer_rating_does_not(cast):
    await _open_period(cast["analyst"])
    rec = await _rec_id("OGP-AP3-GT0079")
    await record_assessment(cast["analyst"], rec, AssessmentIn(period="2030-S1", level="limited"))
    await record_assessment(
        cast["analyst"],
        rec,
        AssessmentIn(
            period="2030-S1", level="complete", source="reviewer", document=await document_id("OGP")
        ),
    )
    row = (
        await Recommendation.select(Recommendation.current_level.code).where(Recommendation.id == rec).first()
    )
    assert row["current_level.code"] == "limited"
    with pytest.raises(InvalidInput, match="escala"):
        await record_assessment(cast["analyst"], rec, AssessmentIn(period="2030-S1", level="satisfactory"))


async def _minfin_assignment() -> int:
    row = (
        await Assignment.select(Assignment.id)
        .where((Assignment.agency.code == "MINFIN") & (Assignment.recommendation.code == "OGP-AP3-GT0079"))
        .first()
    )
    return row["id"]


async def test_focal_point_answers_and_analyst_returns_then_accepts(cast):
    await _open_period(cast["analyst"])
    assignment = await _minfin_assignment()
    answer = ResponseIn(period="2030-S1", actions_taken="Se publicó.", proposed_level="limited", submit=True)
    saved = await save_response(cast["minfin"], assignment, answer)
    with pytest.raises(Conflict):
        await save_response(cast["minfin"], assignment, answer)
    await review_response(cast["analyst"], saved.id, ReviewIn(decision="return", comment="Falta evidencia"))
    again = await save_response(cast["minfin"], assignment, answer)
    assert again.id == saved.id
    await review_response(cast["analyst"], saved.id, ReviewIn(decision="accept"))
    row = await Response.select(Response.state).where(Response.id == saved.id).first()
    assert row["state"] == "accepted"
    level = (
        await Recommendation.select(Recommendation.current_level.code)
        .where(Recommendation.code == "OGP-AP3-GT0079")
        .first()
    )
    assert level["current_level.code"] == "limited"


async def test_sat_focal_point_cannot_answer_minfins_assignment(cast):
    await _open_period(cast["analyst"])
    with pytest.raises(NotFound):
        await save_response(
            cast["sat"], await _minfin_assignment(), ResponseIn(period="2030-S1", actions_taken="x")
        )


async def test_reviewer_cannot_answer_and_return_needs_a_comment(cast):
    await _open_period(cast["analyst"])
    assignment = await _minfin_assignment()
    with pytest.raises(Forbidden):
        await save_response(cast["reviewer"], assignment, ResponseIn(period="2030-S1"))
    saved = await save_response(
        cast["minfin"], assignment, ResponseIn(period="2030-S1", actions_taken="Hecho", submit=True)
    )
    with pytest.raises(InvalidInput):
        await review_response(cast["analyst"], saved.id, ReviewIn(decision="return"))
    with pytest.raises(InvalidInput, match="nivel"):
        await review_response(cast["analyst"], saved.id, ReviewIn(decision="accept"))


async def test_closed_period_takes_no_answers(cast):
    await _open_period(cast["analyst"])
    await set_open(cast["analyst"], "2030-S1", False)
    with pytest.raises(Conflict, match="cerrado"):
        await save_response(
            cast["minfin"], await _minfin_assignment(), ResponseIn(period="2030-S1", actions_taken="x")
        )


async def test_evidence_metadata_and_verification(cast):
    rec = await _rec_id("OGP-AP3-GT0079")
    evidence = await register_evidence(
        cast["minfin"], rec, EvidenceIn(title="Acuerdo", kind="law", url="https://example.org/acuerdo")
    )
    with pytest.raises(NotFound):
        await register_evidence(cast["sat"], rec, EvidenceIn(title="x", url="https://e.org"))
    with pytest.raises(Forbidden):
        await register_evidence(cast["reviewer"], rec, EvidenceIn(title="x", url="https://e.org"))
    with pytest.raises(InvalidInput):
        await register_evidence(cast["analyst"], rec, EvidenceIn(title="no file or url"))
    with pytest.raises(Forbidden):
        await verify_evidence(cast["minfin"], evidence, "verified")
    await verify_evidence(cast["analyst"], evidence, "verified")
    with pytest.raises(InvalidInput):
        await verify_evidence(cast["analyst"], evidence, "maybe")


async def test_every_level_maps_to_a_normalised_state(cast):
    for row in await RatingLevel.select(RatingLevel.state, RatingLevel.progress):
        assert (row["progress"] is None) == (row["state"] == "not_applicable")

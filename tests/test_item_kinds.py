"""What the record can say about an item: its kind in its mechanism's vocabulary, the fields of
that kind, whether it is rated, and the verbatim status of its text; checked the same way by the
importer, the API and the services."""

from __future__ import annotations

import datetime as dt

import pytest

from commitments import kinds
from commitments.errors import InvalidInput
from commitments.imports import import_file
from commitments.item_rules import check_item, settle_states
from commitments.schemas import AssessmentIn, PeriodIn, RecommendationIn
from commitments.services.assessments import record_assessment
from commitments.services.periods import create_period
from commitments.services.recommendations import create_recommendation
from commitments.tables import Recommendation
from tests.catalogue_files import csv_bytes
from tests.web import csrf, login

OGP_VALUES = frozenset({"ATI", "CP", "PA", "TI"})


def _checked(mechanism: str, **values):
    given = {"language": "es", "kind": "", **values}
    return check_item(mechanism, given, frozenset(given), OGP_VALUES)


def test_each_mechanism_has_its_own_kinds_and_a_default():
    assert kinds.default_kind("MESICIC") == "recommendation"
    assert kinds.default_kind("OGP") == "commitment"
    assert kinds.default_kind("STAR") == "engagement"
    assert kinds.is_kind_of("EITI", "corrective_action") and not kinds.is_kind_of(
        "MESICIC", "corrective_action"
    )
    values, _present, problems = _checked("OGP")
    assert values["kind"] == "commitment" and not problems


def test_findings_inform_and_star_rates_nothing():
    assert not kinds.is_rated("COST", "finding") and kinds.is_rated("COST", "recommendation")
    assert not kinds.rates_anything("STAR") and kinds.rates_anything("OGP")
    assert not kinds.needs_account("finding") and kinds.needs_account("engagement")


def test_a_kind_outside_the_mechanisms_vocabulary_is_refused_by_name():
    _values, _present, problems = _checked("MESICIC", kind="milestone")
    assert [p.field for p in problems] == ["kind"]
    assert problems[0].params["value"] == "milestone" and "suggested_measure" in problems[0].params["kinds"]


@pytest.mark.parametrize(
    ("mechanism", "field", "value", "problem"),
    [
        ("MESICIC", "project", "Carretera", "no corresponde"),
        ("COST", "stage", "construction", "valor desconocido"),
        ("STAR", "workstreams", "training;lobbying", "valor desconocido"),
        ("OGP", "ogp_values", "ATI;XX", "valor desconocido"),
        ("EITI", "counterpart", "Suiza", "no corresponde"),
    ],
)
def test_kind_fields_belong_to_their_mechanism_and_their_vocabularies(mechanism, field, value, problem):
    _values, _present, problems = _checked(mechanism, **{field: value})
    assert problems and problems[0].field == field and problem in problems[0].message


def test_lists_are_normalised_and_dates_must_be_in_order():
    values, _present, problems = _checked("OGP", ogp_values=" ati ; tI ")
    assert values["ogp_values"] == "ATI;TI" and not problems
    _values, _present, problems = _checked("OGP", starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 1, 1))
    assert [p.field for p in problems] == ["ends_on"]


def test_the_verbatim_status_names_one_of_its_words_and_may_carry_a_note():
    _values, _present, problems = _checked("MESICIC", verbatim_status="verbatim (title only)")
    assert not problems
    assert kinds.verbatim_text("verbatim (title only)", "es") == "Texto oficial (title only)"
    assert kinds.verbatim_text("official_summary", "en") == "Official summary"
    _values, _present, problems = _checked("MESICIC", verbatim_status="paraphrased")
    assert [p.field for p in problems] == ["verbatim_status"]


def test_translation_slots_take_the_older_column_and_refuse_the_originals_language():
    values, present, problems = _checked("MESICIC", language="en", text_translated="Traducción")
    assert values["translation_es"] == "Traducción" and "translation_es" in present and not problems
    _values, _present, problems = _checked("MESICIC", language="es", translation_es="Lo mismo")
    assert [p.field for p in problems] == ["translation_es"]
    _values, _present, problems = _checked(
        "MESICIC", language="en", text_translated="Una", translation_es="Otra"
    )
    assert [p.field for p in problems] == ["text_translated"]


def test_a_translations_state_follows_its_text_unless_given():
    stored = {
        "translation_es": "Texto",
        "translation_state_es": "reviewed",
        "translation_en": "",
        "translation_state_en": "missing",
    }
    same = {"translation_es": "Texto"}
    assert not settle_states(same, frozenset(same), stored) and same["translation_state_es"] == "reviewed"
    changed = {"translation_es": "Texto corregido"}
    settle_states(changed, frozenset(changed), stored)
    assert changed["translation_state_es"] == "draft"
    cleared = {"translation_es": ""}
    settle_states(cleared, frozenset(cleared), stored)
    assert cleared["translation_state_es"] == "missing"
    wrong = {"translation_en": "", "translation_state_en": "reviewed"}
    assert [p.field for p in settle_states(wrong, frozenset(wrong), stored)] == ["translation_state_en"]


async def test_an_import_row_with_a_foreign_kind_or_field_lists_each_error_and_writes_nothing(cast):
    before = await Recommendation.count()
    data = csv_bytes(
        [
            {"mechanism": "COST", "cycle": "AR9", "reference": "F-9", "text": "x", "kind": "milestone"},
            {"mechanism": "COST", "cycle": "AR9", "reference": "F-10", "text": "x", "disclosure_rate": "140"},
            {"mechanism": "MESICIC", "cycle": "R9", "reference": "1", "text": "x", "counterpart": "Suiza"},
        ],
        header=["mechanism", "cycle", "reference", "text", "kind", "disclosure_rate", "counterpart"],
    )
    result = await import_file(cast["analyst"], "kinds.csv", data)
    assert {(e.row, e.column) for e in result.errors} == {
        (2, "kind"),
        (3, "disclosure_rate"),
        (4, "counterpart"),
    }
    assert await Recommendation.count() == before


async def test_an_import_gives_new_items_their_mechanisms_kind_and_keeps_kind_fields(cast):
    data = csv_bytes(
        [
            {
                "mechanism": "OGP",
                "cycle": "AP9",
                "reference": "GT9001",
                "text": "Compromiso de prueba",
                "starts_on": "2027-01-01",
                "ends_on": "2028-06-30",
                "ogp_values": "ATI;CP",
            },
            {
                "mechanism": "COST",
                "cycle": "AR9",
                "reference": "F-1",
                "text": "Hallazgo de prueba",
                "kind": "finding",
                "stage": "procurement",
                "disclosure_rate": "61",
                "procuring_entity": "CIV",
            },
        ],
        header=[
            "mechanism",
            "cycle",
            "reference",
            "text",
            "kind",
            "starts_on",
            "ends_on",
            "ogp_values",
            "stage",
            "disclosure_rate",
            "procuring_entity",
        ],  # fmt: skip
    )
    result = await import_file(cast["analyst"], "kinds.csv", data)
    assert not result.errors, result.errors
    rows = {
        r["code"]: r
        for r in await Recommendation.select().where(
            Recommendation.code.is_in(["OGP-AP9-GT9001", "COST-AR9-F-1"])
        )
    }
    assert rows["OGP-AP9-GT9001"]["kind"] == "commitment" and rows["OGP-AP9-GT9001"]["ogp_values"] == "ATI;CP"
    assert rows["OGP-AP9-GT9001"]["ends_on"] == dt.date(2028, 6, 30)
    assert rows["COST-AR9-F-1"]["disclosure_rate"] == 61 and rows["COST-AR9-F-1"]["stage"] == "procurement"
    again = await import_file(cast["analyst"], "kinds.csv", data)
    assert (again.created, again.updated) == (0, 0)


async def test_a_finding_is_never_rated_on_the_scale(cast):
    await create_period(
        cast["analyst"],
        PeriodIn(
            code="2031-S1",
            starts_on=dt.date(2031, 1, 1),
            ends_on=dt.date(2031, 6, 30),
            response_deadline=dt.date(2031, 7, 31),
        ),
    )
    finding = (
        await Recommendation.select(Recommendation.id).where(Recommendation.code == "COST-AR7-F-1").first()
    )
    with pytest.raises(InvalidInput, match="no valora"):
        await record_assessment(
            cast["analyst"], finding["id"], AssessmentIn(period="2031-S1", level="implemented")
        )


async def test_the_api_refuses_a_kind_of_another_mechanism_with_its_field(client):
    await login(client, "analyst")
    bad = await client.post(
        "/api/v1/recommendations",
        headers=csrf(client),
        json={"mechanism": "MESICIC", "cycle": "R1", "reference": "9.9", "text": "x", "kind": "commitment"},
    )
    assert bad.status_code == 422 and bad.json()["extra"]["field"] == "kind"
    mechanism = (await client.get("/api/v1/mechanisms/EITI")).json()
    assert mechanism["kinds"][0] == "corrective_action" and "finding" not in mechanism["rated_kinds"]
    assert [s["code"] for s in mechanism["scales"]] == ["EITI", "EITI-2016"]
    assert (await client.get("/api/v1/mechanisms/STAR")).json()["levels"] == []


async def test_a_new_recommendation_through_the_service_takes_the_default_kind(cast):
    new = await create_recommendation(
        cast["analyst"], RecommendationIn(mechanism="OGP", cycle="AP3", reference="GT9002", text="Compromiso")
    )
    row = await Recommendation.select(Recommendation.kind).where(Recommendation.id == new).first()
    assert row["kind"] == "commitment"

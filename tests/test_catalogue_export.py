"""Open data export: public fields only, formulas neutralised, schema-valid, round-trippable."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import jsonschema
import pytest
from openpyxl import load_workbook

from commitments import clock
from commitments.errors import InvalidInput
from commitments.imports import (
    data_dictionary,
    export_recommendations,
    import_file,
    json_schema,
)
from commitments.imports.columns import IMPORTED
from commitments.schemas import AssessmentIn, AssignmentIn, EvidenceIn, PeriodIn, ResponseIn
from commitments.services.assessments import record_assessment
from commitments.services.assignments import assign
from commitments.services.evidence import register_evidence, verify_evidence
from commitments.services.periods import create_period
from commitments.services.responses import save_response
from commitments.tables import Recommendation
from tests.catalogue_files import csv_bytes, row

HOSTILE = [
    '=HYPERLINK("http://evil.example","clic")',
    "+502 2222-0000",
    "-5% de avance",
    "@SUM(A1)",
    "'=ya con apóstrofo",
    "\tTabulado",
]


def csv_records(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def rec_id(code: str) -> int:
    return (await Recommendation.select(Recommendation.id).where(Recommendation.code == code).first())["id"]


async def import_hostile(actor) -> None:
    rows = [row(str(i), text=text, agencies="MINFIN;SAT") for i, text in enumerate(HOSTILE, 1)]
    result = await import_file(actor, "hostile.csv", csv_bytes(rows))
    assert result.created == len(HOSTILE)


async def test_csv_export_has_the_dictionary_columns_and_every_seed(cast):
    records = csv_records(await export_recommendations("csv"))
    names = [field.name for field in data_dictionary()]
    assert list(records[0]) == names
    assert set(IMPORTED) <= set(names)
    assert len(records) == 46
    assert len({r["code"] for r in records}) == 46 and all(r["id"].isdigit() for r in records)


async def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cast):
    await import_hostile(cast["analyst"])
    texts = {r["code"]: r["text"] for r in csv_records(await export_recommendations("csv"))}
    assert [texts[f"OGP-AP9-{i}"] for i in range(1, 7)] == [
        '\'=HYPERLINK("http://evil.example","clic")',
        "'+502 2222-0000",
        "'-5% de avance",
        "'@SUM(A1)",
        "'=ya con apóstrofo",
        "Tabulado",
    ]  # the import stripped those two


async def test_xlsx_cells_are_text_never_formulas(cast):
    await import_hostile(cast["analyst"])
    sheet = load_workbook(io.BytesIO(await export_recommendations("xlsx"))).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    text_column = header.index("text")
    cells = [r[text_column] for r in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type != "f" for cell in cells)
    assert '\'=HYPERLINK("http://evil.example","clic")' in [cell.value for cell in cells]


async def test_json_export_validates_against_the_shipped_schema(cast):
    await import_hostile(cast["analyst"])
    document = json.loads(await export_recommendations("json"))
    jsonschema.validate(document, json_schema())
    assert document["count"] == len(document["recommendations"]) == 52
    properties = json_schema()["$defs"]["recommendation"]["properties"]
    assert list(properties) == [field.name for field in data_dictionary()]
    hostile = next(r for r in document["recommendations"] if r["code"] == "OGP-AP9-1")
    assert hostile["text"] == HOSTILE[0]  # JSON is not a spreadsheet: text stays as it is
    assert hostile["agencies"] == ["MINFIN", "SAT"]


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
async def test_export_then_import_changes_nothing(cast, fmt):
    await import_hostile(cast["analyst"])
    await import_file(
        cast["analyst"],
        "p.csv",
        csv_bytes([row("P.1", parent="P", due_on="2027-01-31", agencies="CGC"), row("P")]),
    )
    second_lead = await rec_id("OGP-AP9-P")
    await assign(cast["analyst"], second_lead, AssignmentIn(agency="MP", role="lead"))
    await assign(cast["analyst"], second_lead, AssignmentIn(agency="SAT", role="lead"))
    data = await export_recommendations(fmt)
    result = await import_file(cast["analyst"], f"open-data.{fmt}", data)
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 54)


async def test_unknown_format_is_refused(cast):
    with pytest.raises(InvalidInput):
        await export_recommendations("pdf")


async def _workflow(cast) -> int:
    """A recommendation with an assessment, public and internal evidence and a draft response."""
    analyst, minfin = cast["analyst"], cast["minfin"]
    await import_file(analyst, "r.csv", csv_bytes([row("1", agencies="MINFIN")]))
    recommendation = await rec_id("OGP-AP9-1")
    await create_period(
        analyst,
        PeriodIn(
            code="2030-S1",
            starts_on=dt.date(2030, 1, 1),
            ends_on=dt.date(2030, 6, 30),
            response_deadline=dt.date(2030, 7, 15),
        ),
        open_now=True,
    )
    await record_assessment(
        analyst,
        recommendation,
        AssessmentIn(period="2030-S1", level="substantial", narrative="NARRATIVA INTERNA"),
    )
    assignment = (
        await Recommendation.raw("SELECT id FROM assignment WHERE recommendation = {}", recommendation)
    )[0]["id"]
    draft = await save_response(
        minfin, assignment, ResponseIn(period="2030-S1", actions_taken="BORRADOR SECRETO")
    )
    evidence = [
        ("Ley publicada", "public", "https://example.org/ley", None, "verified"),
        ("Pendiente", "public", "https://example.org/pendiente", None, "pending"),
        ("Memo interno", "internal", "https://example.org/memo", None, "verified"),
        ("Anexo del borrador", "public", "https://example.org/borrador", draft.id, "verified"),
    ]
    for title, visibility, url, response, verification in evidence:
        actor = minfin if response else analyst
        evidence_id = await register_evidence(
            actor,
            recommendation,
            EvidenceIn(title=title, kind="link", url=url, visibility=visibility, response=response),
        )
        if verification != "pending":
            await verify_evidence(
                analyst, evidence_id, verification, "no corresponde" if verification == "rejected" else ""
            )
    return recommendation


async def test_export_carries_public_status_and_only_verified_public_evidence(cast):
    recommendation = await _workflow(cast)
    document = json.loads(await export_recommendations("json"))
    record = next(r for r in document["recommendations"] if r["id"] == recommendation)
    assert (record["state"], record["level"], record["level_es"], record["level_en"], record["progress"]) == (
        "substantial",
        "substantial",
        "Sustancial",
        "Substantial",
        75,
    )
    assert record["last_assessment_on"] == clock.today().isoformat()
    assert [e["title"] for e in record["public_evidence"]] == ["Ley publicada"]
    csv_record = next(
        r for r in csv_records(await export_recommendations("csv")) if r["id"] == str(recommendation)
    )
    assert csv_record["public_evidence"] == "https://example.org/ley"


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
async def test_nothing_internal_or_personal_leaves_through_an_export(cast, fmt):
    await _workflow(cast)
    data = await export_recommendations(fmt)
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        data = "\n".join(str(c.value) for r in sheet.iter_rows() for c in r).encode()
    text = data.decode("utf-8")
    for secret in (
        "BORRADOR SECRETO",
        "NARRATIVA INTERNA",
        "Memo interno",
        "memo",
        "Pendiente",
        "borrador",
        "@test.gt",
        "password",
    ):
        assert secret not in text


async def test_demo_samples_are_left_out_of_open_data(cast):
    await import_file(cast["analyst"], "r.csv", csv_bytes([row("1")]))
    await Recommendation.update({Recommendation.sample: True}).where(Recommendation.code == "OGP-AP9-1")
    public = json.loads(await export_recommendations("json"))
    everything = json.loads(await export_recommendations("json", public_only=False))
    assert "OGP-AP9-1" not in [r["code"] for r in public["recommendations"]]
    assert "OGP-AP9-1" in [r["code"] for r in everything["recommendations"]]

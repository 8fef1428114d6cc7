"""Importing good catalogue files: upsert by code, cycles, parents, agencies, dry runs, audit."""

from __future__ import annotations

import datetime as dt
import json

from commitments.canonical import sha256_hex
from commitments.imports import import_file
from commitments.services import audit
from commitments.tables import Assignment, AuditEvent, Cycle, Recommendation
from tests.catalogue_files import csv_bytes, row, xlsx_bytes, xlsx_from, yaml_bytes


async def recommendation(code: str) -> dict:
    return (
        await Recommendation.select(
            Recommendation.all_columns(),
            Recommendation.parent.code.as_alias("parent_code"),
            Recommendation.cycle.code.as_alias("cycle_code"),
            Recommendation.provision.code.as_alias("provision_code"),
        )
        .where(Recommendation.code == code)
        .first()
    )


async def agencies_of(code: str) -> list[tuple[str, str]]:
    rows = (
        await Assignment.select(Assignment.agency.code, Assignment.role)
        .where(Assignment.recommendation.code == code)
        .order_by(Assignment.id)
    )
    return [(r["agency.code"], r["role"]) for r in rows]


async def test_a_semicolon_csv_with_bom_creates_cycle_rows_and_assignments(cast):
    rows = [
        row("1", text="Publicar contratos", agencies="MINFIN;SAT;CGC", provision="ATI"),
        row("2", due_on="2027-06-30"),
    ]
    result = await import_file(cast["analyst"], "plan.csv", csv_bytes(rows, ";", bom=True))
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert result.cycles_created == ["OGP-AP9"] and result.assignments_created == 3
    first = await recommendation("OGP-AP9-1")
    assert first["text"] == "Publicar contratos" and first["issued_on"] == dt.date(2026, 1, 15)
    assert first["cycle_code"] == "AP9" and first["provision_code"] == "ATI"
    assert isinstance(first["created_at"], dt.datetime) and first["version"] == 1
    assert (await recommendation("OGP-AP9-2"))["due_on"] == dt.date(2027, 6, 30)
    assert await agencies_of("OGP-AP9-1") == [("MINFIN", "lead"), ("SAT", "support"), ("CGC", "support")]


async def test_reimporting_the_same_file_changes_nothing(cast):
    data = csv_bytes([row("1", agencies="MINFIN"), row("2", parent="1")])
    await import_file(cast["analyst"], "plan.csv", data)
    again = await import_file(cast["analyst"], "plan.csv", data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert again.changes == []


async def test_a_changed_row_is_updated_and_its_version_bumped(cast):
    await import_file(cast["analyst"], "a.csv", csv_bytes([row("1"), row("2")]))
    result = await import_file(
        cast["analyst"], "b.csv", csv_bytes([row("1", text="Texto corregido"), row("2")])
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert [(c.code, c.action, c.fields) for c in result.changes] == [("OGP-AP9-1", "updated", ["text"])]
    updated = await recommendation("OGP-AP9-1")
    assert updated["text"] == "Texto corregido" and updated["version"] == 2


async def test_a_parent_defined_after_its_child_is_linked(cast):
    rows = [row("1.a", parent="1"), row("1.a.i", parent="1.a"), row("1")]
    result = await import_file(cast["analyst"], "r.csv", csv_bytes(rows))
    assert result.created == 3
    assert (await recommendation("OGP-AP9-1.a"))["parent_code"] == "OGP-AP9-1"
    assert (await recommendation("OGP-AP9-1.a.i"))["parent_code"] == "OGP-AP9-1.a"


async def test_a_parent_can_be_a_stored_recommendation(cast):
    rows = [row("URGE-9", mechanism="EITI", cycle="VAL2020", parent="BD2020-03")]
    result = await import_file(cast["analyst"], "r.csv", csv_bytes(rows))
    assert result.errors == [] and result.cycles_created == []
    assert (await recommendation("EITI-VAL2020-URGE-9"))["parent_code"] == "EITI-VAL2020-BD2020-03"


async def test_columns_missing_from_the_file_are_left_alone(cast):
    seed = await recommendation("EITI-VAL2020-URGE-1")
    data = b"mechanism,cycle,reference,text\nEITI,VAL2020,URGE-1,Nuevo texto\n"
    result = await import_file(cast["analyst"], "r.csv", data)
    assert result.updated == 1
    after = await recommendation("EITI-VAL2020-URGE-1")
    assert after["text"] == "Nuevo texto"
    assert (after["source_url"], after["parent"], after["provision"]) == (
        seed["source_url"],
        seed["parent"],
        seed["provision"],
    )


async def test_listed_agencies_are_added_and_the_first_becomes_lead(cast):
    await import_file(cast["analyst"], "a.csv", csv_bytes([row("1", agencies="SAT")]))
    result = await import_file(cast["analyst"], "b.csv", csv_bytes([row("1", agencies="MINFIN;SAT")]))
    assert result.updated == 1 and result.changes[0].fields == ["agencies"]
    assert await agencies_of("OGP-AP9-1") == [("SAT", "support"), ("MINFIN", "lead")]
    result = await import_file(cast["analyst"], "c.csv", csv_bytes([row("1", agencies="MINFIN;SAT;CGC")]))
    assert result.updated == 1 and result.assignments_created == 1
    assert await agencies_of("OGP-AP9-1") == [("SAT", "support"), ("MINFIN", "lead"), ("CGC", "support")]
    result = await import_file(cast["analyst"], "d.csv", csv_bytes([row("1", agencies="CGC")]))
    assert result.updated == 1  # an agency the file leaves out keeps its assignment
    assert await agencies_of("OGP-AP9-1") == [("SAT", "support"), ("MINFIN", "support"), ("CGC", "lead")]


async def test_a_dry_run_reports_the_changes_and_writes_nothing(cast):
    before = (
        await Recommendation.count(),
        await Cycle.count(),
        await Assignment.count(),
        await AuditEvent.count(),
    )
    data = csv_bytes([row("1", agencies="MINFIN"), row("2", parent="1")])
    result = await import_file(cast["analyst"], "r.csv", data, dry_run=True)
    assert result.dry_run and (result.created, result.updated) == (2, 0)
    assert [c.code for c in result.changes] == ["OGP-AP9-1", "OGP-AP9-2"]
    assert result.cycles_created == ["OGP-AP9"] and result.assignments_created == 1
    assert (
        await Recommendation.count(),
        await Cycle.count(),
        await Assignment.count(),
        await AuditEvent.count(),
    ) == before


async def test_each_import_is_one_audit_event_with_counts_and_file_hash(cast):
    data = csv_bytes([row("1"), row("2")])
    before = await AuditEvent.count()
    await import_file(cast["analyst"], "plan.csv", data)
    await import_file(cast["analyst"], "plan.csv", data)
    events = await AuditEvent.select().where(AuditEvent.seq > before).order_by(AuditEvent.seq)
    assert [(e["action"], e["actor"], e["entity_id"]) for e in events] == [
        ("catalogue.import", "analista@test.gt", sha256_hex(data))
    ] * 2
    first, second = (json.loads(e["after"]) for e in events)
    assert (first["created"], first["created_codes"]) == (2, ["OGP-AP9-1", "OGP-AP9-2"])
    assert (second["created"], second["unchanged"]) == (0, 2)
    await import_file(cast["analyst"], "plan.csv", csv_bytes([row("1", issued_on="2020-02-02")]))
    last = await AuditEvent.select().order_by(AuditEvent.seq, ascending=False).first()
    assert json.loads(last["after"])["updated_fields"] == {
        "OGP-AP9-1": {"before": {"issued_on": "2026-01-15"}, "after": {"issued_on": "2020-02-02"}}
    }
    assert (await audit.verify()).ok


async def test_yaml_with_native_dates_and_an_agency_list_imports(cast):
    items = {
        "recommendations": [{**row("1"), "issued_on": dt.date(2025, 3, 1), "agencies": ["MINFIN", "SAT"]}]
    }
    result = await import_file(cast["analyst"], "plan.yml", yaml_bytes(items))
    assert result.created == 1
    assert (await recommendation("OGP-AP9-1"))["issued_on"] == dt.date(2025, 3, 1)
    assert await agencies_of("OGP-AP9-1") == [("MINFIN", "lead"), ("SAT", "support")]


async def test_xlsx_with_date_cells_and_numeric_references_imports(cast):
    data = xlsx_bytes(
        [
            ["mechanism", "cycle", "reference", "text", "issued_on"],
            ["OGP", "AP9", 7, "Siete", dt.datetime(2026, 2, 3)],
            ["OGP", "AP9", 7.5, "Siete y medio", None],
            [None, None, None, None],
        ]
    )
    result = await import_file(cast["analyst"], "r.xlsx", data)
    assert result.errors == [] and result.created == 2
    assert (await recommendation("OGP-AP9-7"))["issued_on"] == dt.date(2026, 2, 3)
    assert await recommendation("OGP-AP9-7.5")


async def test_xlsx_reimport_changes_nothing(cast):
    data = xlsx_from([row("1", agencies="MINFIN"), row("2", parent="1")])
    await import_file(cast["analyst"], "r.xlsx", data)
    again = await import_file(cast["analyst"], "r.xlsx", data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


async def test_formula_like_text_in_a_csv_is_stored_as_text(cast):
    rows = [row("1", text="=1+1 es una fórmula"), row("2", text="'=ya neutralizada")]
    await import_file(cast["analyst"], "r.csv", csv_bytes(rows))
    # One leading apostrophe before a formula character is the export's neutralisation.
    assert (await recommendation("OGP-AP9-1"))["text"] == "=1+1 es una fórmula"
    assert (await recommendation("OGP-AP9-2"))["text"] == "=ya neutralizada"

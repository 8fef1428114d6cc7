"""Broken catalogue files: every error is listed with row, column and reason; nothing is written."""

from __future__ import annotations

import pytest

from commitments.errors import Forbidden, Unauthenticated
from commitments.imports import import_file
from commitments.tables import AuditEvent, Cycle, Recommendation
from tests.catalogue_files import HEADER, csv_bytes, row, xlsx_bytes, xlsx_from, yaml_bytes


def where(result) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in result.errors]


async def counts() -> tuple[int, int, int]:
    return await Recommendation.count(), await Cycle.count(), await AuditEvent.count()


async def test_a_file_with_one_bad_row_writes_nothing_and_lists_every_error(cast):
    before = await counts()
    rows = [
        row("1"),
        row("2", mechanism="NOPE"),
        row("3", agencies="MINFIN;XYZ"),
        row("4", issued_on="15/01/2026"),
        {**row("5"), "text": " "},
        row("1"),
    ]
    result = await import_file(cast["analyst"], "round.csv", csv_bytes(rows))
    assert where(result) == [
        (3, "mechanism"),
        (4, "agencies"),
        (5, "issued_on"),
        (6, "text"),
        (7, "reference"),
    ]
    messages = [e.message for e in result.errors]
    assert "NOPE" in messages[0] and "XYZ" in messages[1] and "15/01/2026" in messages[2]
    assert "fila 2" in messages[4]  # the duplicate names the first occurrence
    assert (result.created, result.updated) == (0, 0)
    assert await counts() == before


async def test_errors_are_translated_to_english(cast):
    result = await import_file(cast["analyst"], "r.csv", csv_bytes([row("1", mechanism="X")]), locale="en")
    assert result.errors[0].message == "unknown mechanism 'X'"


async def test_latin1_file_is_rejected_as_wrong_encoding(cast):
    data = csv_bytes([row("1", text="Contratación pública")], encoding="latin-1")
    result = await import_file(cast["analyst"], "latin1.csv", data)
    assert where(result) == [(0, "")]
    assert "UTF-8" in result.errors[0].message and "0xf3" in result.errors[0].message


async def test_tab_separated_file_reports_wrong_delimiter(cast):
    result = await import_file(cast["analyst"], "tabs.csv", csv_bytes([row("1")], "\t"))
    assert where(result) == [(1, "")]
    assert "separador" in result.errors[0].message


async def test_missing_column_is_reported_once_on_the_header(cast):
    header = [c for c in HEADER if c != "text"]
    result = await import_file(cast["analyst"], "r.csv", csv_bytes([row("1"), row("2")], header=header))
    assert where(result) == [(1, "text")]


async def test_unknown_and_repeated_columns_are_reported(cast):
    data = b"mechanism,cycle,reference,text,provison,text\nOGP,AP9,1,x,,x\n"
    result = await import_file(cast["analyst"], "r.csv", data)
    assert where(result) == [(1, "provison"), (1, "text")]


async def test_a_row_with_more_cells_than_the_header_is_reported(cast):
    data = b"mechanism,cycle,reference,text\nOGP,AP9,1,uno, dos\n"
    result = await import_file(cast["analyst"], "r.csv", data)
    assert where(result) == [(2, "")]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.csv", b""),
        ("binary.csv", b"mechanism,cycle\x00\x01\x02"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip"),
        ("report.pdf", b"%PDF-1.4"),
        ("scalar.yaml", b"just a sentence"),
        ("bad.yaml", b"- mechanism: OGP\n  cycle: [unclosed\n"),
        ("bad.json", b'{"recommendations": [}'),
    ],
)
async def test_files_that_are_not_tables_are_rejected(cast, name, data):
    result = await import_file(cast["analyst"], name, data)
    assert where(result) == [(0, "")]
    assert result.errors[0].message


async def test_a_file_over_the_size_limit_is_rejected_before_parsing(cast):
    data = b"mechanism,cycle,reference,text\n" + b"x" * (30 * 1024 * 1024)
    result = await import_file(cast["analyst"], "big.csv", data)
    assert result.too_large
    assert "20 MB" in result.errors[0].message and "30.0" in result.errors[0].message


async def test_too_many_rows_is_one_clear_error(cast, settings, monkeypatch):
    monkeypatch.setattr(settings, "import_max_rows", 3)
    result = await import_file(cast["analyst"], "r.csv", csv_bytes([row(str(i)) for i in range(4)]))
    assert where(result) == [(0, "")] and "3" in result.errors[0].message


async def test_unknown_parent_and_provision_are_reported(cast):
    rows = [row("1", parent="NOPE"), row("2", provision="99.9"), row("3", parent="3")]
    result = await import_file(cast["analyst"], "r.csv", csv_bytes(rows))
    assert where(result) == [(2, "parent"), (3, "provision"), (4, "parent")]


async def test_parents_that_loop_are_reported(cast):
    rows = [row("A", parent="B"), row("B", parent="A")]
    result = await import_file(cast["analyst"], "r.csv", csv_bytes(rows))
    assert where(result) == [(2, "parent"), (3, "parent")]


async def test_reference_language_and_url_rules_are_row_errors(cast):
    rows = [
        {**row("with space"), "language": "de", "source_url": ""},
        {**row("2"), "source_url": "ftp://x"},
        {**row("3"), "text": "x" * 20001},
    ]
    result = await import_file(cast["analyst"], "r.csv", csv_bytes(rows))
    assert where(result) == [(2, "language"), (2, "reference"), (3, "source_url"), (4, "text")]


async def test_a_code_column_that_disagrees_with_the_row_is_reported(cast):
    rows = [{**row("1"), "code": "OGP-AP9-2"}]
    result = await import_file(cast["analyst"], "r.csv", csv_bytes(rows))
    assert where(result) == [(2, "code")]


async def test_formulas_in_xlsx_cells_are_refused(cast):
    data = xlsx_bytes(
        [["mechanism", "cycle", "reference", "text"], ["OGP", "AP9", "1", '=HYPERLINK("http://evil","x")']]
    )
    result = await import_file(cast["analyst"], "r.xlsx", data)
    assert where(result) == [(2, "text")]
    assert "fórmulas" in result.errors[0].message


async def test_xlsx_row_errors_use_spreadsheet_row_numbers(cast):
    rows = [row("1"), row("2", mechanism="BAD")]
    result = await import_file(cast["analyst"], "r.xlsx", xlsx_from(rows))
    assert where(result) == [(3, "mechanism")]


async def test_empty_xlsx_is_not_a_table(cast):
    result = await import_file(cast["analyst"], "r.xlsx", xlsx_bytes([]))
    assert where(result) == [(0, "")]


async def test_yaml_rows_are_numbered_from_one_and_checked_like_csv(cast):
    items = [
        row("1"),
        "not a mapping",
        {**row("3"), "colour": "red"},
        {**row("4"), "agencies": {"lead": "MINFIN"}},
        {**row("5"), "agencies": [["MINFIN"], ["SAT"]]},
    ]
    result = await import_file(cast["analyst"], "r.yaml", yaml_bytes(items))
    assert where(result) == [(2, ""), (3, "colour"), (4, "agencies"), (5, "agencies")]


async def test_focal_points_reviewers_and_visitors_cannot_import(cast):
    data = csv_bytes([row("1")])
    for name in ("minfin", "reviewer"):
        with pytest.raises(Forbidden):
            await import_file(cast[name], "r.csv", data)
    with pytest.raises(Unauthenticated):
        await import_file(cast["anonymous"], "r.csv", data)


async def test_an_xlsx_with_a_damaged_sheet_is_not_a_table(cast):
    import io
    import zipfile

    good = xlsx_bytes([["mechanism", "cycle", "reference", "text"], ["OGP", "AP9", "1", "x"]])
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data[: len(data) // 2] if name.endswith("sheet1.xml") else data)
    result = await import_file(cast["analyst"], "r.xlsx", damaged.getvalue(), locale="en")
    assert where(result) == [(0, "")]
    assert result.errors[0].message.startswith("not a table: cannot be opened as an XLSX")

"""Pure rules of the catalogue format and the search query builder (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from commitments.i18n import po_path
from commitments.imports.columns import neutralise, restore, split_agencies
from commitments.search import clean_query, fts5_query, highlight

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "+502",
        "-x",
        "@x",
        "\tx",
        "\rx",
        "'=x",
        "''=x",
        "'x",
        "plain",
        "",
        "a=b",
    ],
)
def test_neutralised_cells_restore_to_the_original(value):
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("'=x", "''=x"),
        ("texto", "texto"),
    ],
)
def test_formula_cells_get_an_apostrophe(value, expected):
    assert neutralise(value) == expected


def test_non_text_cells_are_not_neutralised():
    assert neutralise(-5) == -5 and neutralise(None) is None


def test_agencies_split_on_semicolons_or_come_as_a_list():
    assert split_agencies(" minfin ; SAT;;") == ["MINFIN", "SAT"]
    assert split_agencies(["cgc", " mp "]) == ["CGC", "MP"]
    assert split_agencies(None) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "contratación",
            '({keys title body} : "contratación" OR {keys title body} : "contratación"* '
            'OR stems : "zqcontrat" OR stems : "zqcontratacion")',
        ),
        ("EITI 2.5", '({keys title body} : "eiti" OR stems : "zqeiti") AND {keys title body} : "2 5"'),
        (
            'foo" OR (bar',
            '({keys title body} : "foo" OR stems : "zqfoo") AND {keys title body} : "or" AND '
            '({keys title body} : "bar" OR {keys title body} : "bar"* OR stems : "zqbar")',
        ),
        ("NEAR(a, b)", '{keys title body} : "near a" AND {keys title body} : "b"'),
        ("OGP-AP3-GT0065", '{keys title body} : "ogp ap3 gt0065"'),
        ("*^:()", ""),
        ("", ""),
    ],
)
def test_fts5_queries_are_quoted_phrases_of_word_tokens_with_stems_and_a_last_prefix(query, expected):
    assert fts5_query(query) == expected


def test_queries_are_bounded_and_stripped_of_control_characters():
    assert clean_query("a\x00b\ue000c") == "a b c"
    assert len(clean_query("palabra " * 100).split()) == 12
    assert len(clean_query("x" * 5000)) == 200


def test_highlight_escapes_before_marking():
    assert highlight('<b>\ue000hit\ue001</b> & "q"') == (
        "&lt;b&gt;<mark>hit</mark>&lt;/b&gt; &amp; &quot;q&quot;"
    )


def test_every_catalogue_message_has_an_english_translation():
    from babel.messages.pofile import read_po

    with open(po_path("en"), "rb") as handle:
        english = read_po(handle)
    files = [*sorted((ROOT / "commitments" / "imports").glob("*.py")), ROOT / "commitments" / "search.py"]
    messages = {message for path in files for _, message, _, _ in extract_from_file("python", str(path))}
    assert messages, "no marked messages found"
    untranslated = [m for m in messages if not (english.get(m) and english.get(m).string)]
    assert untranslated == []

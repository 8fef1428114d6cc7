"""PostgreSQL ranks inside a RUM index where the `rum` extension is available, and with the GIN
index and `ts_rank` where it is not: both find the same recommendations, in a sensible order
(codes typed exactly first, then the most mentions), and the migration survives a server
without the extension."""

from __future__ import annotations

import os
from typing import Any

import pytest

from commitments import search
from commitments.db import is_postgres_engine
from commitments.search import rank_index, search_recommendations
from commitments.tables import Recommendation
from tests.catalogue_files import row
from tests.test_search import load

pg_only = pytest.mark.skipif(
    not os.environ.get("COMMITMENTS_TEST_DATABASE_URL"), reason="the RUM index is PostgreSQL's"
)

ROWS = (
    row("1", text="Como pide el compromiso GT0777, mejorar la transparencia"),
    row("GT0777", text="Mejorar la transparencia fiscal"),
    row("3", text="soborno soborno soborno transnacional y contrataciones"),
    row("4", text="un soborno entre muchas otras palabras de relleno del texto"),
    row("5", text="Portal de transparencia de las contrataciones del Estado"),
    row("6", text="Conflictos de interés de los funcionarios públicos"),
)
QUERIES = (
    "GT0777",
    "OGP-AP9-GT0777",
    "soborno",
    "transparencia",
    "transparen",
    "contratacion",
    "conflicto interes",
    "mejorar transparencia",
    "portal transp",
    "zzzqqq",
)


async def _rum_available() -> bool:
    rows = await Recommendation.raw("SELECT 1 AS found FROM pg_available_extensions WHERE name = 'rum'")
    return bool(rows)


async def _found(ranked_in_index: bool, monkeypatch) -> dict[str, Any]:
    monkeypatch.setattr(search, "_rank_index", {})
    if not ranked_in_index:  # as on a server without the extension: the index is not there
        await Recommendation.raw(f"DROP INDEX IF EXISTS {search.RANK_INDEX}")
    assert await rank_index() is ranked_in_index
    found: dict[str, Any] = {}
    for q in QUERIES:
        hits = await search_recommendations(q, 1000, snippets=False)
        found[q] = [hit.code for hit in hits]
        # The best, asked alone, ranks as the first of all: the limit comes after the ranking.
        # (Of equally ranked matches, the index's order keeps which; ts_rank's, the lowest id.)
        best = await search_recommendations(q, 1)
        found[f"{q} (best)"] = [hit.rank for hit in best] == [hit.rank for hit in hits[:1]]
    monkeypatch.setattr(search, "_rank_index", {})
    return found


async def test_sqlite_never_asks_for_the_rank_index(cast):
    if is_postgres_engine():
        pytest.skip("SQLite's")
    assert await rank_index() is False


@pg_only
async def test_the_rank_index_is_made_and_used_where_rum_is_available(cast):
    search._rank_index.clear()
    assert await rank_index() is await _rum_available()  # .ci/run installs postgresql-15-rum


@pg_only
async def test_with_and_without_the_rank_index_the_same_recommendations_in_a_sensible_order(
    cast, monkeypatch
):
    if not await _rum_available():
        pytest.skip("needs the rum extension (postgresql-15-rum)")
    await load(cast["analyst"], *ROWS)
    with_index = await _found(True, monkeypatch)
    without = await _found(False, monkeypatch)  # dropped inside the test's transaction
    for q in QUERIES:
        assert sorted(with_index[q]) == sorted(without[q]), q
        assert with_index[f"{q} (best)"] and without[f"{q} (best)"], q
    assert with_index["zzzqqq"] == without["zzzqqq"] == []
    for found in (with_index, without):
        # A code typed exactly first; three mentions above one.
        assert found["GT0777"] == ["OGP-AP9-GT0777", "OGP-AP9-1"]
        assert found["OGP-AP9-GT0777"][0] == "OGP-AP9-GT0777"
        assert found["soborno"][:2] == ["OGP-AP9-3", "OGP-AP9-4"]
        assert "OGP-AP9-5" in found["portal transp"] and "OGP-AP9-3" in found["contratacion"]


@pg_only
async def test_ranks_from_the_index_decrease_and_are_positive(cast):
    search._rank_index.clear()
    if not await rank_index():
        pytest.skip("needs the rum extension (postgresql-15-rum)")
    await load(cast["analyst"], *ROWS)
    hits = await search_recommendations("soborno transnacional")
    assert [h.code for h in hits] == ["OGP-AP9-3"]
    hits = await search_recommendations("transparencia")
    assert {"OGP-AP9-1", "OGP-AP9-GT0777", "OGP-AP9-5"} <= {h.code for h in hits}  # and seeds
    assert all(a.rank >= b.rank > 0 for a, b in zip(hits, hits[1:], strict=False))
    assert all("<mark>" in h.snippet for h in hits)


@pg_only
@pytest.mark.parametrize(
    "missing",
    [
        # Not shipped: the block says so and does nothing.
        lambda sql: sql.replace("'rum'", "'no_such_extension'"),
        # Listed but refused (as without permission): the error is caught inside the block.
        lambda sql: sql.replace("CREATE EXTENSION IF NOT EXISTS rum", "CREATE EXTENSION no_such_extension"),
    ],
    ids=["not-available", "refused"],
)
async def test_the_migration_goes_on_without_the_extension(cast, missing):
    import importlib

    migration = importlib.import_module(
        "commitments.piccolo_migrations.commitments_2026_12_06t22_10_00_000000"
    )
    await Recommendation.raw(f"DROP INDEX IF EXISTS {search.RANK_INDEX}")
    await Recommendation.raw(missing(migration.RUM))
    # The test's transaction is still usable and the search works without the index.
    rows = await Recommendation.raw(
        "SELECT 1 AS found FROM pg_indexes WHERE indexname = {}", search.RANK_INDEX
    )
    assert not rows
    await load(cast["analyst"], *ROWS)
    search._rank_index.clear()
    try:
        assert await rank_index() is False
        assert [h.code for h in await search_recommendations("GT0777")] == ["OGP-AP9-GT0777", "OGP-AP9-1"]
    finally:
        search._rank_index.clear()


# An upgrade: recommendations indexed in the wide table of the previous version (with `content`)
# are found, ranked and shown with snippets once this version's migration has run, in a process
# of its own (no reindexing queued: the migration itself must carry the index over).
BEFORE = """
import asyncio
from commitments.actor import SYSTEM
from commitments.db import migrate_to
from commitments.imports import import_file
from commitments.reference import load_reference
from commitments.tables import Recommendation
from tests.catalogue_files import csv_bytes, row
async def main():
    await migrate_to("2026-12-06T19:50:00:000000")
    await load_reference()
    rows = [row("GT0777", text="Mejorar la transparencia fiscal"), row("2", text="Otro compromiso")]
    assert not (await import_file(SYSTEM, "up.csv", csv_bytes(rows))).errors
    columns = await Recommendation.raw(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'recommendation_search'"
    )
    assert {"content", "document"} <= {c["column_name"] for c in columns}
asyncio.run(main())
"""
AFTER = """
import asyncio, json
from commitments.db import migrate
from commitments.search import search_recommendations
from commitments.tables import Recommendation
async def main():
    await migrate()
    hits = await search_recommendations("transparencia fiscal")
    columns = await Recommendation.raw(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'recommendation_search'"
    )
    indexes = await Recommendation.raw(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'recommendation_search' ORDER BY 1"
    )
    rum = await Recommendation.raw("SELECT 1 AS found FROM pg_available_extensions WHERE name = 'rum'")
    print(json.dumps({
        "hits": [[h.code, h.snippet] for h in hits if h.code.startswith("OGP-AP9-")],
        "columns": sorted(c["column_name"] for c in columns),
        "indexes": [i["indexname"] for i in indexes],
        "rum_available": bool(rum),
    }))
asyncio.run(main())
"""


@pg_only
def test_an_upgrade_carries_the_index_over_to_the_narrow_table(tmp_path):
    import json
    import subprocess
    import sys

    from tests.clirun import base_env, drop_postgres, scratch_postgres

    url = scratch_postgres(os.environ["COMMITMENTS_TEST_DATABASE_URL"])
    env = base_env(tmp_path / "data", url) | {"PYTHONPATH": os.getcwd()}
    try:
        for probe in (BEFORE, AFTER):
            done = subprocess.run(
                [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=180
            )
            assert done.returncode == 0, done.stderr[-2000:]
    finally:
        drop_postgres(url)
    found = json.loads(done.stdout)
    assert found["columns"] == ["document", "recommendation_id"]
    expected = ["recommendation_search_document", "recommendation_search_pkey"]
    if found["rum_available"]:
        expected.append("recommendation_search_rank")
    assert found["indexes"] == sorted(expected)
    assert found["hits"] == [["OGP-AP9-GT0777", "Mejorar la <mark>transparencia</mark> <mark>fiscal</mark>"]]


async def _rank_index_oid() -> int | None:
    rows = await Recommendation.raw(
        "SELECT oid::int AS oid FROM pg_class WHERE relname = {}", search.RANK_INDEX
    )
    return rows[0]["oid"] if rows else None


@pg_only
async def test_a_large_import_makes_the_rank_index_anew_and_a_small_one_keeps_it(cast, monkeypatch):
    from commitments.search import reindex_all

    if not await _rum_available():
        pytest.skip("needs the rum extension (postgresql-15-rum)")
    monkeypatch.setattr(search, "_REBUILD_AT_ROWS", 3)
    first = await _rank_index_oid()
    assert first is not None
    await load(cast["analyst"], row("a1", text="alfa uno"), row("a2", text="alfa dos"))  # under 3 rows
    assert await _rank_index_oid() == first
    await load(cast["analyst"], *(row(f"b{i}", text=f"beta {i}") for i in range(3)))  # under a quarter
    assert await _rank_index_oid() == first
    monkeypatch.setattr(search, "_REBUILD_AT_SHARE", 0.01)
    await load(cast["analyst"], *(row(f"c{i}", text=f"gamma {i}") for i in range(3)))
    second = await _rank_index_oid()
    assert second not in (None, first)
    await reindex_all()  # a restore: always anew
    assert await _rank_index_oid() not in (None, second)
    search._rank_index.clear()
    assert await rank_index()
    for word, count in (("alfa", 2), ("beta", 3), ("gamma", 3)):
        assert len([h for h in await search_recommendations(word) if h.code.startswith("OGP-AP9-")]) == count

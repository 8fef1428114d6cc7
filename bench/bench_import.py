"""Benchmark: import a 10,000-row CSV into a fresh SQLite database (target >= 2,000 rows/s).

    python bench/bench_import.py [--rows 10000] [--database-url postgresql://...]

Without --database-url it uses a new SQLite file in a temporary directory. Prints one line per
measurement: a dry run, the first import, a re-import (0 changes) and an update of 10% of rows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _environment(database_url: str | None) -> None:
    os.environ["COMMITMENTS_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-import-")
    os.environ["PICCOLO_CONF"] = "commitments.piccolo_conf"
    os.environ["COMMITMENTS_IMPORT_MAX_ROWS"] = "1000000"
    os.environ["COMMITMENTS_IMPORT_MAX_MB"] = "500"
    os.environ.pop("COMMITMENTS_DATABASE_URL", None)
    if database_url:
        os.environ["COMMITMENTS_DATABASE_URL"] = database_url


async def _timed(label: str, coroutine, rows: int):
    started = time.perf_counter()
    result = await coroutine
    seconds = time.perf_counter() - started
    assert not result.errors, result.errors[:5]
    print(
        f"{label:<28} {rows:>7} rows {seconds:8.2f} s {rows / seconds:10,.0f} rows/s   "
        f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}"
    )
    return result


async def main(rows: int) -> None:
    """Run the measurements and print them."""
    import synthetic

    from commitments.actor import SYSTEM
    from commitments.db import engine, migrate
    from commitments.imports import import_file
    from commitments.reference import load_reference

    await migrate()
    await load_reference()
    items = synthetic.rows(rows)
    data = synthetic.csv_bytes(items)
    print(
        f"engine {engine().engine_type}, file {len(data) / 1e6:.1f} MB, {rows} rows, "
        f"{sum(1 for i in items if i['parent'])} with a parent defined after them"
    )
    await _timed("dry run (check only)", import_file(SYSTEM, "b.csv", data, dry_run=True), rows)
    await _timed("import into empty catalogue", import_file(SYSTEM, "b.csv", data), rows)
    await _timed("re-import (no changes)", import_file(SYSTEM, "b.csv", data), rows)
    for item in items[::10]:
        item["text"] += " Revisado."
    await _timed("re-import, 10% changed", import_file(SYSTEM, "c.csv", synthetic.csv_bytes(items)), rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    arguments = parser.parse_args()
    _environment(arguments.database_url)
    asyncio.run(main(arguments.rows))

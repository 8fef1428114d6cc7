"""Benchmark: a consolidated report over N synthetic recommendations with 5 evidence items each.

Run:  python bench/bench_reports.py [--sizes 100,1000,5000]
Each size runs in its own process on a fresh SQLite database (so peak memory is per size) and
prints: pages, assembly (gather) time, render time, pages/s, assembly share and peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

TEXT = (
    "Fortalecer los mecanismos de publicación de información presupuestaria y de "
    "contrataciones, con datos abiertos actualizados y verificables por la ciudadanía, "
    "incluyendo la trazabilidad de las modificaciones y la rendición de cuentas. "
) * 2
ACTIONS = (
    "Se publicaron los datos en el portal institucional, se emitió la circular "
    "correspondiente y se capacitó al personal de las unidades ejecutoras. "
) * 3
MECHANISMS = ("MESICIC", "EITI", "COST", "OGP")


async def _populate(size: int) -> None:
    """Bulk-insert `size` recommendations with assignments, answers, ratings and evidence."""
    from commitments.actor import SYSTEM
    from commitments.db import migrate
    from commitments.reference import load_reference
    from commitments.schemas import PeriodIn
    from commitments.services.periods import create_period
    from commitments.tables import Agency, Cycle, RatingLevel

    await migrate()
    await load_reference()
    for code, year, is_open in (("2025-S2", 2025, False), ("2026-S2", 2026, True)):
        await create_period(
            SYSTEM,
            PeriodIn(
                code=code,
                starts_on=dt.date(year, 7, 1),
                ends_on=dt.date(year, 12, 31),
                response_deadline=dt.date(year + 1, 1, 15),
            ),
            open_now=is_open,
        )
    cycles = await Cycle.select(Cycle.id, Cycle.country, Cycle.mechanism.code.as_alias("m"))
    levels = await RatingLevel.select(RatingLevel.id, RatingLevel.mechanism.code.as_alias("m"))
    agencies = [row["id"] for row in await Agency.select(Agency.id)]
    await _insert_rows(size, cycles, levels, agencies)


async def _insert(table: type, rows: list, returning: bool = False) -> list:
    """Bulk insert in batches: SQLite caps the number of bound variables per statement."""
    ids = []
    for start in range(0, len(rows), 200):
        query = table.insert(*rows[start : start + 200])
        if returning:
            ids += [row["id"] for row in await query.returning(table.id)]
        else:
            await query
    return ids


async def _insert_rows(size: int, cycles: list, levels: list, agencies: list) -> None:
    from commitments.tables import (
        Assessment,
        Assignment,
        Evidence,
        Period,
        Recommendation,
        Response,
    )

    periods = {row["code"]: row["id"] for row in await Period.select(Period.id, Period.code)}
    by_mechanism = {m: [c for c in cycles if c["m"] == m] for m in MECHANISMS}
    scale = {m: [lv["id"] for lv in levels if lv["m"] == m] for m in MECHANISMS}
    recs = []
    for n in range(size):
        cycle = by_mechanism[MECHANISMS[n % 4]][n % 2]
        recs.append(
            Recommendation(
                country=cycle["country"],
                cycle=cycle["id"],
                code=f"BENCH-{n:05d}",
                reference=f"B-{n}",
                title=f"Compromiso de prueba {n}",
                text=TEXT,
                sample=True,
            )
        )
    ids = await _insert(Recommendation, recs, returning=True)
    assignments = [
        Assignment(recommendation=rid, agency=agencies[i % len(agencies)], role="lead", state="accepted")
        for i, rid in enumerate(ids)
    ]
    assignment_ids = await _insert(Assignment, assignments, returning=True)
    await _insert(
        Response,
        [
            Response(
                assignment=aid,
                period=periods["2026-S2"],
                actions_taken=ACTIONS,
                challenges="Limitaciones presupuestarias.",
                next_steps="Publicar cada trimestre.",
                state="accepted",
            )
            for aid in assignment_ids
        ],
    )
    ratings = []
    for i, rid in enumerate(ids):
        own = scale[MECHANISMS[i % 4]]
        for period, offset, source in (
            ("2025-S2", 0, "self"),
            ("2026-S2", 1, "self"),
            ("2026-S2", 0, "reviewer"),
        ):
            ratings.append(
                Assessment(
                    recommendation=rid,
                    period=periods[period],
                    level=own[(i + offset) % len(own)],
                    source=source,
                )
            )
    await _insert(Assessment, ratings)
    await _insert(
        Evidence,
        [
            Evidence(
                recommendation=rid,
                kind="link",
                title=f"Publicación {k} del compromiso {rid}",
                url=f"https://transparencia.example.gt/evidencia/{rid}/{k}",
                visibility="public",
                verification="verified",
                evidence_date=dt.date(2026, 9, 1 + k),
            )
            for rid in ids
            for k in range(5)
        ],
    )


async def _measure(size: int) -> dict[str, float]:
    from commitments.reports.gather import gather, resolve_scope
    from commitments.reports.pdf import build_pdf

    await _populate(size)
    started = time.perf_counter()
    model = await gather(await resolve_scope("ALL", None, "2026-S2"), "es", False)
    gathered = time.perf_counter()
    pdf = build_pdf(model, "es")
    rendered = time.perf_counter()
    assembly, render = gathered - started, rendered - gathered
    return {
        "recommendations": size,
        "pages": pdf.pages,
        "assembly_s": round(assembly, 3),
        "render_s": round(render, 3),
        "pages_per_s": round(pdf.pages / render, 1),
        "end_to_end_pages_per_s": round(pdf.pages / (assembly + render), 1),
        "assembly_share": round(assembly / (assembly + render), 3),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _one(size: int) -> None:
    data_dir = tempfile.mkdtemp(prefix="bench-reports-")
    os.environ["COMMITMENTS_DATA_DIR"] = data_dir
    os.environ.pop("COMMITMENTS_DATABASE_URL", None)
    os.environ["PICCOLO_CONF"] = "commitments.piccolo_conf"
    print(json.dumps(asyncio.run(_measure(size))))


def main() -> None:
    """Run each size in a fresh process and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return _one(args.one)
    print(
        f"{'recs':>6} {'pages':>6} {'assembly s':>11} {'render s':>9} {'pages/s':>8} "
        f"{'e2e p/s':>8} {'assembly %':>10} {'peak MB':>8}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        out = (
            subprocess.run(
                [sys.executable, __file__, "--one", str(size)], check=True, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        r = json.loads(out)
        print(
            f"{r['recommendations']:>6} {r['pages']:>6} {r['assembly_s']:>11} "
            f"{r['render_s']:>9} {r['pages_per_s']:>8} {r['end_to_end_pages_per_s']:>8} "
            f"{100 * r['assembly_share']:>9.1f}% {r['peak_mb']:>8}"
        )


if __name__ == "__main__":
    main()

"""Benchmark: a consolidated report over N synthetic recommendations with 5 evidence items each.

Run:  python bench/bench_reports.py [--sizes 100,1000,5000] [--runs 3]
Each size is populated into a fresh SQLite database by one process, then measured by another
(and again for each run), as the service renders a draft: gather the model, freeze its snapshot,
lay out the PDF. Prints pages, gather time, render wall and CPU time, pages per second of each,
and memory: after imports, with the model and its snapshot held, and the process's peak RSS.
Each figure is the median of the runs: the machine is shared, so CPU seconds are the steadier
measure of speed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import resource
import statistics
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
SEEDED = 41  # the seeds' own top-level items, which the consolidated report also covers


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


def _rss_mb() -> float:
    """This process's resident memory now."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _measure() -> dict[str, float]:
    """As the service renders a draft: gather the model, freeze its snapshot, lay out the PDF."""
    from commitments.canonical import sha256_hex
    from commitments.reports.gather import gather, resolve_scope
    from commitments.reports.model import snapshot_json
    from commitments.reports.pdf import build_pdf

    imported = _rss_mb()
    cpu, started = time.process_time(), time.perf_counter()
    model = await gather(await resolve_scope("ALL", None, "2026-S2"), "es", False)
    snapshot = snapshot_json(model)
    gathered, gathered_cpu = time.perf_counter(), time.process_time()
    model_mb, model_peak = _rss_mb(), _peak_mb()
    pdf = build_pdf(model, "es", identifier=sha256_hex(snapshot))
    rendered, rendered_cpu = time.perf_counter(), time.process_time()
    assembly, render = gathered - started, rendered - gathered
    return {
        "recommendations": model.item_count - SEEDED,
        "pages": pdf.pages,
        "assembly_s": round(assembly, 3),
        "render_s": round(render, 3),
        "render_cpu_s": round(rendered_cpu - gathered_cpu, 3),
        "pages_per_s": round(pdf.pages / render, 1),
        "pages_per_cpu_s": round(pdf.pages / (rendered_cpu - gathered_cpu), 1),
        "end_to_end_pages_per_s": round(pdf.pages / (assembly + render), 1),
        "assembly_share": round(assembly / (assembly + render), 3),
        "cpu_s": round(rendered_cpu - cpu, 3),
        "imports_mb": round(imported, 1),
        "model_mb": round(model_mb, 1),
        "model_peak_mb": round(model_peak, 1),
        "peak_mb": round(_peak_mb(), 1),
        "pdf_mb": round(len(pdf.data) / 2**20, 1),
    }


def _environment(data_dir: str) -> None:
    os.environ["COMMITMENTS_DATA_DIR"] = data_dir
    os.environ.pop("COMMITMENTS_DATABASE_URL", None)
    os.environ["PICCOLO_CONF"] = "commitments.piccolo_conf"


def _child(*args: str) -> str:
    done = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


COLUMNS = (
    ("recs", "recommendations", 6),
    ("pages", "pages", 6),
    ("gather s", "assembly_s", 9),
    ("render s", "render_s", 9),
    ("cpu s", "render_cpu_s", 7),
    ("pages/s", "pages_per_s", 8),
    ("p/cpu-s", "pages_per_cpu_s", 8),
    ("e2e p/s", "end_to_end_pages_per_s", 8),
    ("imports MB", "imports_mb", 11),
    ("model MB", "model_mb", 9),
    ("peak MB", "peak_mb", 8),
    ("PDF MB", "pdf_mb", 7),
)


def main() -> None:
    """Per size: populate a fresh database in one process, then measure in a fresh one (so the
    peak is the report's, not the bulk insert's); print a table, median of --runs runs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--runs", type=int, default=1, help="measure each size this many times")
    parser.add_argument("--populate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.populate:
        _environment(args.data_dir)
        return asyncio.run(_populate(args.populate))
    if args.measure:
        _environment(args.data_dir)
        print(json.dumps(asyncio.run(_measure())))
        return None
    print(" ".join(f"{title:>{width}}" for title, _, width in COLUMNS))
    for size in (int(s) for s in args.sizes.split(",")):
        data_dir = tempfile.mkdtemp(prefix="bench-reports-")
        _child("--populate", str(size), "--data-dir", data_dir)
        runs = [json.loads(_child("--measure", "--data-dir", data_dir)) for _ in range(args.runs)]
        row = {key: statistics.median(run[key] for run in runs) for _, key, _ in COLUMNS}
        print(" ".join(f"{row[key]:>{width}}" for _, key, width in COLUMNS), flush=True)


if __name__ == "__main__":
    main()

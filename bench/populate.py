"""Fill a database with a large synthetic catalogue for benchmarks (bulk inserts, one transaction).

Run with COMMITMENTS_DATA_DIR / COMMITMENTS_DATABASE_URL pointing at a scratch database that
`commitments init` has prepared. Synthetic rows are marked sample=True.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import time

from commitments import clock
from commitments.db import is_postgres_engine, write_transaction
from commitments.search import index_recommendations
from commitments.tables import Agency, Assignment, Cycle, Evidence, Recommendation

WORDS = [
    "contratación",
    "pública",
    "transparencia",
    "declaración",
    "patrimonial",
    "auditoría",
    "control",
    "acceso",
    "información",
    "datos",
    "abiertos",
    "sanción",
    "integridad",
    "participación",
    "ciudadana",
    "presupuesto",
    "fiscalización",
    "denuncia",
    "protección",
    "órgano",
    "rector",
    "portal",
    "publicación",
]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


async def populate(
    recommendations: int, assignments_per: int, evidence_per: int, batch: int = 2000
) -> dict[str, float]:
    """Insert the rows; return counts and seconds."""
    rng = random.Random(42)
    started = time.perf_counter()
    cycles = await Cycle.select(Cycle.id, Cycle.country, Cycle.code, Cycle.mechanism.code)
    agencies = [row["id"] for row in await Agency.select(Agency.id)]
    async with write_transaction():
        rows = []
        for i in range(recommendations):
            cycle = cycles[i % len(cycles)]
            rows.append(
                Recommendation(
                    country=cycle["country"],
                    cycle=cycle["id"],
                    reference=f"B{i:06d}",
                    code=f"{cycle['mechanism.code']}-{cycle['code']}-B{i:06d}",
                    language="es",
                    text=_text(rng, 40),
                    title=_text(rng, 6),
                    theme="bench",
                    sample=True,
                )
            )
        await _insert(Recommendation, rows)
        ids = [
            r["id"]
            for r in await Recommendation.select(Recommendation.id).where(Recommendation.theme == "bench")
        ]
        await _children(ids, agencies, assignments_per, evidence_per, rng)
        for chunk in range(0, len(ids), batch):  # rows inserted directly: index them too
            await index_recommendations(ids[chunk : chunk + batch])
    if is_postgres_engine():
        # What autovacuum does on a server soon after a load like this: statistics for the
        # planner and the visibility map that index-only scans need. (A server may run with
        # autovacuum off, as this project's test machines do; production ones keep it on.)
        for table in ("recommendation", "assignment", "evidence", "recommendation_search"):
            await Recommendation.raw(f"VACUUM ANALYZE {table}")
    return {"recommendations": len(ids), "seconds": round(time.perf_counter() - started, 1)}


async def _children(
    ids: list[int],
    agencies: list[int],
    assignments_per: int,
    evidence_per: int,
    rng: random.Random,
) -> None:
    today = clock.today()
    assignments, evidence = [], []
    for rec_id in ids:
        for n, agency in enumerate(rng.sample(agencies, assignments_per)):
            assignments.append(
                Assignment(
                    recommendation=rec_id,
                    agency=agency,
                    role="lead" if n == 0 else "support",
                    due_on=today + dt.timedelta(days=rng.randint(-60, 120)),
                )
            )
        for n in range(evidence_per):
            evidence.append(
                Evidence(
                    recommendation=rec_id,
                    title=f"Evidencia {n}",
                    url="https://example.org/doc",
                    kind="link",
                    visibility=rng.choice(("public", "internal")),
                    sample=True,
                )
            )
    for rows, table in ((assignments, Assignment), (evidence, Evidence)):
        await _insert(table, rows)


async def _insert(table, rows: list) -> None:
    """Bulk inserts within PostgreSQL's 32,767 parameters per statement."""
    size = 30_000 // len(table._meta.columns)
    for chunk in range(0, len(rows), size):
        await table.insert(*rows[chunk : chunk + size])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recommendations", type=int, default=10_000)
    parser.add_argument("--assignments-per", type=int, default=4)
    parser.add_argument("--evidence-per", type=int, default=5)
    args = parser.parse_args()
    print(asyncio.run(populate(args.recommendations, args.assignments_per, args.evidence_per)))


if __name__ == "__main__":
    main()

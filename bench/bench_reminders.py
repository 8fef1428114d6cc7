"""Benchmark: reminders for 60 agencies × 2,000 assignments (target: computed and queued <= 5 s).

    python bench/bench_reminders.py [--agencies 60] [--per-agency 2000] [--database-url postgresql://...]

Loads 2,000 recommendations through the importer, assigns each to every one of the agencies
(two focal points each), opens a period, then times `remind` five days before the deadline
(a "due in 7 days" reminder for every assignment), the same run again (nothing new: the
idempotent case cron hits every hour), and a run past the escalation threshold (overdue and
escalation together, the heaviest day).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_import import _environment  # noqa: E402


async def _world(agencies: int, per_agency: int) -> dt.date:
    import synthetic

    from commitments import clock
    from commitments.actor import SYSTEM
    from commitments.db import migrate, writing
    from commitments.imports import import_file
    from commitments.imports.applying import bulk_insert
    from commitments.lookup import country_id
    from commitments.reference import load_reference
    from commitments.schemas import PeriodIn
    from commitments.services.periods import create_period
    from commitments.tables import Agency, Assignment, Membership, Recommendation, User

    await migrate()
    await load_reference()
    result = await import_file(SYSTEM, "bench.csv", synthetic.csv_bytes(synthetic.rows(per_agency)))
    assert not result.errors, result.errors[:3]
    country = await country_id()
    now = clock.now()
    async with writing():
        made = await bulk_insert(
            Agency,
            [
                {
                    "country": country,
                    "code": f"B{i:03d}",
                    "name_es": f"Institución {i}",
                    "name_en": f"Agency {i}",
                    "branch": "executive",
                    "active": True,
                    "version": 1,
                }
                for i in range(agencies)
            ],
            returning='"id"',
        )
        agency_ids = [r["id"] for r in made]
        users = await bulk_insert(
            User,
            [
                {
                    "email": f"enlace{k}.{i}@bench.gt",
                    "password_hash": "x",
                    "display_name": f"Enlace {k}",
                    "active": True,
                    "created_at": now,
                    "locale": "es" if k else "en",
                    "credentials_version": 1,
                }
                for i in range(agencies)
                for k in range(2)
            ],
            returning='"id"',
        )
        await bulk_insert(
            Membership,
            [
                {"user": u["id"], "role": "focal_point", "agency": agency_ids[n // 2], "country": country}
                for n, u in enumerate(users)
            ],
        )
        recs = [
            r["id"]
            for r in await Recommendation.select(Recommendation.id)
            .order_by(Recommendation.id)
            .limit(per_agency)
        ]
        await Assignment.delete().where(Assignment.id > 0)  # only the benchmark's own
        await bulk_insert(
            Assignment,
            [
                {
                    "recommendation": rec,
                    "agency": agency,
                    "role": "lead",
                    "due_on": None,
                    "state": "pending",
                    "version": 1,
                    "created_at": now,
                }
                for agency in agency_ids
                for rec in recs
            ],
        )
    deadline = clock.today() + dt.timedelta(days=30)
    await create_period(
        SYSTEM,
        PeriodIn(
            code="BENCH",
            starts_on=clock.today() - dt.timedelta(days=150),
            ends_on=clock.today() + dt.timedelta(days=20),
            response_deadline=deadline,
        ),
        open_now=True,
    )
    print(
        f"{agencies} agencies × {len(recs)} assignments = {await Assignment.count():,} assignments, {len(users)} focal points"
    )
    return deadline


async def _timed(label: str, day: dt.date) -> None:
    from commitments.mail.reminders import remind

    started = time.perf_counter()
    result = await remind(day)
    seconds = time.perf_counter() - started
    print(f"{label:<44} {seconds:6.2f} s   reminders {result.reminders}, mails queued {result.mails}")


async def main(agencies: int, per_agency: int) -> None:
    deadline = await _world(agencies, per_agency)
    await _timed("due in 7 days (every assignment)", deadline - dt.timedelta(days=5))
    await _timed("same day again (nothing new)", deadline - dt.timedelta(days=5))
    await _timed("overdue + escalation (every assignment)", deadline + dt.timedelta(days=8))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=60)
    parser.add_argument("--per-agency", type=int, default=2000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    _environment(args.database_url)
    asyncio.run(main(args.agencies, args.per_agency))

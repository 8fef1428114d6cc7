"""Writing a plan: bulk inserts, then the few updates, inside the caller's transaction.

Piccolo's single-row inserts run under 1,000/s on SQLite, and even `Table.insert(*rows)` spends
most of its time building one Table object and one nested query string per row (a 10,000-row
file took 4.8 s). New rows therefore go in as plain multi-row INSERT ... VALUES statements with
bound parameters, a few hundred rows each.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from piccolo.table import Table

from commitments import clock
from commitments.db import is_postgres_engine
from commitments.imports.planning import Plan, Progress, chunks
from commitments.imports.rows import ItemRow
from commitments.mail import notices
from commitments.search import index_recommendations
from commitments.tables import Assignment, Cycle, Recommendation
from commitments.vocabulary import AssignmentState

# Rows created after which PostgreSQL's planner statistics are refreshed.
_ANALYZE_AFTER = 1_000
# Bound parameters per statement: below SQLite's 32,766 and asyncpg's 32,767.
_MAX_PARAMETERS = 30_000


async def apply_plan(plan: Plan, progress: Progress | None = None) -> None:
    """Create cycles, insert new rows parents first, update changed ones, assign agencies."""
    await _create_cycles(plan)
    await _insert_new(plan, progress)
    await _update_changed(plan)
    await _assign(plan)
    touched = [plan.ids[item.code] for item in plan.creates] + [u.id for u in plan.updates]
    await index_recommendations(touched)
    if len(plan.creates) >= _ANALYZE_AFTER and is_postgres_engine():
        # Fresh statistics now rather than at autovacuum's next pass: with the old ones the
        # planner took a 100,000-row table for a few hundred rows and searches ran 10x slower.
        for table in ("recommendation", "recommendation_search", "assignment"):
            await Recommendation.raw(f"ANALYZE {table}")


async def _create_cycles(plan: Plan) -> None:
    if not plan.new_cycles:
        return
    rows = [
        Cycle(mechanism=mechanism_id, country=plan.country, code=code, name_es=code, name_en=code)
        for mechanism_id, code, _ in plan.new_cycles
    ]
    result = await Cycle.insert(*rows).returning(Cycle.id, Cycle.mechanism, Cycle.code)
    plan.cycles.update({(row["mechanism"], row["code"]): row["id"] for row in result})


def _new_row(plan: Plan, item: ItemRow, now: dt.datetime) -> dict[str, Any]:
    return {
        "country": plan.country,
        "cycle": plan.cycles[(item.mechanism_id, item.cycle)],
        "provision": item.provision_id,
        "code": item.code,
        "parent": plan.ids[item.parent_code] if item.parent_code else None,
        **item.values,
        "sample": False,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


async def bulk_insert(
    table: type[Table], rows: list[dict[str, Any]], returning: str = ""
) -> list[dict[str, Any]]:
    """Insert rows that share their keys, in multi-row statements; optional RETURNING."""
    if not rows:
        return []
    columns = list(rows[0])
    per_statement = max(1, _MAX_PARAMETERS // len(columns))
    names = ", ".join(f'"{name}"' for name in columns)
    marks = "(" + ", ".join("{}" for _ in columns) + ")"
    returned: list[dict[str, Any]] = []
    for chunk in chunks(rows, per_statement):
        values = [row[name] for row in chunk for name in columns]
        sql = (
            f'INSERT INTO "{table._meta.tablename}" ({names}) VALUES '
            + ", ".join(marks for _ in chunk)
            + (f" RETURNING {returning}" if returning else "")
        )
        returned += await table.raw(sql, *values) or []
    return returned


async def _insert_new(plan: Plan, progress: Progress | None) -> None:
    """Insert in waves: a row goes in once its parent has an id (the file order is free)."""
    pending = plan.creates
    now = clock.now()
    done = 0
    while pending:
        ready = [i for i in pending if i.parent_code is None or i.parent_code in plan.ids]
        if not ready:
            raise RuntimeError("parent loop in an import plan that passed validation")
        for chunk in chunks(ready):
            result = await bulk_insert(
                Recommendation, [_new_row(plan, i, now) for i in chunk], returning='"id", "code"'
            )
            plan.ids.update({row["code"]: row["id"] for row in result})
            done += len(chunk)
            if progress:
                progress("write", done, len(plan.creates))
        pending = [item for item in pending if item.code not in plan.ids]


async def _update_changed(plan: Plan) -> None:
    now = clock.now()
    for update in plan.updates:
        if not update.changed:
            continue  # only its agencies change
        values: dict[Any, Any] = {getattr(Recommendation, k): v for k, v in update.changed.items()}
        if "parent" in update.changed:
            code = update.changed["parent"]
            values[Recommendation.parent] = plan.ids[code] if code else None
        values[Recommendation.version] = Recommendation.version + 1
        values[Recommendation.updated_at] = now
        await Recommendation.update(values).where(Recommendation.id == update.id)


async def _assign(plan: Plan) -> None:
    now = clock.now()
    created = await bulk_insert(
        Assignment,
        [
            {
                "recommendation": plan.ids[code],
                "agency": plan.agencies[agency],
                "role": role,
                "due_on": None,
                "state": AssignmentState.PENDING,
                "version": 1,
                "created_at": now,
            }
            for code, agency, role in plan.assignments
        ],
        returning='"id"',
    )
    # In the import's transaction: the agencies hear of their new work once it is committed.
    await notices.assigned([int(row["id"]) for row in created])
    for assignment_id, role in plan.role_changes:
        await Assignment.update({Assignment.role: role, Assignment.version: Assignment.version + 1}).where(
            Assignment.id == assignment_id
        )

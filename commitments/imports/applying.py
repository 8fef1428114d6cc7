"""Writing a plan: bulk inserts, then the few updates, inside the caller's transaction.

Piccolo's single-row inserts run under 1,000/s on SQLite; multi-row INSERTs of `CHUNK` rows
keep a 10,000-row file well above 2,000 rows/s.
"""

from __future__ import annotations

from typing import Any

from commitments.canonical import utcnow
from commitments.imports.planning import Plan, Progress, chunks
from commitments.imports.rows import ItemRow
from commitments.search import index_recommendations
from commitments.tables import Assignment, Cycle, Recommendation


async def apply_plan(plan: Plan, progress: Progress | None = None) -> None:
    """Create cycles, insert new rows parents first, update changed ones, assign agencies."""
    await _create_cycles(plan)
    await _insert_new(plan, progress)
    await _update_changed(plan)
    await _assign(plan)
    touched = [plan.ids[item.code] for item in plan.creates] + [u.id for u in plan.updates]
    await index_recommendations(touched)


async def _create_cycles(plan: Plan) -> None:
    if not plan.new_cycles:
        return
    rows = [Cycle(mechanism=mechanism_id, country=plan.country, code=code, name_es=code,
                  name_en=code) for mechanism_id, code, _ in plan.new_cycles]
    result = await Cycle.insert(*rows).returning(Cycle.id, Cycle.mechanism, Cycle.code)
    plan.cycles.update({(row["mechanism"], row["code"]): row["id"] for row in result})


def _new_row(plan: Plan, item: ItemRow) -> Recommendation:
    return Recommendation(
        country=plan.country, cycle=plan.cycles[(item.mechanism_id, item.cycle)],
        provision=item.provision_id, code=item.code,
        parent=plan.ids[item.parent_code] if item.parent_code else None, **item.values)


async def _insert_new(plan: Plan, progress: Progress | None) -> None:
    """Insert in waves: a row goes in once its parent has an id (the file order is free)."""
    pending = plan.creates
    done = 0
    while pending:
        ready = [i for i in pending if i.parent_code is None or i.parent_code in plan.ids]
        if not ready:
            raise RuntimeError("parent loop in an import plan that passed validation")
        for chunk in chunks(ready):
            result = await Recommendation.insert(*(_new_row(plan, item) for item in chunk)) \
                .returning(Recommendation.id, Recommendation.code)
            plan.ids.update({row["code"]: row["id"] for row in result})
            done += len(chunk)
            if progress:
                progress("write", done, len(plan.creates))
        pending = [item for item in pending if item.code not in plan.ids]


async def _update_changed(plan: Plan) -> None:
    now = utcnow()
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
    rows = [Assignment(recommendation=plan.ids[code], agency=plan.agencies[agency], role=role)
            for code, agency, role in plan.assignments]
    for chunk in chunks(rows):
        await Assignment.insert(*chunk)
    for assignment_id, role in plan.role_changes:
        await Assignment.update({Assignment.role: role, Assignment.version:
                                 Assignment.version + 1}).where(Assignment.id == assignment_id)

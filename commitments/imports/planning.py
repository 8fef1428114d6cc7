"""Planning an import: every row checked, then compared with what is stored.

A plan is computed without writing anything, so a dry run is simply a plan that is not applied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from commitments.i18n import _
from commitments.imports.columns import PLAIN
from commitments.imports.issues import Issue, RowChange
from commitments.imports.reading import Sheet
from commitments.imports.rows import Catalogue, ItemRow, check_row
from commitments.item_rules import SLOT_FIELDS, settle_states
from commitments.lookup import country_id
from commitments.tables import Agency, Assignment, Cycle, Mechanism, Provision, Recommendation
from commitments.vocabulary import AssignmentRole

Progress = Callable[[str, int, int], None]
T = TypeVar("T")
# Rows per IN (...) list or multi-row INSERT: well under SQLite's and asyncpg's 32,766
# bound parameters even with ~25 columns per row.
CHUNK = 500


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Update:
    item: ItemRow
    id: int
    changed: dict[str, Any]
    before: dict[str, Any]


@dataclass
class Plan:
    """What an import will do; `issues` non-empty means it does nothing."""

    issues: list[Issue] = field(default_factory=list)
    creates: list[ItemRow] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: int = 0
    country: int = 0
    agencies: dict[str, int] = field(default_factory=dict)
    cycles: dict[tuple[int, str], int] = field(default_factory=dict)
    new_cycles: list[tuple[int, str, str]] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    assignments: list[tuple[str, str, str]] = field(default_factory=list)
    role_changes: list[tuple[int, str]] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)


async def load_catalogue() -> Catalogue:
    """Mechanisms, provisions and agencies by code, in three queries."""
    country = await country_id()
    mechanisms = await Mechanism.select(Mechanism.id, Mechanism.code)
    provisions = await Provision.select(Provision.id, Provision.mechanism, Provision.code)
    agencies = await Agency.select(Agency.id, Agency.code).where(Agency.country == country)
    return Catalogue(
        country=country,
        mechanisms={r["code"]: r["id"] for r in mechanisms},
        provisions={(r["mechanism"], r["code"]): r["id"] for r in provisions},
        agencies={r["code"]: r["id"] for r in agencies},
    )


def duplicate_issues(items: list[ItemRow]) -> list[Issue]:
    """A code may appear once per file; later rows name the first."""
    first: dict[str, int] = {}
    issues = []
    for item in items:
        if item.code in first:
            issues.append(
                Issue(
                    item.number,
                    "reference",
                    _("código repetido «%(code)s» (ya está en la fila %(row)s)"),
                    {"code": item.code, "row": first[item.code]},
                )
            )
        else:
            first[item.code] = item.number
    return issues


def parent_issues(items: list[ItemRow], stored: set[str]) -> list[Issue]:
    """Parents must exist in the file (anywhere in it) or already be stored; no loops."""
    parents = {item.code: item.parent_code for item in items}
    issues = []
    for item in items:
        parent = item.parent_code
        if parent is None:
            continue
        reference = parent.split("-", 2)[-1]
        if parent == item.code:
            issues.append(Issue(item.number, "parent", _("una recomendación no puede ser su propio padre")))
        elif parent not in parents and parent not in stored:
            issues.append(
                Issue(
                    item.number,
                    "parent",
                    _("padre desconocido «%(value)s» en el ciclo %(cycle)s"),
                    {"value": reference, "cycle": item.cycle},
                )
            )
        elif _loops(item.code, parents):
            issues.append(
                Issue(
                    item.number,
                    "parent",
                    _("los padres forman un ciclo (%(code)s es su propio antepasado)"),
                    {"code": item.code},
                )
            )
    return issues


def _loops(code: str, parents: dict[str, str | None]) -> bool:
    # Only chains inside the file are followed: stored rows the file does not mention keep
    # their parent, and a stored parent cannot point back to a row created now.
    seen = {code}
    current = parents.get(code)
    while current is not None and current in parents:
        if current in seen:
            return True
        seen.add(current)
        current = parents[current]
    return False


async def _stored(country: int, codes: list[str]) -> dict[str, dict[str, Any]]:
    """Stored recommendations with these codes, by code."""
    columns = [
        Recommendation.id,
        Recommendation.code,
        Recommendation.parent,
        Recommendation.provision,
        Recommendation.version,
        *(getattr(Recommendation, name) for name in PLAIN),
    ]
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunks(codes):
        rows = await Recommendation.select(*columns).where(
            (Recommendation.country == country) & Recommendation.code.is_in(list(chunk))
        )
        found.update({row["code"]: row for row in rows})
    return found


async def _stored_assignments(ids: list[int]) -> dict[int, dict[str, tuple[int, str]]]:
    """recommendation id -> agency code -> (assignment id, role)."""
    found: dict[int, dict[str, tuple[int, str]]] = {}
    for chunk in chunks(ids):
        rows = await Assignment.select(
            Assignment.id,
            Assignment.recommendation,
            Assignment.role,
            Assignment.agency._.code.as_alias("agency_code"),
        ).where(Assignment.recommendation.is_in(list(chunk)))
        for row in rows:
            found.setdefault(row["recommendation"], {})[row["agency_code"]] = (row["id"], row["role"])
    return found


async def build_plan(sheet: Sheet, progress: Progress | None = None) -> Plan:
    """Check every row and compare it with the stored catalogue; write nothing."""
    catalogue = await load_catalogue()
    plan = Plan(issues=list(sheet.issues), country=catalogue.country, agencies=catalogue.agencies)
    items = []
    for index, source in enumerate(sheet.rows, start=1):
        item, issues = check_row(source, catalogue)
        plan.issues += issues
        if item:
            items.append(item)
        if progress and index % CHUNK == 0:
            progress("check", index, len(sheet.rows))
    plan.issues += duplicate_issues(items)
    wanted = sorted({i.code for i in items} | {i.parent_code for i in items if i.parent_code})
    stored = await _stored(catalogue.country, wanted)
    plan.ids = {code: row["id"] for code, row in stored.items()}
    plan.issues += parent_issues(items, set(stored))
    for item in items:
        plan.issues += settle_translations(item, stored.get(item.code))
    if plan.issues:
        plan.issues.sort(key=lambda issue: (issue.row, issue.column))
        return plan
    await _plan_cycles(plan, items)
    assignments = await _stored_assignments([row["id"] for row in stored.values()])
    for item in items:
        _plan_item(plan, item, stored.get(item.code), assignments)
    return plan


def settle_translations(item: ItemRow, stored: dict[str, Any] | None) -> list[Issue]:
    """Each translation slot's state from what the row gives and what is stored."""
    problems = settle_states(item.values, item.present, stored)
    states = {state for _title, _text, state in SLOT_FIELDS.values() if item.values.get(state)}
    item.present = item.present | states
    return [Issue(item.number, p.field, p.message, p.params) for p in problems]


async def _plan_cycles(plan: Plan, items: list[ItemRow]) -> None:
    rows = await Cycle.select(Cycle.id, Cycle.mechanism, Cycle.code).where(Cycle.country == plan.country)
    plan.cycles = {(row["mechanism"], row["code"]): row["id"] for row in rows}
    for item in items:
        key = (item.mechanism_id, item.cycle)
        if key not in plan.cycles and (*key, item.mechanism) not in plan.new_cycles:
            plan.new_cycles.append((*key, item.mechanism))


def _plan_item(
    plan: Plan,
    item: ItemRow,
    stored: dict[str, Any] | None,
    assignments: dict[int, dict[str, tuple[int, str]]],
) -> None:
    if stored is None:
        plan.creates.append(item)
        plan.assignments += [
            (item.code, code, AssignmentRole.LEAD if position == 0 else AssignmentRole.SUPPORT)
            for position, code in enumerate(item.agencies)
        ]
        plan.changes.append(RowChange(row=item.number, code=item.code, action="created"))
        return
    changed, before = _diff(item, stored, plan.ids)
    fields = sorted(changed)
    if _plan_agencies(plan, item, assignments.get(stored["id"], {})):
        fields.append("agencies")
    if not fields:
        plan.unchanged += 1
        return
    plan.updates.append(Update(item, stored["id"], changed, before))
    plan.changes.append(RowChange(row=item.number, code=item.code, action="updated", fields=fields))


def _diff(
    item: ItemRow, stored: dict[str, Any], ids: dict[str, int]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Columns the file sets to another value; columns it lacks are left alone."""
    target = {name: item.values[name] for name in PLAIN if name in item.present}
    if "provision" in item.present:
        target["provision"] = item.provision_id
    changed = {name: value for name, value in target.items() if stored[name] != value}
    if "parent" in item.present:
        parent_id = ids.get(item.parent_code) if item.parent_code else None
        # A parent created by this same file has no id yet: it is a change by definition.
        if parent_id != stored["parent"] or (item.parent_code and parent_id is None):
            changed["parent"] = item.parent_code
    before = {name: stored[name] for name in changed}
    return changed, before


def _plan_agencies(plan: Plan, item: ItemRow, current: dict[str, tuple[int, str]]) -> bool:
    """First listed agency leads, new ones support; assignments not listed are kept.

    A new lead demotes the previous leads to support. When the first listed agency already
    leads nothing else changes, so a recommendation with two leads (possible through the API)
    survives an export and re-import unchanged.
    """
    if not item.agencies:
        return False
    lead, *others = item.agencies
    if lead in current and current[lead][1] == AssignmentRole.LEAD:
        new = [code for code in others if code not in current]
        plan.assignments += [(item.code, code, AssignmentRole.SUPPORT) for code in new]
        return bool(new)
    if lead in current:
        plan.role_changes.append((current[lead][0], AssignmentRole.LEAD))
    else:
        plan.assignments.append((item.code, lead, AssignmentRole.LEAD))
    plan.assignments += [(item.code, code, AssignmentRole.SUPPORT) for code in others if code not in current]
    plan.role_changes += [
        (assignment_id, AssignmentRole.SUPPORT)
        for code, (assignment_id, role) in current.items()
        if code != lead and role == AssignmentRole.LEAD
    ]
    return True

"""Importing a catalogue file: all or nothing, one audit event per import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio

from commitments.actor import Actor
from commitments.canonical import canonical_json, sha256_hex
from commitments.db import engine, is_postgres_engine, writing
from commitments.errors import InvalidInput
from commitments.i18n import _
from commitments.imports.applying import apply_plan
from commitments.imports.issues import ImportResult, Issue
from commitments.imports.planning import Plan, Progress, build_plan
from commitments.imports.reading import Sheet, mapping_rows, read_file
from commitments.services import audit
from commitments.settings import get_settings
from commitments.tables import Recommendation


@asynccontextmanager
async def _planning(write: bool) -> AsyncIterator[None]:
    """One transaction for the whole plan (one connection, one snapshot), writing or not."""
    async with writing() if write else engine().transaction():
        if is_postgres_engine():
            # The plan runs the same IN (...) lookup many times; after five runs PostgreSQL
            # would switch to a generic plan that scans the table (2 s instead of 0.2 s for
            # 10,000 rows).
            await Recommendation.raw("SET LOCAL plan_cache_mode = force_custom_plan")
        yield


def size_issue(size: int) -> Issue | None:
    """An issue if a file of `size` bytes exceeds the import limit (checkable before reading)."""
    limit = get_settings().import_max_mb
    if size <= limit * 1024 * 1024:
        return None
    return Issue(
        0,
        "",
        _("el archivo pesa %(size)s MB; el máximo es %(limit)s MB"),
        {"size": f"{size / 1024 / 1024:.1f}", "limit": limit},
    )


def _result(plan: Plan, sha256: str, dry_run: bool, locale: str) -> ImportResult:
    if plan.issues:
        return ImportResult(
            dry_run=dry_run, file_sha256=sha256, errors=[issue.render(locale) for issue in plan.issues]
        )
    return ImportResult(
        created=len(plan.creates),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        dry_run=dry_run,
        file_sha256=sha256,
        changes=plan.changes,
        cycles_created=[f"{m}-{code}" for _, code, m in plan.new_cycles],
        assignments_created=len(plan.assignments),
    )


def _audit_detail(plan: Plan, result: ImportResult, filename: str) -> dict[str, Any]:
    # Codes and changed values go in the one event: cheap to write, and enough to tell what
    # a given import did without one event per row.
    return {
        "file": filename,
        "sha256": result.file_sha256,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "cycles_created": result.cycles_created,
        "created_codes": [item.code for item in plan.creates],
        "updated_fields": {u.item.code: {"before": u.before, "after": u.changed} for u in plan.updates},
        "assignments": [list(a) for a in plan.assignments],
    }


async def import_sheet(
    actor: Actor,
    sheet: Sheet,
    *,
    filename: str,
    sha256: str,
    dry_run: bool = False,
    locale: str | None = None,
    progress: Progress | None = None,
    audit_unchanged: bool = True,
) -> ImportResult:
    """Plan rows already read; apply them in one transaction unless there are errors."""
    actor.require_commission()
    locale = locale or get_settings().locale
    if dry_run or sheet.issues and not sheet.rows:
        async with _planning(write=False):
            return _result(await build_plan(sheet, progress), sha256, dry_run, locale)
    async with _planning(write=True):
        plan = await build_plan(sheet, progress)
        result = _result(plan, sha256, dry_run, locale)
        if result.errors:
            return result
        await apply_plan(plan, progress)
        if audit_unchanged or result.created or result.updated:
            await audit.record(
                actor, "catalogue.import", "import", sha256, after=_audit_detail(plan, result, filename)
            )
    return result


async def import_file(
    actor: Actor,
    filename: str,
    data: bytes,
    dry_run: bool = False,
    locale: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a .csv/.xlsx/.yaml/.json catalogue file (commission only); see ImportResult."""
    actor.require_commission()
    locale = locale or get_settings().locale
    sha256 = sha256_hex(data)
    too_large = size_issue(len(data))
    if too_large:
        return ImportResult(
            errors=[too_large.render(locale)], dry_run=dry_run, file_sha256=sha256, too_large=True
        )
    # Parsing is CPU-bound (a large workbook takes seconds): never on the event loop.
    sheet = await anyio.to_thread.run_sync(read_file, filename, data, get_settings().import_max_rows)
    if sheet.unsupported:
        return ImportResult(
            errors=[issue.render(locale) for issue in sheet.issues],
            dry_run=dry_run,
            file_sha256=sha256,
            unsupported=True,
        )
    return await import_sheet(
        actor, sheet, filename=filename, sha256=sha256, dry_run=dry_run, locale=locale, progress=progress
    )


async def import_items(actor: Actor, items: list[dict[str, Any]], source: str = "seeds") -> ImportResult:
    """Import already-parsed mappings (the seeds); raise InvalidInput listing any errors."""
    sheet = mapping_rows(items, max(len(items), 1))
    # Seeds load on every `init`: only a load that changes something is worth an event.
    result = await import_sheet(
        actor, sheet, filename=source, sha256=sha256_hex(canonical_json(items)), audit_unchanged=False
    )
    if result.errors:
        listed = "; ".join(f"item {e.row}, {e.column or '-'}: {e.message}" for e in result.errors[:10])
        raise InvalidInput(f"{source}: {len(result.errors)} errors: {listed}")
    return result

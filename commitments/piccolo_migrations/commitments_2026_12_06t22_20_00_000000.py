"""Covering indexes for the filtered list.

A list filtered by mechanism or cycle and by agency (and every focal point's list, which keeps
its agency's assignments) counts and pages its rows from these indexes alone instead of reading
each candidate recommendation's row: on PostgreSQL, 10,000 items, `mechanism=OGP&agency=MINFIN`,
the count went from ~10 to ~1 ms (bench/RESULTS.md). PostgreSQL carries the id in the index
(INCLUDE); on SQLite every index holds the rowid, which is the id.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-12-06T22:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "covering indexes for the filtered list"

POSTGRES = (
    'CREATE INDEX IF NOT EXISTS recommendation_cycle_list ON "recommendation" '
    '("cycle", "country", "code") INCLUDE ("id")',
    'CREATE INDEX IF NOT EXISTS assignment_agency_recommendation ON "assignment" ("agency", "recommendation")',
)
SQLITE = (
    'CREATE INDEX IF NOT EXISTS recommendation_cycle_list ON "recommendation" ("cycle", "country", "code")',
    'CREATE INDEX IF NOT EXISTS assignment_agency_recommendation ON "assignment" ("agency", "recommendation")',
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        engine = Finder().get_engine()
        for statement in POSTGRES if engine.engine_type == "postgres" else SQLITE:
            await engine.run_ddl(statement)

    async def run_backwards():
        engine = Finder().get_engine()
        for name in ("recommendation_cycle_list", "assignment_agency_recommendation"):
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager

"""A report holds each authored section once (a unique index, as for the other composite keys)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-12-03T11:11:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one row per report and section key"

STATEMENTS = ('CREATE UNIQUE INDEX report_section_report_key_key ON "report_section" ("report", "key")',)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        engine = Finder().get_engine()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager

"""Memberships take their country: a focal point its agency's; anyone else the first country
loaded (before this version an instance served one country, in practice the only one)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-12-02T14:03:35:000000"
VERSION = "1.38.0"
DESCRIPTION = "memberships take their country"

STATEMENTS = (
    'UPDATE "membership" SET "country" = (SELECT "agency"."country" FROM "agency" '
    'WHERE "agency"."id" = "membership"."agency") WHERE "country" IS NULL AND "agency" IS NOT NULL',
    'UPDATE "membership" SET "country" = (SELECT min("id") FROM "country") WHERE "country" IS NULL',
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        engine = Finder().get_engine()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager

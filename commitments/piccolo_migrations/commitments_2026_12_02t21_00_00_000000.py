"""At most one open reporting period per country, held by a partial unique index.

Before, a second open period silently switched every agency's inbox to the one ending last, so
only that one was ever answered in. Where a database has several open periods in a country,
this keeps the one ending last (the one agencies saw) open and closes the others, then adds the
index. The SQL is written out here so the migration stays as it was written.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-12-02T21:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one open period per country"

CLOSE_ALL_BUT_THE_LAST = (
    "UPDATE period SET is_open = false, version = version + 1 WHERE is_open AND EXISTS ("
    "SELECT 1 FROM period AS later WHERE later.country = period.country AND later.is_open "
    "AND (later.ends_on > period.ends_on OR (later.ends_on = period.ends_on AND later.id > period.id)))"
)
INDEX = "CREATE UNIQUE INDEX IF NOT EXISTS period_one_open_per_country ON period (country) WHERE is_open"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        engine = Finder().get_engine()
        await engine.run_ddl(CLOSE_ALL_BUT_THE_LAST)
        await engine.run_ddl(INDEX)

    async def run_backwards():
        engine = Finder().get_engine()
        await engine.run_ddl("DROP INDEX IF EXISTS period_one_open_per_country")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager

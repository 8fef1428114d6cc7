"""Civil society's unique indexes, which SQLite cannot add through ALTER TABLE: one
organisation code per country, and one assessment per organisation, recommendation and period
(two first saves at once: one of them is refused)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-12-06T14:47:34:000000"
VERSION = "1.38.0"
DESCRIPTION = "civil society: one organisation code per country, one assessment per period"

INDEXES = (
    'CREATE UNIQUE INDEX organisation_country_code_key ON "organisation" ("country", "code")',
    "CREATE UNIQUE INDEX civil_society_assessment_one_key ON "
    '"civil_society_assessment" ("organisation", "recommendation", "period")',
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        for statement in INDEXES:
            await Finder().get_engine().run_ddl(statement)

    manager.add_raw(run)
    return manager

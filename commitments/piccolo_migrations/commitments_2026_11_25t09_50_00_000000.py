"""Composite unique keys and filter indexes.

Piccolo's auto-migrations add composite UNIQUE constraints with ALTER TABLE ... ADD CONSTRAINT,
which SQLite does not support; unique indexes give the same guarantee on both databases.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-11-25T09:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "composite unique keys and filter indexes"

STATEMENTS = (
    'CREATE UNIQUE INDEX rating_level_mechanism_code_key ON "rating_level" ("mechanism", "code")',
    'CREATE UNIQUE INDEX provision_mechanism_code_key ON "provision" ("mechanism", "code")',
    'CREATE UNIQUE INDEX cycle_country_mechanism_code_key ON "cycle" ("country", "mechanism", "code")',
    'CREATE UNIQUE INDEX agency_country_code_key ON "agency" ("country", "code")',
    'CREATE UNIQUE INDEX recommendation_country_code_key ON "recommendation" ("country", "code")',
    'CREATE UNIQUE INDEX recommendation_link_a_b_key ON "recommendation_link" ("a", "b")',
    'CREATE UNIQUE INDEX assignment_recommendation_agency_key ON "assignment" ("recommendation", "agency")',
    'CREATE UNIQUE INDEX period_country_code_key ON "period" ("country", "code")',
    'CREATE UNIQUE INDEX response_assignment_period_key ON "response" ("assignment", "period")',
    'CREATE INDEX assessment_recommendation_period_source ON "assessment" ("recommendation", "period", "source")',
    'CREATE INDEX evidence_recommendation_visibility ON "evidence" ("recommendation", "visibility")',
    'CREATE INDEX assignment_agency_state ON "assignment" ("agency", "state")',
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        engine = Finder().get_engine()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager

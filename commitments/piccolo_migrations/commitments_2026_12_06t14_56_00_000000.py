"""Roundtables and the transparency rating: the natural keys their services rely on, held by
unique indexes (SQLite cannot add a constraint to a table through ALTER TABLE): one roundtable
code and one rating year per country, one link per roundtable and recommendation, one rated
agency per year, indicator and criterion codes unique within their year, one score per
criterion and agency (a contest's own one-per-score rule is its column's unique constraint)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-12-06T14:56:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "roundtables and transparency rating: unique natural keys"

INDEXES = (
    'CREATE UNIQUE INDEX roundtable_country_code_key ON "roundtable" ("country", "code")',
    'CREATE UNIQUE INDEX roundtable_recommendation_pair_key ON "roundtable_recommendation" '
    '("roundtable", "recommendation")',
    'CREATE UNIQUE INDEX scorecard_year_country_year_key ON "scorecard_year" ("country", "year")',
    'CREATE UNIQUE INDEX scorecard_agency_pair_key ON "scorecard_agency" ("scorecard", "agency")',
    'CREATE UNIQUE INDEX scorecard_indicator_code_key ON "scorecard_indicator" ("scorecard", "code")',
    'CREATE UNIQUE INDEX scorecard_criterion_code_key ON "scorecard_criterion" ("scorecard", "code")',
    'CREATE UNIQUE INDEX scorecard_score_pair_key ON "scorecard_score" ("criterion", "agency")',
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        engine = Finder().get_engine()
        for index in INDEXES:
            await engine.run_ddl(index)

    manager.add_raw(run)
    return manager

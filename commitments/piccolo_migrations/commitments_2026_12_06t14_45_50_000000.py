"""Scales, translations and kinds as data.

- Each mechanism's levels become its first scale (coded by the mechanism's code); levels are
  unique per scale instead of per mechanism, so a mechanism may keep the scale of an earlier
  model beside today's (EITI 2016 and 2021).
- The one translation slot moves to the slot of its language (English for a Spanish original,
  Spanish for any other), marked reviewed: it was printed as the commission's translation and
  counted as complete before, and a report that could be issued stays so.
- The search index reads the translation slots, so it is built anew.
- Kinds outside their mechanism's vocabulary (most often the column's old default,
  "recommendation", on an OGP item) become the mechanism's default kind, as they stood on the
  day of this migration.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-12-06T14:45:50:000000"
VERSION = "1.38.0"
DESCRIPTION = "first scale per mechanism, translation slots, kinds per mechanism"

# The vocabulary as it stood when this migration was written (commitments/kinds.py).
KINDS = {
    "MESICIC": ("recommendation", "suggested_measure"),
    "UNCAC": ("recommendation",),
    "EITI": (
        "corrective_action",
        "board_decision",
        "corrective_statement",
        "finding",
        "priority",
        "recommendation",
    ),
    "COST": ("recommendation", "finding"),
    "STAR": ("engagement",),
    "OGP": ("commitment", "milestone", "irm_recommendation", "irm_assessment"),
}

INDEXES = (
    'DROP INDEX IF EXISTS rating_level_mechanism_code_key',
    'CREATE UNIQUE INDEX rating_level_scale_code_key ON "rating_level" ("scale", "code")',
    'CREATE UNIQUE INDEX scale_mechanism_code_key ON "scale" ("mechanism", "code")',
    'CREATE UNIQUE INDEX review_document_country_mechanism_reference_key '
    'ON "review_document" ("country", "mechanism", "reference")',
)

TRANSLATIONS = (
    "UPDATE recommendation SET translation_en = text_translated, translation_state_en = 'reviewed' "
    "WHERE language = 'es' AND text_translated <> ''",
    "UPDATE recommendation SET translation_es = text_translated, translation_state_es = 'reviewed' "
    "WHERE language <> 'es' AND text_translated <> ''",
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        from commitments.db import after_migrations
        from commitments.search import reindex_all
        from commitments.tables import Mechanism

        engine = Finder().get_engine()
        mechanisms = await Mechanism.raw("SELECT id, code FROM mechanism ORDER BY id")
        for mechanism in mechanisms:
            if not await Mechanism.raw("SELECT id FROM rating_level WHERE mechanism = {}", mechanism["id"]):
                continue
            created = await Mechanism.raw(
                "INSERT INTO scale (mechanism, code, name_es, name_en, position) "
                "VALUES ({}, {}, '', '', 0) RETURNING id",
                mechanism["id"],
                mechanism["code"],
            )
            await Mechanism.raw(
                "UPDATE rating_level SET scale = {} WHERE mechanism = {}", created[0]["id"], mechanism["id"]
            )
        for statement in INDEXES + TRANSLATIONS:
            await engine.run_ddl(statement)
        for mechanism in mechanisms:
            kinds = KINDS.get(mechanism["code"], ("recommendation",))
            marks = ", ".join("{}" for _ in kinds)
            await Mechanism.raw(
                f"UPDATE recommendation SET kind = {{}} WHERE kind NOT IN ({marks}) "
                "AND cycle IN (SELECT id FROM cycle WHERE mechanism = {})",
                kinds[0],
                *kinds,
                mechanism["id"],
            )
        after_migrations(reindex_all)

    manager.add_raw(run)
    return manager

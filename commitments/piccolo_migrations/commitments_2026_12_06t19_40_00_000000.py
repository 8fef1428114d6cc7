"""A stamp that changes whenever reference data changes, so every worker of every host knows
when its cached copy is out of date (commitments/refcache.py).

Triggers set it, so every write of those tables, by a service, an import, the seeds or by hand,
changes it in the same transaction: a reader that sees the write sees the new stamp. The stamp
is random rather than counted, so two databases (a test's copies of one template, a restored
backup) never share a stamp with different contents."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-12-06T19:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "reference data stamp"

# Reference tables whose contents refcache.py keeps per worker.
TABLES = ("country", "mechanism", "scale", "rating_level", "cycle", "review_document", "agency", "period")

CREATE = (
    'CREATE TABLE "reference_stamp" ("id" INTEGER PRIMARY KEY, "stamp" BIGINT NOT NULL)',
    'INSERT INTO "reference_stamp" ("id", "stamp") VALUES (1, 0)',
)

# SQLite: row triggers (reference tables are small; a bulk load touches one row per write).
SQLITE = tuple(
    f'CREATE TRIGGER "reference_stamp_{table}_{op.lower()}" AFTER {op} ON "{table}" '
    'BEGIN UPDATE "reference_stamp" SET "stamp" = random() WHERE "id" = 1; END'
    for table in TABLES
    for op in ("INSERT", "UPDATE", "DELETE")
)

# PostgreSQL: one statement trigger per table.
POSTGRES = (
    "CREATE FUNCTION reference_stamp_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE reference_stamp SET stamp = floor(random() * 9e18)::bigint - 4500000000000000000 "
    "WHERE id = 1; RETURN NULL; END $$",
    *(
        f'CREATE TRIGGER "reference_stamp_{table}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
        f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION reference_stamp_bump()'
        for table in TABLES
    ),
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        engine = Finder().get_engine()
        statements = CREATE + (POSTGRES if engine.engine_type == "postgres" else SQLITE)
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager

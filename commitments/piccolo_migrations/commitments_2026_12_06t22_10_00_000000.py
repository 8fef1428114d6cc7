"""Search ranked inside a RUM index on PostgreSQL, where the `rum` extension is available.

`ts_rank` reads the tsvector of every match from the table, so a word found in half of 100,000
recommendations costs ~100 ms whatever the page's size; the RUM index keeps each word's
positions and weights and returns the best matches in order (`ORDER BY document <=> query
LIMIT n`). The extension is optional: where it is not shipped (Debian: `postgresql-15-rum`)
or may not be created, the block below says so and the search goes on with the GIN index and
`ts_rank` (commitments.search.rank_index decides at query time). The GIN index stays: it
answers counts and filters. SQLite: nothing to do (FTS5 ranks in its own index).
"""

import logging

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-12-06T22:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "search ranked inside a RUM index where PostgreSQL has it"

# A refusal (not shipped, no permission) is caught inside the block, so the migration's
# transaction goes on without it.
RUM = """DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
    CREATE EXTENSION IF NOT EXISTS rum;
    CREATE INDEX IF NOT EXISTS recommendation_search_rank
      ON recommendation_search USING rum (document rum_tsvector_ops);
  ELSE
    RAISE NOTICE 'the rum extension is not available';
  END IF;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'the rum extension could not be created: %', SQLERRM;
END $$"""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        engine = Finder().get_engine()
        if engine.engine_type != "postgres":
            return
        await engine.run_ddl(RUM)
        found = await engine.run_ddl(
            "SELECT 1 AS found FROM pg_indexes WHERE indexname = 'recommendation_search_rank'"
        )
        if not found:
            logging.getLogger("commitments.search").warning(
                "the rum extension is not available: search ranks with ts_rank over the GIN index "
                "(install postgresql-15-rum, then see README, Search)"
            )

    async def run_backwards():
        engine = Finder().get_engine()
        if engine.engine_type == "postgres":
            await engine.run_ddl("DROP INDEX IF EXISTS recommendation_search_rank")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager

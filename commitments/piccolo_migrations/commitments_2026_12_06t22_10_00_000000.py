"""PostgreSQL search ranks faster: a narrow index table, and a RUM index where the `rum`
extension is available. SQLite: nothing to do (FTS5 ranks in its own index).

- `recommendation_search` keeps only the id and the weighted tsvector: the text snippets are cut
  from (`content`) is read from `recommendation` for the rows shown. Ranking without the RUM
  index reads every match's tsvector, and a narrower row is read faster (a word in 70 % of
  100,000 rows: ~105 -> ~80 ms). The table is copied into a new one rather than altered, since
  a dropped column's bytes stay in every row until it is written again.
- The RUM index keeps each word's positions and weights and returns the best matches in order
  (`ORDER BY document <=> query LIMIT n`), so a page of 50 no longer costs a `ts_rank` of every
  match. The extension is optional: where it is not shipped (Debian: `postgresql-15-rum`) or may
  not be created, the block below says so and the search goes on with the GIN index and
  `ts_rank` (commitments.search.rank_index decides at query time). The GIN index stays: it
  answers counts and filters.
"""

import logging

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-12-06T22:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "narrow search index table; search ranked inside a RUM index where PostgreSQL has it"

NARROW = (
    "CREATE TABLE recommendation_search_narrow ("
    "recommendation_id INTEGER PRIMARY KEY REFERENCES recommendation (id) ON DELETE CASCADE, "
    "document TSVECTOR NOT NULL)",
    "INSERT INTO recommendation_search_narrow (recommendation_id, document) "
    "SELECT recommendation_id, document FROM recommendation_search",
    "DROP TABLE recommendation_search",
    "ALTER TABLE recommendation_search_narrow RENAME TO recommendation_search",
    "ALTER INDEX recommendation_search_narrow_pkey RENAME TO recommendation_search_pkey",
    "ALTER TABLE recommendation_search RENAME CONSTRAINT "
    "recommendation_search_narrow_recommendation_id_fkey TO recommendation_search_recommendation_id_fkey",
    "CREATE INDEX recommendation_search_document ON recommendation_search USING GIN (document)",
)
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
        for statement in NARROW:
            await engine.run_ddl(statement)
        await engine.run_ddl(RUM)
        await engine.run_ddl("ANALYZE recommendation_search")
        found = await engine.run_ddl(
            "SELECT 1 AS found FROM pg_indexes WHERE indexname = 'recommendation_search_rank'"
        )
        if not found:
            logging.getLogger("commitments.search").warning(
                "the rum extension is not available: search ranks with ts_rank over the GIN index "
                "(install postgresql-15-rum, then see README, Search)"
            )

    manager.add_raw(run)
    return manager

"""The vocabulary of the searchable texts, for "did you mean" suggestions
(commitments/search_words.py keeps it in sync with the search index).

`search_word` (each word folded and as written, with its number of trigrams) and, where near
words are found without pg_trgm (SQLite; PostgreSQL where the extension cannot be created),
`search_word_trigram`. On PostgreSQL the pg_trgm extension is created if it can be, in a block
that survives a refusal, with a trigram index on the words. Existing texts are read once the
schema is whole.
"""

import logging

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-12-06T19:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "vocabulary of the searchable texts for suggestions"

TABLES = (
    "CREATE TABLE IF NOT EXISTS search_word ("
    "folded TEXT PRIMARY KEY, word TEXT NOT NULL, grams INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_word_trigram ("
    "trigram TEXT NOT NULL, folded TEXT NOT NULL, PRIMARY KEY (trigram, folded))",
)
SQLITE_TABLES = (
    "CREATE TABLE IF NOT EXISTS search_word ("
    "folded TEXT PRIMARY KEY, word TEXT NOT NULL, grams INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS search_word_trigram ("
    "trigram TEXT NOT NULL, folded TEXT NOT NULL, PRIMARY KEY (trigram, folded)) WITHOUT ROWID",
)
# A refusal (no permission, extension not shipped) is caught inside the block, so the
# migration's transaction goes on without it.
PG_TRGM = """DO $$ BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm could not be created: %', SQLERRM;
END $$"""
PG_INDEX = "CREATE INDEX IF NOT EXISTS search_word_folded_trgm ON search_word USING GIN (folded gin_trgm_ops)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        from commitments.db import after_migrations
        from commitments.suggest import rebuild_vocabulary

        engine = Finder().get_engine()
        if engine.engine_type == "postgres":
            for statement in TABLES:
                await engine.run_ddl(statement)
            await engine.run_ddl(PG_TRGM)
            if await engine.run_ddl("SELECT 1 AS found FROM pg_extension WHERE extname = 'pg_trgm'"):
                await engine.run_ddl(PG_INDEX)
            else:
                logging.getLogger("commitments.search_words").warning(
                    "pg_trgm could not be created: near words will be found through search_word_trigram"
                )
        else:
            for statement in SQLITE_TABLES:
                await engine.run_ddl(statement)
        after_migrations(rebuild_vocabulary)

    async def run_backwards():
        engine = Finder().get_engine()
        await engine.run_ddl("DROP TABLE IF EXISTS search_word_trigram")
        await engine.run_ddl("DROP TABLE IF EXISTS search_word")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager

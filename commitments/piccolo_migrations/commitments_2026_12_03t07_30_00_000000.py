"""Search by word forms: the index gains the Spanish and English stems of every text
(commitments.stemming), the same on both engines.

SQLite: the FTS5 table is made again with a fourth column, `stems`, ranked lowest. PostgreSQL:
the tsvectors' lowest weight holds the stems instead of the `spanish` dictionary's lexemes.
The stems are computed in Python, so the index is rebuilt through the search module once every
pending migration has run (the tables' SQL is written out here): rebuilding it here, with a later
version's indexing code and this point's schema, fails."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-12-03T07:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "search by Spanish and English word forms"

SQLITE = (
    "DROP TABLE IF EXISTS recommendation_search",
    "CREATE VIRTUAL TABLE recommendation_search USING fts5("
    "keys, title, body, stems, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 4 5')",
    "INSERT INTO recommendation_search (recommendation_search, rank) "
    "VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 0.5)')",
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        from commitments.db import after_migrations
        from commitments.search import reindex_all

        engine = Finder().get_engine()
        if engine.engine_type != "postgres":
            for statement in SQLITE:
                await engine.run_ddl(statement)
        after_migrations(reindex_all)

    manager.add_raw(run)
    return manager

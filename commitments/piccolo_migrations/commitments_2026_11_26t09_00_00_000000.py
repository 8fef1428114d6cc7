"""Full-text search index over recommendations (commitments/search.py keeps it in sync).

SQLite: an FTS5 table with `remove_diacritics 2`, ranked by bm25 with code and reference weighted
first. PostgreSQL: the `unaccent` extension, two text search configurations that unaccent before
the `simple` and `spanish` dictionaries, and a table of weighted tsvectors with a GIN index.
Existing recommendations are indexed here; the SQL is copied, not imported, so this migration
stays as it was written whatever search.py becomes.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-11-26T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "full-text search index over recommendations"

SQLITE = (
    # Three columns, not one per field: bm25 costs per column, and on 100,000 rows a query
    # matching half of them ranks ~40% faster this way.
    "CREATE VIRTUAL TABLE IF NOT EXISTS recommendation_search USING fts5("
    "keys, title, body, tokenize = 'unicode61 remove_diacritics 2')",
    # Column weights, in the order above: codes, references and provisions first.
    "INSERT INTO recommendation_search (recommendation_search, rank) "
    "VALUES ('rank', 'bm25(10.0, 4.0, 1.0)')",
    "INSERT INTO recommendation_search (rowid, keys, title, body) "
    "SELECT r.id, r.code || ' ' || r.reference || COALESCE(' ' || p.code, ''), "
    "r.title || COALESCE(' ' || p.title_es || ' ' || p.title_en, ''), "
    "r.text || ' ' || r.text_translated "
    "FROM recommendation AS r LEFT JOIN provision AS p ON p.id = r.provision",
)

_WORDS = ("asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, "
          "numhword, hword_numpart")
POSTGRES = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'commitments_simple') THEN
        CREATE TEXT SEARCH CONFIGURATION commitments_simple (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION commitments_simple
          ALTER MAPPING FOR {_WORDS} WITH unaccent, simple;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'commitments_spanish') THEN
        CREATE TEXT SEARCH CONFIGURATION commitments_spanish (COPY = spanish);
        ALTER TEXT SEARCH CONFIGURATION commitments_spanish
          ALTER MAPPING FOR {_WORDS} WITH unaccent, spanish_stem;
      END IF;
    END $$""",
    "CREATE TABLE IF NOT EXISTS recommendation_search ("
    "recommendation_id INTEGER PRIMARY KEY REFERENCES recommendation (id) ON DELETE CASCADE, "
    "content TEXT NOT NULL DEFAULT '', document TSVECTOR NOT NULL)",
    "CREATE INDEX IF NOT EXISTS recommendation_search_document "
    "ON recommendation_search USING GIN (document)",
    "INSERT INTO recommendation_search (recommendation_id, content, document) "
    "SELECT r.id, concat_ws(' ', NULLIF(r.title, ''), r.text, NULLIF(r.text_translated, '')), "
    "setweight(to_tsvector('commitments_simple', "
    "concat_ws(' ', r.code, r.reference, p.code)), 'A') || "
    "setweight(to_tsvector('commitments_simple', "
    "concat_ws(' ', r.title, p.title_es, p.title_en)), 'B') || "
    "setweight(to_tsvector('commitments_simple', concat_ws(' ', r.text, r.text_translated)), "
    "'C') || setweight(to_tsvector('commitments_spanish', "
    "concat_ws(' ', r.title, r.text, r.text_translated)), 'D') "
    "FROM recommendation AS r LEFT JOIN provision AS p ON p.id = r.provision "
    "ON CONFLICT (recommendation_id) DO NOTHING",
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        engine = Finder().get_engine()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        for statement in statements:
            await engine.run_ddl(statement)

    async def run_backwards():
        engine = Finder().get_engine()
        await engine.run_ddl("DROP TABLE IF EXISTS recommendation_search")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager

"""Accent- and case-insensitive ranked search over the catalogue, on SQLite or PostgreSQL.

SQLite: an FTS5 table (`unicode61 remove_diacritics 2`) whose rowid is the recommendation id.
PostgreSQL: a table of tsvectors built with text search configurations that run `unaccent`
before the `simple` and `spanish` dictionaries. Both are created by the migration
commitments_2026_11_26t09_00_00_000000 and kept in sync by `index_recommendations`, which every
write of a recommendation's text calls inside its own transaction.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from commitments.db import is_postgres_engine
from commitments.services.lookup import country_id
from commitments.tables import Recommendation

# Snippet highlight markers: private-use characters that never reach the page; they are
# turned into <mark> tags only after the text around them has been HTML-escaped.
_START, _END = "\ue000", "\ue001"
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
_CHUNK = 500
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ue000\ue001]")
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchHit:
    """A match: higher `rank` is better; `snippet` is safe HTML with <mark>…</mark>."""

    id: int
    code: str
    rank: float
    snippet: str


def clean_query(q: str) -> str:
    """The user's query with control characters dropped, NFC-normalised and bounded."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", q or ""))
    return " ".join(text.split()[:MAX_QUERY_WORDS])[:MAX_QUERY_CHARS]


def fts5_query(q: str) -> str:
    """An FTS5 MATCH expression from free text: every word must match; no syntax leaks.

    Each word becomes a quoted phrase of its letter/digit tokens ("2.5" -> "2 5", which is how
    the index tokenised "2.5"), so quotes, operators and parentheses are never interpreted.
    Words of four or more letters also match as prefixes ("contratacion" finds
    "contrataciones"): the SQLite stand-in for PostgreSQL's Spanish stemming.
    """
    phrases = []
    for word in clean_query(q).split():
        tokens = _TOKEN.findall(word.lower())
        if tokens:
            phrase = '"' + " ".join(tokens) + '"'
            phrases.append(phrase + "*" if len(tokens[-1]) >= 4 else phrase)
    return " AND ".join(phrases)


def highlight(snippet: str) -> str:
    """HTML-escape a snippet, then turn the markers into <mark> tags."""
    escaped = html.escape(snippet or "", quote=True)
    return escaped.replace(_START, "<mark>").replace(_END, "</mark>")


async def search_recommendations(q: str, limit: int = 1000,
                                 snippets: bool = True) -> list[SearchHit]:
    """Recommendations matching `q`, best first; empty for a query with no words."""
    limit = max(1, min(int(limit), 10_000))
    if is_postgres_engine():
        query = clean_query(q)
        rows = await _pg_search(query, limit, snippets) if query else []
    else:
        match = fts5_query(q)
        rows = await _sqlite_search(match, limit, snippets) if match else []
    return [SearchHit(id=row["id"], code=row["code"], rank=float(row["rank"]),
                      snippet=highlight(row.get("snippet") or "")) for row in rows]


async def _sqlite_search(match: str, limit: int, snippets: bool) -> list[dict]:
    snippet = (f", snippet(recommendation_search, -1, '{_START}', '{_END}', '…', 16) "
               "AS snippet") if snippets else ""
    # `rank` is bm25 with the column weights set in the migration (code and reference first).
    return await Recommendation.raw(
        f"SELECT s.rowid AS id, r.code AS code, -s.rank AS rank{snippet} "
        "FROM recommendation_search AS s JOIN recommendation AS r ON r.id = s.rowid "
        "WHERE recommendation_search MATCH {} AND r.country = {} "
        "ORDER BY s.rank, s.rowid LIMIT {}", match, await country_id(), limit)


# The query is spelt out where it is used (not in a CTE) so the planner sees a constant
# tsquery and uses the GIN index.
_PG_QUERY = ("(plainto_tsquery('commitments_simple', {}) "
             "|| plainto_tsquery('commitments_spanish', {}))")
_PG_HEADLINE = (f"StartSel={_START}, StopSel={_END}, MaxWords=24, MinWords=12, "
                "MaxFragments=2, FragmentDelimiter=\" … \"")


async def _pg_search(query: str, limit: int, snippets: bool) -> list[dict]:
    hits = ("SELECT s.recommendation_id AS id, r.code, s.content, "
            f"ts_rank(s.document, {_PG_QUERY}) AS rank "
            "FROM recommendation_search AS s JOIN recommendation AS r "
            "ON r.id = s.recommendation_id "
            f"WHERE s.document @@ {_PG_QUERY} AND r.country = {{}} "
            "ORDER BY rank DESC, s.recommendation_id LIMIT {}")
    args: list = [query] * 4 + [await country_id(), limit]
    if not snippets:
        return await Recommendation.raw(f"SELECT id, code, rank FROM ({hits}) AS h", *args)
    # The headline re-parses the text, so it is computed only for the rows LIMIT kept.
    return await Recommendation.raw(
        f"SELECT h.id, h.code, h.rank, ts_headline('commitments_simple', h.content, "
        f"{_PG_QUERY}, {{}}) AS snippet FROM ({hits}) AS h ORDER BY h.rank DESC, h.id",
        query, query, _PG_HEADLINE, *args)


SQLITE_INDEX = (
    "INSERT INTO recommendation_search "
    "(rowid, code, reference, title, body, translation, provision) "
    "SELECT r.id, r.code, r.reference, r.title, r.text, r.text_translated, "
    "COALESCE(p.code || ' ' || p.title_es || ' ' || p.title_en, '') "
    "FROM recommendation AS r LEFT JOIN provision AS p ON p.id = r.provision")
PG_INDEX = (
    "INSERT INTO recommendation_search (recommendation_id, content, document) "
    "SELECT r.id, concat_ws(' ', NULLIF(r.title, ''), r.text, NULLIF(r.text_translated, '')), "
    "setweight(to_tsvector('commitments_simple', "
    "concat_ws(' ', r.code, r.reference, p.code)), 'A') || "
    "setweight(to_tsvector('commitments_simple', "
    "concat_ws(' ', r.title, p.title_es, p.title_en)), 'B') || "
    "setweight(to_tsvector('commitments_simple', concat_ws(' ', r.text, r.text_translated)), "
    "'C') || setweight(to_tsvector('commitments_spanish', "
    "concat_ws(' ', r.title, r.text, r.text_translated)), 'D') "
    "FROM recommendation AS r LEFT JOIN provision AS p ON p.id = r.provision")


async def index_recommendations(ids: Iterable[int]) -> None:
    """(Re)index these recommendations; call inside the transaction that changed them."""
    unique = sorted(set(ids))
    postgres = is_postgres_engine()
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        if postgres:
            await Recommendation.raw(
                "DELETE FROM recommendation_search WHERE recommendation_id = ANY({})", chunk)
            await Recommendation.raw(PG_INDEX + " WHERE r.id = ANY({})", chunk)
        else:
            marks = ", ".join("{}" for _ in chunk)
            await Recommendation.raw(
                f"DELETE FROM recommendation_search WHERE rowid IN ({marks})", *chunk)
            await Recommendation.raw(SQLITE_INDEX + f" WHERE r.id IN ({marks})", *chunk)


async def rebuild_search_index() -> int:
    """Rebuild the whole index (after a restore, say); return how many rows it holds."""
    await Recommendation.raw("DELETE FROM recommendation_search")
    await Recommendation.raw(PG_INDEX if is_postgres_engine() else SQLITE_INDEX)
    rows = await Recommendation.raw("SELECT count(*) AS n FROM recommendation_search")
    return int(rows[0]["n"])

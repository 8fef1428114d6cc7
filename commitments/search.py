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

from piccolo.querystring import QueryString

from commitments.db import engine, is_postgres_engine
from commitments.settings import get_settings
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
    No prefix matching: on 100,000 rows a prefix query costs several times an exact one.
    """
    phrases = []
    for word in clean_query(q).split():
        tokens = _TOKEN.findall(word.lower())
        if tokens:
            phrases.append('"' + " ".join(tokens) + '"')
    return " AND ".join(phrases)


def highlight(snippet: str) -> str:
    """HTML-escape a snippet, then turn the markers into <mark> tags."""
    escaped = html.escape(snippet or "", quote=True)
    return escaped.replace(_START, "<mark>").replace(_END, "</mark>")


async def search_recommendations(q: str, limit: int = 1000, snippets: bool = True) -> list[SearchHit]:
    """Recommendations matching `q`, best first; empty for a query with no words.

    For a filtered list page, rank many with `snippets=False` and call `snippets_for` with
    the ids of the page shown: snippets cost far more than ranking.
    """
    limit = max(1, min(int(limit), 10_000))
    postgres = is_postgres_engine()
    query = clean_query(q) if postgres else fts5_query(q)
    if not query:
        return []
    # One transaction: both queries share a connection (Piccolo opens one per query otherwise).
    async with engine().transaction():
        rows = await _ranked(query, limit, postgres)
        marks = await snippets_for(q, [row["id"] for row in rows]) if snippets and rows else {}
    return [
        SearchHit(id=row["id"], code=row["code"], rank=float(row["rank"]), snippet=marks.get(row["id"], ""))
        for row in rows
    ]


async def snippets_for(q: str, ids: list[int]) -> dict[int, str]:
    """Highlighted snippets (safe HTML) of these recommendations for the query `q`."""
    found: dict[int, str] = {}
    postgres = is_postgres_engine()
    query = clean_query(q) if postgres else fts5_query(q)
    for start in range(0, len(ids) if query else 0, _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        if postgres:
            rows = await Recommendation.raw(
                f"SELECT recommendation_id AS id, ts_headline('commitments_simple', content, "
                f"{_PG_QUERY}, {{}}) AS snippet FROM recommendation_search "
                "WHERE recommendation_id = ANY({})",
                query,
                query,
                _PG_HEADLINE,
                chunk,
            )
        else:
            rows = await Recommendation.raw(
                f"SELECT rowid AS id, snippet(recommendation_search, -1, '{_START}', "
                f"'{_END}', '…', 16) AS snippet FROM recommendation_search "
                "WHERE recommendation_search MATCH {} AND rowid IN (" + ", ".join("{}" for _ in chunk) + ")",
                query,
                *chunk,
            )
        found.update({row["id"]: highlight(row["snippet"]) for row in rows})
    return found


def matching_ids(q: str) -> QueryString | None:
    """A subquery of the ids of every recommendation matching `q` (None: no words to match),
    for `Recommendation.id.is_in(...)` next to other filters: counts stay exact however many
    rows match, where a list of ranked ids would be capped."""
    if is_postgres_engine():
        query = clean_query(q)
        sql = f"SELECT recommendation_id FROM recommendation_search WHERE document @@ {_PG_QUERY}"
        return QueryString(sql, query, query) if query else None
    match = fts5_query(q)
    sql = "SELECT rowid FROM recommendation_search WHERE recommendation_search MATCH {}"
    return QueryString(sql, match) if match else None


async def count_matches(q: str) -> int:
    """How many of the configured country's recommendations match `q`. With one country in the
    database (the usual install) that is the index alone, which costs a tenth of counting
    through the recommendation table."""
    subquery = matching_ids(q)
    if subquery is None:
        return 0
    if await _single_country():
        rows = await Recommendation.raw("SELECT count(*) AS n FROM ({}) AS m", subquery)
    else:
        rows = await Recommendation.raw(
            f"SELECT count(*) AS n FROM recommendation WHERE country = {_COUNTRY} AND id IN ({{}})",
            get_settings().country,
            subquery,
        )
    return int(rows[0]["n"])


async def _single_country() -> bool:
    rows = await Recommendation.raw("SELECT count(*) AS n FROM country")
    return int(rows[0]["n"]) <= 1


# The configured country, looked up in the same statement rather than in a query of its own.
_COUNTRY = "(SELECT id FROM country WHERE iso2 = {})"
# The query is spelt out where it is used (not in a CTE) so the planner sees a constant
# tsquery and uses the GIN index.
_PG_QUERY = "(plainto_tsquery('commitments_simple', {}) || plainto_tsquery('commitments_spanish', {}))"
_PG_HEADLINE = (
    f'StartSel={_START}, StopSel={_END}, MaxWords=24, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
)


async def _ranked(query: str, limit: int, postgres: bool) -> list[dict]:
    """The best `limit` matches as {id, code, rank}, in the configured country."""
    # With one country (the usual install) every row is in it: ranking then skips a join
    # that cost ~25 ms on 50,000 matches. Codes are looked up only for the rows kept.
    single = await _single_country()
    inner, args = (_pg_inner if postgres else _sqlite_inner)(query, limit, single)
    return await Recommendation.raw(
        f"SELECT h.id, r.code, h.rank FROM ({inner}) AS h "
        "JOIN recommendation AS r ON r.id = h.id ORDER BY h.rank DESC, h.id",
        *args,
    )


def _sqlite_inner(match: str, limit: int, single: bool) -> tuple[str, list]:
    # `rank` is bm25 with the column weights set in the migration (codes first).
    if single:
        return (
            "SELECT rowid AS id, -rank AS rank FROM recommendation_search "
            "WHERE recommendation_search MATCH {} ORDER BY rank, rowid LIMIT {}",
            [match, limit],
        )
    return (
        "SELECT s.rowid AS id, -s.rank AS rank FROM recommendation_search AS s "
        "JOIN recommendation AS r ON r.id = s.rowid "
        f"WHERE recommendation_search MATCH {{}} AND r.country = {_COUNTRY} "
        "ORDER BY s.rank, s.rowid LIMIT {}",
        [match, get_settings().country, limit],
    )


def _pg_inner(query: str, limit: int, single: bool) -> tuple[str, list]:
    rank = f"ts_rank(s.document, {_PG_QUERY})"
    if single:
        return (
            f"SELECT s.recommendation_id AS id, {rank} AS rank "
            f"FROM recommendation_search AS s WHERE s.document @@ {_PG_QUERY} "
            "ORDER BY rank DESC, s.recommendation_id LIMIT {}",
            [query] * 4 + [limit],
        )
    return (
        f"SELECT s.recommendation_id AS id, {rank} AS rank FROM recommendation_search AS s "
        "JOIN recommendation AS r ON r.id = s.recommendation_id "
        f"WHERE s.document @@ {_PG_QUERY} AND r.country = {_COUNTRY} "
        "ORDER BY rank DESC, s.recommendation_id LIMIT {}",
        [query] * 4 + [get_settings().country, limit],
    )


SQLITE_INDEX = (
    "INSERT INTO recommendation_search (rowid, keys, title, body) "
    "SELECT r.id, r.code || ' ' || r.reference || COALESCE(' ' || p.code, ''), "
    "r.title || COALESCE(' ' || p.title_es || ' ' || p.title_en, ''), "
    "r.text || ' ' || r.text_translated "
    "FROM recommendation AS r LEFT JOIN provision AS p ON p.id = r.provision"
)
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
    "FROM recommendation AS r LEFT JOIN provision AS p ON p.id = r.provision"
)


async def index_recommendations(ids: Iterable[int]) -> None:
    """(Re)index these recommendations; call inside the transaction that changed them."""
    unique = sorted(set(ids))
    postgres = is_postgres_engine()
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        if postgres:
            await Recommendation.raw(
                "DELETE FROM recommendation_search WHERE recommendation_id = ANY({})", chunk
            )
            await Recommendation.raw(PG_INDEX + " WHERE r.id = ANY({})", chunk)
        else:
            marks = ", ".join("{}" for _ in chunk)
            await Recommendation.raw(f"DELETE FROM recommendation_search WHERE rowid IN ({marks})", *chunk)
            await Recommendation.raw(SQLITE_INDEX + f" WHERE r.id IN ({marks})", *chunk)


async def reindex_all() -> None:
    """Index every recommendation anew (after a restore); call inside the writing transaction."""
    await Recommendation.raw("DELETE FROM recommendation_search")
    await Recommendation.raw(PG_INDEX if is_postgres_engine() else SQLITE_INDEX)

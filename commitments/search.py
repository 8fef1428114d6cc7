"""Accent- and case-insensitive ranked search over the catalogue, on SQLite or PostgreSQL,
with Spanish and English word forms and a prefix match on the last word typed.

A word of the query matches a recommendation that has the word itself (accents and case
ignored), or one of its Spanish or English stems (commitments.stemming: "contratacion" finds
"contrataciones", "conflicto" finds "conflictos"); the last word also matches as a prefix
("transparen" finds "transparencia"). Every word must match. Both engines index the same stems,
computed here in Python, so they find the same recommendations.

SQLite: an FTS5 table (`unicode61 remove_diacritics 2`; columns keys, title, body, stems) whose
rowid is the recommendation id. PostgreSQL: a table of weighted tsvectors (`unaccent` then
`simple`), the stems weighted lowest, with a GIN index, in a table holding only the id and the
tsvector (ranking reads every match's tsvector); snippets are cut from the recommendation's own
text. Both are kept in sync by `index_recommendations`, which every write of a recommendation's
text calls inside its own transaction, with the vocabulary of "did you mean" suggestions
(commitments.search_words).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from piccolo.querystring import QueryString

from commitments.db import engine, is_postgres_engine
from commitments.search_words import add_words, clear_words, has_words
from commitments.settings import get_settings
from commitments.stemming import PREFIX, fold, stem_tokens, stems
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


@dataclass(frozen=True)
class QueryWord:
    """One word of a query: its tokens ("2.5" -> 2, 5), its stems, and whether it is also
    matched as a prefix (the last word, as typed, of three letters or more)."""

    text: str  # as typed (PostgreSQL's parser reads "2.5" as one token, as it indexed it)
    tokens: tuple[str, ...]
    stems: tuple[str, ...]
    prefix: bool


def query_words(q: str, prefix: bool = True) -> list[QueryWord]:
    """The words of a query that can match anything; `prefix`: whether the last word is also
    matched as the beginning of a word (see `last_word_is_partial`)."""
    words = [w for w in clean_query(q).split() if _TOKEN.findall(w)]
    found = []
    for i, word in enumerate(words):
        tokens = tuple(_TOKEN.findall(word.lower()))
        single = len(tokens) == 1
        found.append(
            QueryWord(
                text=word,
                tokens=tokens,
                stems=stems(tokens[0]) if single else (),
                prefix=prefix and single and i == len(words) - 1 and len(fold(tokens[0])) >= 3,
            )
        )
    return found


def fts5_query(q: str, prefix: bool = True) -> str:
    """An FTS5 MATCH expression from free text: every word must match; no syntax leaks.

    Each word becomes a quoted phrase of its letter/digit tokens ("2.5" -> "2 5", which is how
    the index tokenised "2.5"), so quotes, operators and parentheses are never interpreted; a
    one-token word also matches its stems in the stems column, and the last word as a prefix.
    """
    parts = []
    for word in query_words(q, prefix):
        phrase = '"' + " ".join(word.tokens) + '"'
        alternatives = [f"{{keys title body}} : {phrase}"]
        if word.prefix:
            alternatives.append(f"{{keys title body}} : {phrase}*")
        alternatives += [f'stems : "{PREFIX}{stem}"' for stem in word.stems]
        parts.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts)


def _lexeme(text: str) -> str:
    """A tsquery lexeme literal (quoted; quotes and backslashes doubled)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def pg_query(q: str, prefix: bool = True) -> tuple[str, list[str]] | None:
    """The PostgreSQL tsquery of free text (SQL with placeholders, and their values): the same
    matching as fts5_query. One-token words go into a single tsquery literal, folded as the
    index folds them (`unaccent` and lower case), so the query is parsed once per statement and
    not once per ranked row; words of several tokens ("2.5", "OGP-AP3") go through
    plainto_tsquery as typed, as PostgreSQL's parser indexed them."""
    literal, sql, values = [], [], []
    for word in query_words(q, prefix):
        if len(word.tokens) == 1:
            token = fold(word.tokens[0])
            alternatives = [_lexeme(token)]
            if word.prefix:
                alternatives.append(_lexeme(token) + ":*")
            alternatives += [_lexeme(PREFIX + stem) for stem in word.stems]
            literal.append("(" + " | ".join(alternatives) + ")")
        else:
            sql.append("plainto_tsquery('commitments_simple', {})")
            values.append(word.text)
    if literal:
        sql.insert(0, "{}::tsquery")
        values.insert(0, " & ".join(literal))
    if not sql:
        return None
    return "(" + " && ".join(sql) + ")", values


def highlight(snippet: str) -> str:
    """HTML-escape a snippet, then turn the markers into <mark> tags."""
    escaped = html.escape(snippet or "", quote=True)
    return escaped.replace(_START, "<mark>").replace(_END, "</mark>")


async def last_word_is_partial(q: str) -> bool:
    """Whether the last word, as typed, is the beginning of a word rather than a word the index
    holds: "transparen" is, "transparencia" is not. Only a partial word is matched as a prefix,
    since the prefix of a complete common word expands to every longer word and costs several
    times the query (the same decision on both engines: it depends only on the data)."""
    words = query_words(q)
    if not words or not words[-1].prefix:
        return False
    last = words[-1]
    if is_postgres_engine():
        rows = await Recommendation.raw(
            "SELECT 1 AS found FROM recommendation_search "
            "WHERE document @@ plainto_tsquery('commitments_simple', {}) LIMIT 1",
            last.text,
        )
    else:
        rows = await Recommendation.raw(
            "SELECT 1 AS found FROM recommendation_search WHERE recommendation_search MATCH {} LIMIT 1",
            '{keys title body} : "' + " ".join(last.tokens) + '"',
        )
    return not rows


async def _query(q: str, partial: bool | None = None) -> Any:
    """The engine's query for `q` (None or "" when nothing can match); `partial` as
    `last_word_is_partial` says, looked up here when the caller has not already."""
    if partial is None:
        partial = await last_word_is_partial(q)
    return pg_query(q, partial) if is_postgres_engine() else fts5_query(q, partial)


async def search_recommendations(
    q: str, limit: int = 1000, snippets: bool = True, partial: bool | None = None
) -> list[SearchHit]:
    """Recommendations matching `q`, best first; empty for a query with no words.

    For a filtered list page, rank many with `snippets=False` and call `snippets_for` with
    the ids of the page shown: snippets cost far more than ranking.
    """
    limit = max(1, min(int(limit), 10_000))
    postgres = is_postgres_engine()
    partial = await last_word_is_partial(q) if partial is None else partial
    query = await _query(q, partial)
    if not query:
        return []
    # One transaction: both queries share a connection (Piccolo opens one per query otherwise).
    async with engine().transaction():
        rows = await _ranked(query, limit, postgres)
        marks = await snippets_for(q, [row["id"] for row in rows], partial) if snippets and rows else {}
    return [
        SearchHit(id=row["id"], code=row["code"], rank=float(row["rank"]), snippet=marks.get(row["id"], ""))
        for row in rows
    ]


async def snippets_for(q: str, ids: list[int], partial: bool | None = None) -> dict[int, str]:
    """Highlighted snippets (safe HTML) of these recommendations for the query `q`."""
    found: dict[int, str] = {}
    postgres = is_postgres_engine()
    query: Any = await _query(q, partial) if ids else None
    for start in range(0, len(ids) if query else 0, _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        if postgres:
            sql, values = query
            # Cut from the recommendation's own text: the index holds only the tsvectors.
            rows = await Recommendation.raw(
                f"SELECT r.id, ts_headline('commitments_simple', {_PG_CONTENT}, "
                f"{sql}, {{}}) AS snippet FROM recommendation AS r "
                "WHERE r.id = ANY({})",
                *values,
                _PG_HEADLINE,
                chunk,
            )
        else:
            # The body (the text), never the index keys: a code typed exactly shows the item.
            rows = await Recommendation.raw(
                f"SELECT rowid AS id, snippet(recommendation_search, 2, '{_START}', "
                f"'{_END}', '…', 16) AS snippet FROM recommendation_search "
                "WHERE recommendation_search MATCH {} AND rowid IN (" + ", ".join("{}" for _ in chunk) + ")",
                query,
                *chunk,
            )
        found.update({row["id"]: highlight(row["snippet"]) for row in rows})
    return found


async def matching_ids(q: str, partial: bool | None = None) -> QueryString | None:
    """A subquery of the ids of every recommendation matching `q` (None: no words to match),
    for `Recommendation.id.is_in(...)` next to other filters: counts stay exact however many
    rows match, where a list of ranked ids would be capped."""
    query = await _query(q, partial)
    if not query:
        return None
    if is_postgres_engine():
        sql, values = query
        return QueryString(
            f"SELECT recommendation_id FROM recommendation_search WHERE document @@ {sql}", *values
        )
    match = query
    sql = "SELECT rowid FROM recommendation_search WHERE recommendation_search MATCH {}"
    return QueryString(sql, match) if match else None


async def count_matches(q: str, partial: bool | None = None) -> int:
    """How many of the configured country's recommendations match `q`. With one country in the
    database (the usual install) that is the index alone, which costs a tenth of counting
    through the recommendation table."""
    subquery = await matching_ids(q, partial)
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
# tsquery and uses the GIN index (pg_query).
_PG_HEADLINE = (
    f'StartSel={_START}, StopSel={_END}, MaxWords=24, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
)


async def _ranked(query: Any, limit: int, postgres: bool) -> list[dict]:
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


def _pg_inner(query: tuple[str, list[str]], limit: int, single: bool) -> tuple[str, list]:
    sql, values = query
    rank = f"ts_rank(s.document, {sql})"
    if single:
        return (
            f"SELECT s.recommendation_id AS id, {rank} AS rank "
            f"FROM recommendation_search AS s WHERE s.document @@ {sql} "
            "ORDER BY rank DESC, s.recommendation_id LIMIT {}",
            values * 2 + [limit],
        )
    return (
        f"SELECT s.recommendation_id AS id, {rank} AS rank FROM recommendation_search AS s "
        "JOIN recommendation AS r ON r.id = s.recommendation_id "
        f"WHERE s.document @@ {sql} AND r.country = {_COUNTRY} "
        "ORDER BY rank DESC, s.recommendation_id LIMIT {}",
        values * 2 + [get_settings().country, limit],
    )


# What is indexed of each recommendation: its keys (code, reference, provision), title (with the
# provision's) and body (text and translation).
SOURCE = (
    "SELECT r.id, r.code || ' ' || r.reference || COALESCE(' ' || p.code, '') AS keys, "
    "r.title || COALESCE(' ' || p.title_es || ' ' || p.title_en, '') AS title, "
    "r.text || ' ' || r.translation_es || ' ' || r.translation_en || ' ' || r.translation_title_es "
    "|| ' ' || r.translation_title_en AS body "
    "FROM recommendation AS r LEFT JOIN provision AS p ON p.id = r.provision"
)
# What PostgreSQL's snippets are cut from: the title, the text and its translations (never the
# keys: a code typed exactly shows the item's text).
_PG_CONTENT = (
    "concat_ws(' ', NULLIF(r.title, ''), NULLIF(r.text, ''), "
    "NULLIF(btrim(r.translation_es || ' ' || r.translation_en), ''))"
)
_SQLITE_ROW = "({}, {}, {}, {}, {})"
# The index's row: the id and the weighted tsvector, nothing else, so that ranking (ts_rank reads
# every match's tsvector) reads as few pages as it can.
_PG_ROW = (
    "({}, setweight(to_tsvector('commitments_simple', {}), 'A') || "
    "setweight(to_tsvector('commitments_simple', {}), 'B') || "
    "setweight(to_tsvector('commitments_simple', {}), 'C') || "
    "setweight(to_tsvector('simple', {}), 'D'))"
)


async def _insert(rows: list[dict[str, Any]], postgres: bool, words: bool = True) -> None:
    if words:
        await add_words(text for row in rows for text in (row["title"], row["body"]))
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        values: list[Any] = []
        for row in chunk:
            stemmed = stem_tokens(row["title"], row["body"])
            values += [row["id"], row["keys"], row["title"], row["body"], stemmed]
        if postgres:
            await Recommendation.raw(
                "INSERT INTO recommendation_search (recommendation_id, document) VALUES "
                + ", ".join(_PG_ROW for _ in chunk),
                *values,
            )
        else:
            await Recommendation.raw(
                "INSERT INTO recommendation_search (rowid, keys, title, body, stems) VALUES "
                + ", ".join(_SQLITE_ROW for _ in chunk),
                *values,
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
            rows = await Recommendation.raw(SOURCE + " WHERE r.id = ANY({})", chunk)
        else:
            marks = ", ".join("{}" for _ in chunk)
            await Recommendation.raw(f"DELETE FROM recommendation_search WHERE rowid IN ({marks})", *chunk)
            rows = await Recommendation.raw(SOURCE + f" WHERE r.id IN ({marks})", *chunk)
        await _insert(list(rows), postgres)


async def reindex_all() -> None:
    """Index every recommendation anew (after a restore or an upgrade of the index); call inside
    the writing transaction."""
    await Recommendation.raw("DELETE FROM recommendation_search")
    # A restore indexes at the backup's schema, which may predate the vocabulary (its
    # migration then reads the texts itself).
    words = await has_words()
    if words:
        await clear_words()
    postgres = is_postgres_engine()
    last = 0
    while True:  # in pages by id: memory stays flat however large the catalogue
        rows = await Recommendation.raw(SOURCE + " WHERE r.id > {} ORDER BY r.id LIMIT {}", last, 5000)
        if not rows:
            return
        await _insert(list(rows), postgres, words)
        last = rows[-1]["id"]

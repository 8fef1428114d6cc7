"""The words of the searchable texts, for "did you mean" suggestions (commitments.suggest).

`search_word` holds each word once, folded (the key: lower case, accents off) and as written
(lower case, with its accents: "contratación"), with the number of its trigrams. Words are
added in the transaction that indexes a text (commitments.search) and never removed one by
one: a word no text has any more is harmless, since a suggestion is checked against the search
index, with the caller's visibility, before it is offered. `reindex_all` starts them afresh.

Nearness is pg_trgm's trigram similarity, computed the same way on both engines: on PostgreSQL
by the pg_trgm extension over a trigram index of `search_word`; on SQLite (and on PostgreSQL
where the extension could not be created) through `search_word_trigram`, each word's trigrams.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from fractions import Fraction

from commitments.db import is_postgres_engine
from commitments.stemming import STOPWORDS, fold
from commitments.tables import Recommendation

log = logging.getLogger(__name__)

MIN_LETTERS, MAX_LETTERS = 3, 30
# pg_trgm's default `similarity_threshold`, the bar of its `%` operator.
THRESHOLD = Fraction(3, 10)
_TOKEN = re.compile(r"[^\W_]+")
_CHUNK = 500


def trigrams(folded: str) -> frozenset[str]:
    """pg_trgm's trigrams of one folded word: padded with two spaces before and one after."""
    padded = f"  {folded} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def similarity(a: str, b: str) -> Fraction:
    """pg_trgm's `similarity`: shared trigrams over all trigrams of the two words."""
    ta, tb = trigrams(a), trigrams(b)
    shared = len(ta & tb)
    return Fraction(shared, len(ta) + len(tb) - shared)


def suggestible(folded: str) -> bool:
    """Whether a folded word may be suggested or looked up: letters only, of a sensible
    length, not a function word (codes and numbers are typed exactly, not guessed)."""
    return MIN_LETTERS <= len(folded) <= MAX_LETTERS and folded.isalpha() and folded not in STOPWORDS


def words_of(texts: Iterable[str]) -> dict[str, str]:
    """The suggestible words of these texts: folded -> as written (lower case, accented when
    any of its spellings is)."""
    found: dict[str, str] = {}
    for text in texts:
        for token in _TOKEN.findall(text or ""):
            written = unicodedata.normalize("NFC", token.lower())
            folded = fold(written)
            if not suggestible(folded):
                continue
            if found.get(folded, folded) == folded:  # new, or known only without accents
                found[folded] = written
    return found


async def trigram_extension() -> bool:
    """Whether PostgreSQL has pg_trgm here (False on SQLite)."""
    if not is_postgres_engine():
        return False
    return bool(await Recommendation.raw("SELECT 1 AS found FROM pg_extension WHERE extname = 'pg_trgm'"))


_fallback_logged = False


def log_fallback() -> None:
    """Say once per process that PostgreSQL finds near words without pg_trgm."""
    global _fallback_logged
    if not _fallback_logged:
        _fallback_logged = True
        log.warning("pg_trgm is not installed: near words are found through search_word_trigram instead")


async def add_words(texts: Iterable[str]) -> None:
    """Add the words of these texts to the vocabulary; call inside the indexing transaction."""
    words = words_of(texts)
    if not words:
        return
    postgres = is_postgres_engine()
    own_trigrams = not await trigram_extension()
    if postgres and own_trigrams:
        log_fallback()
    items = sorted(words.items())
    for start in range(0, len(items), _CHUNK):
        chunk = items[start : start + _CHUNK]
        marks = ", ".join("{}" for _ in chunk)
        known = {
            row["folded"]
            for row in await Recommendation.raw(
                f"SELECT folded FROM search_word WHERE folded IN ({marks})", *(f for f, _ in chunk)
            )
        }
        values = [v for folded, written in chunk for v in (folded, written, len(trigrams(folded)))]
        # An accented spelling replaces one without accents, whichever was seen first.
        await Recommendation.raw(
            "INSERT INTO search_word (folded, word, grams) VALUES "
            + ", ".join("({}, {}, {})" for _ in chunk)
            + " ON CONFLICT (folded) DO UPDATE SET word = excluded.word "
            "WHERE search_word.word = search_word.folded AND excluded.word <> excluded.folded",
            *values,
        )
        if own_trigrams:
            await _add_trigrams([f for f, _ in chunk if f not in known])


async def _add_trigrams(words: list[str]) -> None:
    pairs = [(gram, folded) for folded in words for gram in sorted(trigrams(folded))]
    for start in range(0, len(pairs), 5 * _CHUNK):
        chunk = pairs[start : start + 5 * _CHUNK]
        await Recommendation.raw(
            "INSERT INTO search_word_trigram (trigram, folded) VALUES "
            + ", ".join("({}, {})" for _ in chunk)
            + " ON CONFLICT DO NOTHING",
            *(v for pair in chunk for v in pair),
        )


async def has_words() -> bool:
    """Whether the schema has the vocabulary yet (a restore may index at an older one)."""
    if is_postgres_engine():
        rows = await Recommendation.raw("SELECT to_regclass('search_word') IS NOT NULL AS found")
        return bool(rows[0]["found"])
    return bool(await Recommendation.raw("SELECT 1 AS found FROM sqlite_master WHERE name = 'search_word'"))


async def clear_words() -> None:
    """Forget every word (before the whole catalogue is indexed anew)."""
    await Recommendation.raw("DELETE FROM search_word_trigram")
    await Recommendation.raw("DELETE FROM search_word")


async def nearest_words(folded: str, limit: int) -> list[tuple[str, str]]:
    """Up to `limit` vocabulary words (folded, as written) at least THRESHOLD similar to this
    folded word, nearest first, then alphabetically (the same order on both engines)."""
    if await trigram_extension():
        # `%` is pg_trgm's similarity above its threshold, answered by the GIN index.
        rows = await Recommendation.raw(
            "SELECT folded, word FROM search_word WHERE folded % {} "
            'ORDER BY similarity(folded, {}) DESC, folded COLLATE "C" LIMIT {}',
            folded,
            folded,
            limit * 2,
        )
    else:
        if is_postgres_engine():
            log_fallback()
        rows = await _nearest_by_table(folded, limit * 2)
    # Ranked again exactly here: PostgreSQL's similarity is a float4.
    ranked = sorted(
        ((r["folded"], r["word"]) for r in rows if similarity(folded, r["folded"]) >= THRESHOLD),
        key=lambda w: (-similarity(folded, w[0]), w[0].encode()),
    )
    return ranked[:limit]


async def _nearest_by_table(folded: str, limit: int) -> list[dict[str, str]]:
    grams = sorted(trigrams(folded))
    n = len(grams)
    # A word can reach the threshold only with between 3/10 and 10/3 as many trigrams.
    low, high = int(n * THRESHOLD), int(n / THRESHOLD) + 1
    marks = ", ".join("{}" for _ in grams)
    shared = "count(*)"
    return list(
        await Recommendation.raw(
            f"SELECT w.folded, w.word FROM search_word_trigram AS t "
            f"JOIN search_word AS w ON w.folded = t.folded "
            f"WHERE t.trigram IN ({marks}) AND w.grams BETWEEN {{}} AND {{}} "
            f"GROUP BY w.folded, w.word, w.grams "
            f"HAVING {shared} * 10 >= 3 * ({{}} + w.grams - {shared}) "
            f"ORDER BY {shared} * 1.0 / ({{}} + w.grams - {shared}) DESC, w.folded LIMIT {{}}",
            *grams,
            low,
            high,
            n,
            n,
            limit,
        )
    )

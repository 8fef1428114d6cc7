""" "Did you mean …?": for a search that found nothing, the nearest words the caller may see.

Each word of the query that finds nothing on its own (as search matches it: word, stems, the
last one as a prefix) is looked up in the vocabulary (commitments.search_words) for its nearest
words by trigram similarity; a near word is offered only if it occurs in a recommendation the
same conditions keep (the caller's visibility and the list's filters), so a word found only in
items the caller may not see is never suggested. The suggestions are whole queries with those
words replaced, each checked to find something.

The work is bounded whatever the query: at most MAX_WORDS words looked up, of at most
search_words.MAX_LETTERS letters, CANDIDATES near words checked for each.
"""

from __future__ import annotations

from typing import Any

from piccolo.querystring import QueryString

from commitments.db import is_postgres_engine
from commitments.search import clean_query, matching_ids
from commitments.search_words import add_words, clear_words, nearest_words, suggestible
from commitments.stemming import fold
from commitments.tables import Recommendation

MAX_WORDS = 4
CANDIDATES = 8
SHOWN = 3


async def suggestions(q: str, conditions: list[Any]) -> list[str]:
    """Up to SHOWN queries like `q` with its unmatched words replaced by near words, each
    finding at least one recommendation the conditions keep; empty when nothing is near."""
    words = clean_query(q).split()
    replacements: dict[int, list[str]] = {}
    looked_up = 0
    # A word typed twice is looked up once: (folded, last) -> its near words, None if matched.
    known: dict[tuple[str, bool], list[str] | None] = {}
    for i, word in enumerate(words):
        key = (fold(word), i == len(words) - 1)
        if key not in known:
            if looked_up >= MAX_WORDS or not suggestible(key[0]):
                continue
            if await _found(conditions, await matching_ids(word, partial=key[1])):
                known[key] = None
                continue
            looked_up += 1
            known[key] = await _visible_near_words(key[0], conditions)
        near = known[key]
        if near == []:
            return []  # a word with nothing near: no query built around it would find anything
        if near:
            replacements[i] = near
    if not replacements:
        return []
    offered: list[str] = []
    for k in range(SHOWN):
        query = " ".join(
            alternatives[min(k, len(alternatives) - 1)] if (alternatives := replacements.get(i)) else word
            for i, word in enumerate(words)
        )
        if query not in offered and await _found(conditions, await matching_ids(query)):
            offered.append(query)
    return offered


async def _visible_near_words(folded: str, conditions: list[Any]) -> list[str]:
    """Near words (as written) that occur in a recommendation the conditions keep."""
    kept: list[str] = []
    for near, written in await nearest_words(folded, CANDIDATES):
        if near != folded and await _found(conditions, _exact_word_ids(near)):
            kept.append(written)
            if len(kept) == SHOWN:
                break
    return kept


def _exact_word_ids(folded: str) -> QueryString:
    """Ids of recommendations whose title or text has this very word (no stems, no prefix)."""
    if is_postgres_engine():
        lexeme = "'" + folded.replace("'", "''") + "':BC"
        return QueryString(
            "SELECT recommendation_id FROM recommendation_search WHERE document @@ {}::tsquery", lexeme
        )
    return QueryString(
        "SELECT rowid FROM recommendation_search WHERE recommendation_search MATCH {}",
        '{title body} : "' + folded + '"',
    )


# Matches read from the index before the conditions are asked about them.
_FEW = 100


async def _found(conditions: list[Any], ids: QueryString | None) -> bool:
    """Whether a recommendation the conditions keep is among these ids."""
    if ids is None:
        return False
    # The index first: a word no text has answers at once, where the semi-join of the
    # conditions with an empty match still walked every recommendation (360 ms on 100,000 in
    # PostgreSQL); a rare word's few ids are then checked by key.
    rows = await Recommendation.raw("SELECT * FROM ({}) AS m LIMIT {}", ids, _FEW + 1)
    if not rows:
        return False
    found = [next(iter(row.values())) for row in rows]
    within: Any = Recommendation.id.is_in(found) if len(found) <= _FEW else Recommendation.id.is_in(ids)
    return bool(await Recommendation.exists().where(*conditions, within))


async def rebuild_vocabulary() -> None:
    """The vocabulary of every indexed text, anew; call inside a writing transaction."""
    from commitments.search import SOURCE

    await clear_words()
    last = 0
    while True:
        rows = await Recommendation.raw(SOURCE + " WHERE r.id > {} ORDER BY r.id LIMIT {}", last, 5000)
        if not rows:
            return
        await add_words(text for row in rows for text in (row["title"], row["body"]))
        last = rows[-1]["id"]

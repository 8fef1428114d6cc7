"""Benchmark: search over 100,000 recommendations (target p99 <= 50 ms).

    python bench/bench_search.py [--rows 100000] [--queries 400] [--database-url postgresql://...]
                                 [--extra-words 50000] [--suggestions-only] [--search-only]

Loads the catalogue through the importer (timed too), then runs user-like queries (content
words, word pairs, codes, accentless upper-case words) and prints latency percentiles for a
page of 50 hits and for the default 1,000 hits, both with snippets. Then the same queries with
a typo in one word: the suggestions alone ("did you mean"), and the public list page that finds
nothing and suggests. The synthetic texts draw on the seeds' few hundred words, so the
vocabulary is padded with `--extra-words` made-up words that no text holds (each near one is
looked up and refused by the index: the costly case).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_import import _environment  # noqa: E402


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def _load(rows: int) -> None:
    import synthetic

    from commitments.actor import SYSTEM
    from commitments.db import migrate
    from commitments.imports import import_file
    from commitments.reference import load_reference

    await migrate()
    await load_reference()
    data = synthetic.csv_bytes(synthetic.rows(rows))
    started = time.perf_counter()
    result = await import_file(SYSTEM, "bench.csv", data)
    seconds = time.perf_counter() - started
    assert not result.errors, result.errors[:3]
    print(
        f"loaded {result.created} rows ({len(data) / 1e6:.0f} MB) through the importer in "
        f"{seconds:.1f} s ({result.created / seconds:,.0f} rows/s)"
    )


async def _page_of_50(query: str) -> int:
    from commitments.search import search_recommendations

    return len(await search_recommendations(query, limit=50))


async def _filtered_page(query: str) -> int:
    """What a filtered list page does: rank 1,000 ids, then snippets for the 50 shown."""
    from commitments.search import search_recommendations, snippets_for

    hits = await search_recommendations(query, limit=1000, snippets=False)
    await snippets_for(query, [hit.id for hit in hits[:50]])
    return len(hits)


async def _measure(label: str, queries: list[str], search) -> None:
    for query in queries[:20]:  # warm the caches
        await search(query)
    times, cpu, hits = [], [], []
    for query in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        hits.append(await search(query))
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    # CPU time of this process (all its threads) shows the cost without other processes'
    # load; PostgreSQL's own work happens in the server and appears only in wall time.
    print(
        f"{label:<36} n={len(times):<4} p50 {_percentile(times, 0.5):5.1f}  "
        f"p95 {_percentile(times, 0.95):5.1f}  p99 {_percentile(times, 0.99):5.1f}  "
        f"max {max(times):5.1f} ms | cpu p99 {_percentile(cpu, 0.99):5.1f} ms | "
        f"mean hits {statistics.mean(hits):4.0f}"
    )


def _typo(query: str, rng) -> str:
    """The query with one letter of its longest word swapped with the next one."""
    words = query.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 5 or not word.isalpha():
        return query
    at = rng.randrange(1, len(word) - 2)
    words[longest] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return " ".join(words)


async def _pad_vocabulary(count: int) -> None:
    import random

    from commitments.db import writing
    from commitments.search_words import add_words

    rng = random.Random(5)
    syllables = [c + v for c in "bcdfglmnprstvz" for v in "aeiou"]
    made_up = (
        " ".join("".join(rng.choices(syllables, k=rng.randint(2, 6))) for _ in range(1000))
        for _ in range(count // 1000)
    )
    started = time.perf_counter()
    async with writing():
        await add_words(made_up)
    print(f"vocabulary padded with ~{count:,} made-up words in {time.perf_counter() - started:.1f} s")


async def _suggested(query: str) -> int:
    from commitments import publicity
    from commitments.suggest import suggestions

    return len(await suggestions(query, publicity.recommendations()))


async def _public_page_with_typo(query: str) -> int:
    from commitments.queries.public import public_recommendations
    from commitments.queries.recommendations import RecommendationFilter

    return len((await public_recommendations(RecommendationFilter(q=query))).suggestions)


async def main(
    rows: int, count: int, extra_words: int = 0, suggestions_only: bool = False, search_only: bool = False
) -> None:
    """Load, then measure and print."""
    import synthetic

    from commitments.db import engine

    print(f"engine {engine().engine_type}")
    if engine().engine_type == "postgres":  # as the web app runs it (see PITFALLS.md)
        await engine().start_connection_pool(min_size=1, max_size=4)
    queries = synthetic.queries(count)
    if suggestions_only:  # on a database this benchmark loaded and padded before
        await _measure_suggestions(queries, 0)
        return
    if search_only:  # on a database this benchmark loaded before: migrate, then search rows only
        from commitments.db import migrate

        await migrate()
    else:
        await _load(rows)
    await _measure("50 hits with snippets", queries, _page_of_50)
    await _measure("1,000 ranked + snippets for 50", queries, _filtered_page)
    # As typed: the last word cut short (a prefix match), and words in another form (a stem
    # match: plural for singular, no accents).
    typed = [" ".join(q.split()[:-1] + [q.split()[-1][: max(3, len(q.split()[-1]) - 3)]]) for q in queries]
    await _measure("prefix of the last word (50 hits)", typed, _page_of_50)
    from commitments.stemming import fold

    forms = [" ".join(fold(w) + ("es" if w[-1] in "nrl" else "s") for w in q.split()) for q in queries]
    await _measure("other word forms, no accents (50 hits)", forms, _page_of_50)
    common = [w for w in synthetic.vocabulary() if w not in synthetic.STOPWORDS][:5]
    await _measure(f"worst: {', '.join(common[:2])}… (50 hits)", common * 4, _page_of_50)
    if search_only:
        return
    await _measure_suggestions(queries, extra_words)


async def _measure_suggestions(queries: list[str], extra_words: int) -> None:
    import random

    from commitments.tables import Recommendation

    if extra_words:
        await _pad_vocabulary(extra_words)
    words = (await Recommendation.raw("SELECT count(*) AS n FROM search_word"))[0]["n"]
    rng = random.Random(13)
    typos = [t for t in (_typo(q, rng) for q in queries) if t not in queries]
    print(f"{len(typos)} typo queries, vocabulary of {words:,} words ('mean hits': suggestions offered)")
    await _measure("suggestions for a typo", typos, _suggested)
    await _measure("public page, typo: nothing + suggestions", typos, _public_page_with_typo)
    hostile = [" ".join(["contratacoinzzzzzzzz" + "a" * 20, "transparensiaq"] * 6)] * 20
    await _measure("hostile: 12 long made-up words", hostile, _suggested)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--extra-words", type=int, default=50_000)
    parser.add_argument("--suggestions-only", action="store_true", help="reuse a loaded PostgreSQL database")
    parser.add_argument(
        "--search-only", action="store_true", help="reuse a loaded database: run the search rows only"
    )
    arguments = parser.parse_args()
    _environment(arguments.database_url)
    asyncio.run(
        main(
            arguments.rows,
            arguments.queries,
            arguments.extra_words,
            arguments.suggestions_only,
            arguments.search_only,
        )
    )

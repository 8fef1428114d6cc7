"""Benchmark: a searched list page over 100,000 recommendations, as the pages and the API ask
for it (ranking, filters, exact total, rows, agencies and snippets for 25 rows).

    python bench/bench_list_search.py [--rows 100000] [--queries 200] [--database-url postgresql://...]
                                      [--reuse]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_import import _environment  # noqa: E402
from bench_search import _load, _measure  # noqa: E402


async def main(rows: int, count: int, reuse: bool = False) -> None:
    """Load, then measure and print."""
    import synthetic

    from commitments.actor import SYSTEM
    from commitments.db import engine
    from commitments.queries.public import public_recommendations
    from commitments.queries.recommendations import RecommendationFilter, list_recommendations

    print(f"engine {engine().engine_type}")
    if engine().engine_type == "postgres":
        await engine().start_connection_pool(min_size=1, max_size=4)
    if reuse:  # a database this benchmark (or bench_search.py) loaded before
        from commitments.db import migrate

        await migrate()
    else:
        await _load(rows)
    queries = synthetic.queries(count)

    async def commission(q: str) -> int:
        return (await list_recommendations(SYSTEM, RecommendationFilter(q=q), 1, 25)).total

    async def filtered(q: str) -> int:
        f = RecommendationFilter(q=q, mechanism="OGP")
        return (await list_recommendations(SYSTEM, f, 1, 25)).total

    async def public(q: str) -> int:
        return (await public_recommendations(RecommendationFilter(q=q), 1, 25)).total

    await _measure("list page, q only", queries, commission)
    await _measure("list page, q + mechanism", queries, filtered)
    await _measure("public page, q", queries, public)
    common = [w for w in synthetic.vocabulary() if w not in synthetic.STOPWORDS][:5]
    await _measure(f"worst: {', '.join(common[:2])}… (public)", common * 4, public)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--reuse", action="store_true", help="reuse a loaded database")
    arguments = parser.parse_args()
    _environment(arguments.database_url)
    asyncio.run(main(arguments.rows, arguments.queries, arguments.reuse))

"""The demo's technical roundtables (seeds/GT/roundtables.yaml): real texts from the 2013 OGP
self-assessment, invented parts marked as samples."""

from __future__ import annotations

from commitments.actor import Actor
from commitments.reference import read_seed
from commitments.roundtables.schemas import ActivityIn, RoundtableIn
from commitments.roundtables.service import add_activity, create_roundtable


async def load_roundtables(coordinator: Actor, country: str) -> int:
    """Create the seeded roundtables, coordinated by `coordinator`; return how many."""
    seeds = read_seed(f"{country}/roundtables.yaml")["roundtables"]
    for seed in seeds:
        activities = seed.pop("activities", [])
        roundtable = await create_roundtable(coordinator, RoundtableIn(**seed))
        for activity in activities:
            await add_activity(coordinator, roundtable, ActivityIn(**activity))
    return len(seeds)

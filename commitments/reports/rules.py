"""Pure rules behind the report's figures: ratings as of a period, movement, overdue work."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from commitments.i18n import LOCALES, gettext
from commitments.reports.model import (
    Bilingual,
    Item,
    Level,
    MechanismFigures,
    Move,
    Movement,
    Progress,
    Rating,
    Section,
    StateCount,
)
from commitments.vocabulary import LEVEL_STATES, State, label

# Ordinal of each normalised state; not_applicable has none (it never moves up or down).
STATE_RANK = {State.NOT_STARTED: 0, State.IN_PROGRESS: 1, State.SUBSTANTIAL: 2, State.COMPLETE: 3}
NOT_ASSESSED = State.NOT_ASSESSED


def bilingual(msgid: str) -> Bilingual:
    """A catalogue message in both report languages, so a snapshot carries its own words."""
    return Bilingual(**{locale: gettext(locale, msgid) for locale in LOCALES})


def state_label(state: str) -> Bilingual:
    """A normalised state's one wording (commitments.vocabulary), in both languages."""
    return bilingual(label(State(state)))


MECHANISM_ORDER = ("MESICIC", "UNCAC", "EITI", "COST", "STAR", "OGP")
# Mechanisms whose reports group by provision (article, requirement); the others by cycle.
BY_PROVISION = ("MESICIC", "UNCAC", "EITI")


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort 'F-2' before 'F-10' and 'III.9' before 'III.10'; total over any mix of references
    ('1' beside 'GT0078'): each part is (0, number) or (1, text), which always compare."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", text)
        if part
    )


def latest_rating(
    assessments: Iterable[dict[str, Any]], until: dt.date | None, levels: dict[int, Level]
) -> Rating | None:
    """The latest assessment given in a period that ended by `until` (None: no such period).

    A rating stands until a later period changes it, so a level carried from an earlier period
    still counts; `Rating.period` says where it came from.
    """
    if until is None:
        return None
    best = None
    for row in assessments:
        if row["period_ends_on"] > until:
            continue
        key = (row["period_ends_on"], row["assessed_at"], row["id"])
        if best is None or key > best[0]:
            best = (key, row)
    if best is None:
        return None
    row = best[1]
    return Rating(level=levels[row["level"]], period=row["period_code"], narrative=row["narrative"])


def movement(before: Level | None, after: Level | None) -> Movement:
    """How an item's self-assessed level changed between two periods."""
    if after is None:
        return "not_assessed"
    if before is None:
        return "new"
    old, new = _position(before), _position(after)
    if old is None or new is None or old == new:
        # Moving into or out of "not applicable" is neither progress nor regression.
        return "same"
    return "up" if new > old else "down"


def _position(level: Level) -> float | None:
    if level.progress is not None:
        return float(level.progress)
    rank = STATE_RANK.get(State(level.state))
    return None if rank is None else rank * 100 / 3


def is_overdue(due_on: dt.date | None, deadline: dt.date, answered: bool, as_of: dt.date) -> bool:
    """Unanswered work whose own due date (or else the period's deadline) has passed."""
    if answered:
        return False
    return (due_on or deadline) < as_of


def figures_for(section: Section) -> MechanismFigures:
    """Counts of a section's items by normalised state and by native level."""
    states: dict[str, int] = {key: 0 for key in (*LEVEL_STATES, NOT_ASSESSED)}
    levels = {level.code: 0 for level in section.scale}
    for item in section.items:
        rating = item.ratings.self_current
        if rating is None:
            states[NOT_ASSESSED] += 1
            continue
        states[rating.level.state] = states.get(rating.level.state, 0) + 1
        levels[rating.level.code] = levels.get(rating.level.code, 0) + 1
    by_state = [StateCount(key=key, label=state_label(key), count=count) for key, count in states.items()]
    by_level = [
        StateCount(key=level.code, label=level.label, count=levels[level.code]) for level in section.scale
    ]
    by_level.append(StateCount(key=NOT_ASSESSED, label=state_label(NOT_ASSESSED), count=states[NOT_ASSESSED]))
    return MechanismFigures(
        mechanism=section.mechanism, total=len(section.items), by_state=by_state, by_level=by_level
    )


def progress_for(sections: Iterable[Section], previous_period: str | None) -> Progress:
    """Items that moved up or down since the previous period, and items rated for the first time."""
    buckets: dict[str, list[Move]] = {"up": [], "down": [], "new": []}
    unchanged = 0
    for section in sections:
        for item in section.items:
            if item.movement in buckets:
                buckets[item.movement].append(_move(item))
            elif item.movement == "same":
                unchanged += 1
    return Progress(
        previous_period=previous_period,
        up=buckets["up"],
        down=buckets["down"],
        new=buckets["new"],
        unchanged=unchanged,
    )


def _move(item: Item) -> Move:
    before, after = item.ratings.self_previous, item.ratings.self_current
    return Move(
        code=item.code,
        mechanism=item.mechanism,
        before=before.level if before else None,
        after=after.level if after else None,
    )

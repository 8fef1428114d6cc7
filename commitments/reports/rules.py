"""Pure rules behind the report's figures: ratings as of a period, movement, overdue work."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from commitments import kinds
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
    ScaleInfo,
    Section,
    SourceDocument,
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
    document = None
    if row.get("document_reference"):
        document = SourceDocument(
            reference=row["document_reference"],
            title=row["document_title"] or "",
            kind=row["document_kind"],
            issued_on=row["document_issued_on"],
            url=row["document_url"] or "",
        )
    return Rating(
        level=levels[row["level"]], period=row["period_code"], narrative=row["narrative"], document=document
    )


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
    """Counts of a section's rated items (measures and milestones included) by normalised
    state and by native level, and of all its items by kind."""
    states: dict[str, int] = {key: 0 for key in (*LEVEL_STATES, NOT_ASSESSED)}
    scales = section.scales or [ScaleInfo(code="", name=Bilingual(), levels=section.scale)]
    several = len(scales) > 1
    levels = {_level_key(level, several): 0 for scale in scales for level in scale.levels}
    every = [found for item in section.items for found in item.walk()]
    rated = [item for item in every if item.rated]
    for item in rated:
        rating = item.ratings.self_current
        if rating is None:
            states[NOT_ASSESSED] += 1
            continue
        states[rating.level.state] = states.get(rating.level.state, 0) + 1
        levels[_level_key(rating.level, several)] = levels.get(_level_key(rating.level, several), 0) + 1
    by_state = [StateCount(key=key, label=state_label(key), count=count) for key, count in states.items()]
    by_level = [
        StateCount(
            key=_level_key(level, several),
            label=_scale_label(level.label, scale.name) if several else level.label,
            count=levels[_level_key(level, several)],
        )
        for scale in scales
        for level in scale.levels
    ]
    by_level.append(StateCount(key=NOT_ASSESSED, label=state_label(NOT_ASSESSED), count=states[NOT_ASSESSED]))
    kinds_seen: dict[str, int] = {}
    for item in every:
        kinds_seen[item.kind] = kinds_seen.get(item.kind, 0) + 1
    by_kind = [
        StateCount(key=kind, label=kind_label(kind, count), count=count) for kind, count in kinds_seen.items()
    ]
    return MechanismFigures(
        mechanism=section.mechanism, total=len(rated), by_state=by_state, by_level=by_level, by_kind=by_kind
    )


def _level_key(level: Level, several: bool) -> str:
    # Levels of two scales may share a code ("not_applicable"): the scale tells them apart, where
    # a section uses more than one.
    return f"{level.scale}:{level.code}" if several and level.scale else level.code


def _scale_label(level: Bilingual, scale: Bilingual) -> Bilingual:
    return Bilingual(es=f"{level.es} ({scale.es})", en=f"{level.en} ({scale.en})")


def kind_label(kind: str, count: int) -> Bilingual:
    """A kind's word in both report languages, in the number `count` asks for."""
    return Bilingual(**{locale: kinds.kind_word(locale, kind, count) for locale in LOCALES})


def progress_for(sections: Iterable[Section], previous_period: str | None) -> Progress:
    """Items that moved up or down since the previous period, and items rated for the first time."""
    buckets: dict[str, list[Move]] = {"up": [], "down": [], "new": []}
    unchanged = 0
    for section in sections:
        for item in (found for top in section.items for found in top.walk()):
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
        reference=item.reference,
        title=Bilingual(**{locale: item.heading(locale) for locale in LOCALES}),
    )

"""Small pure rules, unit-tested without a database."""

from __future__ import annotations

import datetime as dt

NOT_ASSESSED = "not_assessed"
CLOSED_ASSIGNMENT_STATES = ("accepted",)


def state_of(level_state: str | None) -> str:
    """The normalised state of a recommendation: its current level's, or 'not_assessed'."""
    return level_state or NOT_ASSESSED


def is_overdue(due_on: dt.date | None, assignment_state: str, today: dt.date) -> bool:
    """Overdue: the due date has passed and the agency still owes an answer.

    Only pending and returned assignments owe one; an answered (submitted) or accepted
    assignment is with the commission, so it is not the agency's delay.
    """
    if due_on is None:
        return False
    return due_on < today and assignment_state in ("pending", "returned")


def progress_summary(states: list[str]) -> dict[str, int]:
    """Count recommendations per normalised state (every state present, zero or not)."""
    keys = ("not_started", "in_progress", "substantial", "complete", "not_applicable", NOT_ASSESSED)
    counts = dict.fromkeys(keys, 0)
    for state in states:
        counts[state if state in counts else NOT_ASSESSED] += 1
    return counts

"""Small pure rules, unit-tested without a database."""

from __future__ import annotations

import datetime as dt

from commitments.vocabulary import AssignmentState, ConsultationState, State, choices

# Only pending and returned assignments owe the commission an answer.
OWING = (AssignmentState.PENDING, AssignmentState.RETURNED)


def state_of(level_state: str | None) -> State:
    """The normalised state of a recommendation: its current level's, or not assessed."""
    return State(level_state) if level_state else State.NOT_ASSESSED


def is_overdue(due_on: dt.date | None, assignment_state: str, today: dt.date) -> bool:
    """Overdue: the due date has passed and the agency still owes an answer.

    Only pending and returned assignments owe one; an answered (submitted) or accepted
    assignment is with the commission, so it is not the agency's delay.
    """
    if due_on is None:
        return False
    return due_on < today and assignment_state in OWING


def progress_summary(states: list[str]) -> dict[str, int]:
    """Count recommendations per normalised state (every state present, zero or not)."""
    counts = dict.fromkeys(choices(State), 0)
    for state in states:
        counts[state if state in counts else State.NOT_ASSESSED] += 1
    return counts


def consultation_state(
    closes_at: dt.datetime, now: dt.datetime, closed_early: bool = False
) -> ConsultationState:
    """A public consultation is open (from the moment it is opened) until its closing instant,
    or until someone closed it (a close is final whatever the clock says later); closed after."""
    if closed_early:
        return ConsultationState.CLOSED
    return ConsultationState.OPEN if now < closes_at else ConsultationState.CLOSED

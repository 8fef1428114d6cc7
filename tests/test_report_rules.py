"""Pure rules behind report figures, without a database."""

from __future__ import annotations

import datetime as dt

from commitments.reports.model import Bilingual, Level
from commitments.reports.rules import is_overdue, latest_rating, movement, natural_key

LIMITED = Level(
    code="limited", label=Bilingual(es="Limitado", en="Limited"), state="in_progress", progress=25
)
SUBSTANTIAL = Level(
    code="substantial", label=Bilingual(es="Sustancial", en="Substantial"), state="substantial", progress=75
)
NOT_APPLICABLE = Level(
    code="na", label=Bilingual(es="No aplica", en="N/A"), state="not_applicable", progress=None
)


def test_movement_compares_progress_between_periods():
    assert movement(LIMITED, SUBSTANTIAL) == "up"
    assert movement(SUBSTANTIAL, LIMITED) == "down"
    assert movement(LIMITED, LIMITED) == "same"
    assert movement(None, LIMITED) == "new"
    assert movement(LIMITED, None) == "not_assessed"
    assert movement(LIMITED, NOT_APPLICABLE) == "same"


def test_overdue_uses_the_assignment_due_date_before_the_period_deadline():
    deadline, today = dt.date(2027, 1, 15), dt.date(2026, 11, 25)
    assert is_overdue(dt.date(2026, 11, 1), deadline, answered=False, as_of=today)
    assert not is_overdue(dt.date(2026, 11, 1), deadline, answered=True, as_of=today)
    assert not is_overdue(None, deadline, answered=False, as_of=today)
    assert is_overdue(None, deadline, answered=False, as_of=dt.date(2027, 2, 1))


def test_latest_rating_carries_a_level_until_a_later_period_changes_it():
    levels = {1: LIMITED, 2: SUBSTANTIAL}
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    rows = [
        {
            "id": 1,
            "level": 1,
            "period_code": "2025-S2",
            "period_ends_on": dt.date(2025, 12, 31),
            "assessed_at": at,
            "narrative": "",
        },
        {
            "id": 2,
            "level": 2,
            "period_code": "2026-S2",
            "period_ends_on": dt.date(2026, 12, 31),
            "assessed_at": at,
            "narrative": "",
        },
    ]
    assert latest_rating(rows, dt.date(2026, 12, 31), levels).level == SUBSTANTIAL
    assert latest_rating(rows, dt.date(2026, 6, 30), levels).period == "2025-S2"
    assert latest_rating(rows, dt.date(2025, 6, 30), levels) is None
    assert latest_rating(rows, None, levels) is None


def test_references_sort_naturally():
    assert sorted(["F-10", "F-2", "III.10", "III.9"], key=natural_key) == ["F-2", "F-10", "III.9", "III.10"]


def test_counts_in_report_sentences_take_their_grammatical_number():
    from types import SimpleNamespace

    from commitments.reports.wording import progress_sentence

    moves = SimpleNamespace(up=[1], down=[], new=[1, 2], unchanged=1)
    model = SimpleNamespace(progress=moves, previous_period=SimpleNamespace(code="2026-S1"))
    assert progress_sentence(model, "es") == (
        "Desde el primer semestre de 2026: 1 avanzó, 0 retrocedieron, 2 se valoraron por primera vez "
        "y 1 se mantiene en el mismo nivel."
    )
    assert progress_sentence(model, "en") == (
        "Since the first half of 2026: 1 moved up, 0 moved down, 2 were rated for the first time "
        "and 1 stayed at the same level."
    )

"""One wording per stored value: every member of every vocabulary has exactly one label, in
both languages, and pages and PDFs print that same label."""

from __future__ import annotations

import pytest

from commitments import vocabulary
from commitments.i18n import gettext
from commitments.tables import (
    Agency,
    Assessment,
    Assignment,
    Evidence,
    Membership,
    RatingLevel,
    RecommendationLink,
    Report,
    Response,
)
from commitments.vocabulary import LABELS, VOCABULARIES, State, word


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_every_member_has_one_label_in_both_languages(name):
    enum = VOCABULARIES[name]
    assert set(LABELS[enum]) == {m.value for m in enum}
    for member in enum:
        spanish, english = word("es", name, member), word("en", name, member)
        assert spanish == LABELS[enum][member.value] and english


def test_a_value_shared_by_two_vocabularies_keeps_each_ones_word():
    assert word("es", "assignment_state", "pending") == "Pendiente"
    assert word("es", "render_state", "pending") == "En cola"
    assert word("en", "verification", "pending") != word("en", "render_state", "pending")


def test_an_unknown_value_is_shown_as_stored():
    assert word("es", "state", "half_done") == "half_done"


def test_the_tables_store_the_vocabularies():
    # (column, vocabulary) pairs: a column is no dictionary key (== builds a condition).
    columns = [
        (RatingLevel.state, State),
        (Membership.role, vocabulary.Role),
        (Assignment.role, vocabulary.AssignmentRole),
        (Assignment.state, vocabulary.AssignmentState),
        (Response.state, vocabulary.ResponseState),
        (Evidence.kind, vocabulary.EvidenceKind),
        (Evidence.visibility, vocabulary.Visibility),
        (Evidence.verification, vocabulary.Verification),
        (Assessment.source, vocabulary.Source),
        (Report.state, vocabulary.ReportState),
        (Report.render_state, vocabulary.RenderState),
        (RecommendationLink.kind, vocabulary.LinkKind),
        (Agency.branch, vocabulary.Branch),
    ]
    for column, enum in columns:
        assert column._meta.choices is enum, column._meta.name


def test_a_recommendation_without_a_level_reads_the_same_on_pages_and_in_pdfs():
    from commitments.reports.rules import state_label

    for locale in ("es", "en"):
        assert state_label(State.NOT_ASSESSED).pick(locale) == gettext(locale, "Sin valorar")
        assert state_label(State.COMPLETE).pick(locale) == word(locale, "state", "complete")


def test_every_audited_action_has_a_label():
    import re
    from pathlib import Path

    from commitments.vocabulary import ACTIONS, Decision

    root = Path(__file__).resolve().parent.parent / "commitments"
    source = "\n".join(p.read_text("utf-8") for p in root.rglob("*.py"))
    found = set(re.findall(r'audit\.record\(\s*\w+,\s*"([a-z_]+\.[a-z_]+)"', source))
    if 'f"response.{data.decision}"' in source:
        found |= {f"response.{d}" for d in Decision}
    assert len(found) > 20
    assert sorted(found - set(ACTIONS)) == []

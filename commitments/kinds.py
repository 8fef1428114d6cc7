"""What each mechanism's items are: the kinds it issues, which of them are rated, and the fields
only some kinds have. One place for the importer, the services, the pages and the reports.

A MESICIC round issues recommendations with lettered suggested measures; an EITI Board issues
decisions, corrective actions and statements, with findings; a CoST assurance report states
findings (figures on disclosure) and recommendations; OGP has action-plan commitments with
milestones and the IRM's recommendations and assessments; StAR gives assistance
(engagements) and rates nothing (../shared/data/report-formats.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from commitments.i18n import _, gettext
from commitments.vocabulary import IdsStage, ItemKind, VerbatimStatus, Workstream, label, word

K = ItemKind


@dataclass(frozen=True)
class MechanismKinds:
    """The kinds a mechanism's items may have (the first is the default) and the rated ones."""

    kinds: tuple[ItemKind, ...]
    rated: frozenset[ItemKind]
    fields: tuple[str, ...] = ()  # columns of commitments.tables.Recommendation only it uses


KINDS: dict[str, MechanismKinds] = {
    "MESICIC": MechanismKinds(
        (K.RECOMMENDATION, K.SUGGESTED_MEASURE), frozenset({K.RECOMMENDATION, K.SUGGESTED_MEASURE})
    ),
    "UNCAC": MechanismKinds((K.RECOMMENDATION,), frozenset({K.RECOMMENDATION})),
    "EITI": MechanismKinds(
        (
            K.CORRECTIVE_ACTION,
            K.BOARD_DECISION,
            K.CORRECTIVE_STATEMENT,
            K.FINDING,
            K.PRIORITY,
            K.RECOMMENDATION,
        ),
        frozenset(
            {K.CORRECTIVE_ACTION, K.BOARD_DECISION, K.CORRECTIVE_STATEMENT, K.PRIORITY, K.RECOMMENDATION}
        ),
    ),
    "COST": MechanismKinds(
        (K.RECOMMENDATION, K.FINDING),
        frozenset({K.RECOMMENDATION}),
        ("project", "procuring_entity", "stage", "disclosure_rate"),
    ),
    "STAR": MechanismKinds((K.ENGAGEMENT,), frozenset(), ("counterpart", "workstreams")),
    "OGP": MechanismKinds(
        (K.COMMITMENT, K.MILESTONE, K.IRM_RECOMMENDATION, K.IRM_ASSESSMENT),
        frozenset({K.COMMITMENT, K.MILESTONE}),
        ("starts_on", "ends_on", "ogp_values"),
    ),
}
# Kinds that inform rather than ask for action: the government owes no account of them.
CONTEXT = frozenset({K.FINDING, K.IRM_ASSESSMENT})
# A mechanism added later without its own entry takes recommendations, rated.
OTHER = MechanismKinds((K.RECOMMENDATION,), frozenset({K.RECOMMENDATION}))
# Every kind-specific column, whichever mechanism uses it.
KIND_FIELDS = ("starts_on", "ends_on", "ogp_values", "project", "procuring_entity", "stage", "disclosure_rate",
               "counterpart", "workstreams")  # fmt: skip

PLURALS: dict[ItemKind, str] = {
    K.RECOMMENDATION: _("Recomendaciones"),
    K.SUGGESTED_MEASURE: _("Medidas sugeridas"),
    K.FINDING: _("Hallazgos"),
    K.CORRECTIVE_ACTION: _("Medidas correctivas"),
    K.CORRECTIVE_STATEMENT: _("Exhortaciones del Consejo"),
    K.BOARD_DECISION: _("Decisiones del Consejo"),
    K.PRIORITY: _("Prioridades"),
    K.COMMITMENT: _("Compromisos"),
    K.MILESTONE: _("Hitos"),
    K.IRM_RECOMMENDATION: _("Recomendaciones del MRI"),
    K.IRM_ASSESSMENT: _("Valoraciones del MRI"),
    K.ENGAGEMENT: _("Asistencias"),
}


def of(mechanism: str) -> MechanismKinds:
    """A mechanism's kinds."""
    return KINDS.get(mechanism.upper(), OTHER)


def default_kind(mechanism: str) -> ItemKind:
    """The kind an item of the mechanism has when none is given."""
    return of(mechanism).kinds[0]


def is_kind_of(mechanism: str, kind: str) -> bool:
    """Whether the mechanism issues items of this kind."""
    return kind in of(mechanism).kinds


def is_rated(mechanism: str, kind: str) -> bool:
    """Whether items of this kind are rated on the mechanism's scale (a finding states a fact;
    StAR rates nothing)."""
    return kind in of(mechanism).rated


def needs_account(kind: str) -> bool:
    """Whether the government reports what it did about items of this kind (a finding or an
    IRM assessment only informs)."""
    return kind not in CONTEXT


def rates_anything(mechanism: str) -> bool:
    """Whether the mechanism rates any of its items."""
    return bool(of(mechanism).rated)


def applies(mechanism: str, field: str) -> bool:
    """Whether a kind-specific column belongs to the mechanism's items."""
    return field in of(mechanism).fields


def kind_word(locale: str, kind: str, n: int = 1) -> str:
    """A kind in `locale`, singular or plural (an unknown kind is shown as stored). Both report
    languages say the singular for one and the plural for any other number; the two words are
    separate catalogue entries because the singular is also a label on its own."""
    try:
        member = ItemKind(kind)
    except ValueError:
        return kind
    return gettext(locale, label(member) if n == 1 else PLURALS[member])


def kinds_text(mechanism: str, locale: str) -> str:
    """The kinds a mechanism accepts, for an error message ("recommendation (Recomendación), …")."""
    return ", ".join(f"{k.value} ({gettext(locale, label(k))})" for k in of(mechanism).kinds)


def split_list(value: str | None) -> list[str]:
    """Codes from 'ATI;CP' (empty items dropped)."""
    return [part.strip() for part in (value or "").split(";") if part.strip()]


STAGES = tuple(stage.value for stage in IdsStage)
WORKSTREAMS = tuple(stream.value for stream in Workstream)
VERBATIM = tuple(status.value for status in VerbatimStatus)


def verbatim_parts(value: str) -> tuple[str, str]:
    """`verbatim (title only)` -> ("verbatim", "title only"): the status and its note."""
    head, _sep, rest = value.strip().partition(" ")
    note = rest.strip()
    if note.startswith("(") and note.endswith(")"):
        note = note[1:-1].strip()
    return head, note


def verbatim_text(value: str, locale: str) -> str:
    """A verbatim status as a reader reads it: "Texto oficial (title only)"."""
    status, note = verbatim_parts(value)
    name = word(locale, "verbatim_status", status)
    return f"{name} ({note})" if note else name

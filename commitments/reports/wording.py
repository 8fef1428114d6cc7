"""Each mechanism's own words for the parts of an entry, and how its entries are grouped.

Shared by the PDF layouts and the HTML preview, so that what an analyst proofreads on screen
is labelled and ordered as the PDF prints it. Labels are Spanish msgids, translated where shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from babel.lists import format_list

from commitments import kinds
from commitments.i18n import FORMAT_LOCALES, _, format_date, format_number, format_period, gettext, ngettext
from commitments.kinds import kind_word
from commitments.reports.model import CONSOLIDATED, Item, ReportModel, Section
from commitments.vocabulary import ItemKind

# Who gives the reviewer's rating, in each mechanism's own words.
REVIEWERS = {
    "MESICIC": _("Comité de Expertos del MESICIC"),
    "UNCAC": _("Examen de la UNODC"),
    "EITI": _("Consejo del EITI"),
    "COST": _("Equipo de aseguramiento de CoST"),
    "STAR": _("StAR"),
    "OGP": _("Mecanismo de Revisión Independiente (MRI)"),
}
REVIEWER = _("Órgano revisor")
# How each mechanism is written where its code would be shown (headers, tables).
SHORT_NAMES = {"COST": "CoST", "STAR": "StAR"}


def short_name(code: str) -> str:
    """A mechanism as its own documents write it ("CoST", not the code "COST")."""
    return SHORT_NAMES.get(code, code)


@dataclass(frozen=True)
class Wording:
    """The labels of one mechanism's layout (report-formats.md). An entry is headed by its kind
    (commitments.kinds) and reference; its text is labelled by its kind unless `text` names a
    label for that kind."""

    answers: dict[str, str]  # response field -> label, in the mechanism's words
    ratings: str  # over the self / reviewer ratings
    text: dict[str, str] = field(default_factory=dict)  # kind -> label over the text as issued
    # kind -> labels of the account where a kind is answered in other words
    answers_by_kind: dict[str, dict[str, str]] = field(default_factory=dict)
    measures: str = ""  # over sub-measures or milestones
    evidence: str = _("Evidencia")
    provision: str = ""  # what the provision is called, when entries are not grouped by it
    grouping: str = "cycle"  # provision | chapter | cycle
    group_prefix: str = ""  # before a provision's code in a group heading
    lettered: bool = False  # measures as a), b), c) instead of their references


K = ItemKind
WORDING = {
    "MESICIC": Wording(
        text={K.RECOMMENDATION: _("RECOMENDACIÓN:"), K.SUGGESTED_MEASURE: _("MEDIDA SUGERIDA:")},
        measures=_("Medidas sugeridas:"),
        answers={
            "actions_taken": _("INFORME:"),
            "challenges": _("Dificultades"),
            "assistance_needed": _("Necesidades de cooperación técnica"),
            "next_steps": _("Próximos pasos"),
        },
        ratings=_("Clasificación del seguimiento"),
        grouping="provision",
        group_prefix=_("Disposición"),
        lettered=True,
    ),
    "UNCAC": Wording(
        answers={
            "actions_taken": _("2. Medidas aplicables (leyes, políticas y prácticas)"),
            "challenges": _("4. Pasos pendientes y problemas en la aplicación"),
            "assistance_needed": _("5. Asistencia técnica requerida"),
            "next_steps": _("Próximos pasos"),
        },
        ratings=_("Valoración"),
        evidence=_("3. Ejemplos de aplicación (evidencia)"),
        grouping="chapter",
    ),
    "EITI": Wording(
        measures=_("Exhortaciones, hallazgos y medidas relacionadas"),
        answers={
            "actions_taken": _("Progreso"),
            "challenges": _("Dificultades"),
            "next_steps": _("Próximos pasos"),
        },
        ratings=_("Evaluación"),
        grouping="provision",
        group_prefix=_("Requisito"),
    ),
    "COST": Wording(
        answers={
            "actions_taken": _("Acciones realizadas"),
            "challenges": _("Dificultades"),
            "next_steps": _("Próximos pasos"),
        },
        answers_by_kind={K.FINDING: {"actions_taken": _("Respuesta del Gobierno")}},
        ratings=_("Estado de implementación"),
        provision=_("Elemento del estándar de datos (IDS)"),
    ),
    "STAR": Wording(
        text={K.ENGAGEMENT: _("Asistencia solicitada y asesoría recibida")},
        answers={
            "actions_taken": _("Acciones realizadas"),
            "assistance_needed": _("Asistencia adicional requerida"),
            "next_steps": _("Próximos pasos"),
        },
        ratings=_("Estado de implementación"),
        provision=_("Artículo de la Convención (capítulo V)"),
    ),
    "OGP": Wording(
        text={K.COMMITMENT: _("Descripción del compromiso"), K.MILESTONE: _("Descripción del hito")},
        measures=_("Hitos"),
        answers={
            "actions_taken": _("Avances y resultados"),
            "challenges": _("Dificultades"),
            "next_steps": _("Siguientes pasos"),
        },
        answers_by_kind={
            K.IRM_RECOMMENDATION: {
                "actions_taken": _("Cómo se atendió la recomendación"),
                "next_steps": _("Siguientes pasos"),
            },
            K.IRM_ASSESSMENT: {"actions_taken": _("Respuesta del Gobierno")},
        },
        ratings=_("Nivel de cumplimiento"),
        provision=_("Valores de OGP"),
    ),
}


def wording(mechanism: str) -> Wording:
    """A mechanism's words; any other mechanism reads like a CoST assurance report."""
    return WORDING.get(mechanism, WORDING["COST"])


def text_label(words: Wording, kind: str, locale: str) -> str:
    """The label over an entry's text as issued: the mechanism's word for its kind, else the kind."""
    msgid = words.text.get(kind)
    return gettext(locale, msgid) if msgid else kind_word(locale, kind)


def answer_labels(words: Wording, kind: str) -> dict[str, str]:
    """The account's fields and their labels (msgids) for an entry of this kind."""
    return words.answers_by_kind.get(kind, words.answers)


def reviewer_of(mechanism: str) -> str:
    """Who gives a mechanism's own rating (a msgid)."""
    return REVIEWERS.get(mechanism, REVIEWER)


def group_title(part: Section, locale: str) -> Callable[[Item], str]:
    """The heading each entry of a section is filed under, in the report's locale: its article,
    requirement or chapter where the mechanism groups by provision (an entry with none goes
    under its kind: "Decisiones del Consejo"), else its kind, after its cycle when the section
    covers several."""
    words = wording(part.mechanism)
    if words.grouping == "chapter":
        return lambda item: item.group_title.pick(locale) or kind_word(locale, item.kind, 2)
    if words.grouping == "provision":
        prefix = gettext(locale, words.group_prefix)

        def by_provision(item: Item) -> str:
            if not item.provision:
                return kind_word(locale, item.kind, 2)
            return f"{prefix} {item.provision} — {item.provision_title.pick(locale)}"

        return by_provision
    names = {cycle.code: cycle.name.pick(locale) for cycle in part.cycles}
    if len(part.cycles) > 1:
        return lambda item: f"{names.get(item.cycle, item.cycle)} — {kind_word(locale, item.kind, 2)}"
    return lambda item: kind_word(locale, item.kind, 2)


def entry_order(part: Section) -> list[Item]:
    """A section's entries in reading order: by provision where the mechanism groups by it
    (those without one after, by kind), else by cycle, then kind, in the mechanism's order of
    kinds; the gathered order (references in natural order) within each."""
    order = {kind.value: index for index, kind in enumerate(kinds.of(part.mechanism).kinds)}
    cycles = {cycle.code: index for index, cycle in enumerate(part.cycles)}
    grouping = wording(part.mechanism).grouping

    def key(pair: tuple[int, Item]) -> tuple[int, int, int, int]:
        position, item = pair
        kind = order.get(item.kind, len(order))
        if grouping in ("provision", "chapter"):
            return (0 if item.provision else 1, 0 if item.provision else kind, position, 0)
        return (cycles.get(item.cycle, len(cycles)), kind, position, 0)

    return [item for _position, item in sorted(enumerate(part.items), key=key)]


def progress_sentence(model: ReportModel, locale: str) -> str:
    """How items moved since the previous period, each count in its own grammatical number:
    the same sentence in the PDF and in the page's preview."""
    moves = model.progress
    previous = format_period(model.previous_period.code, locale) if model.previous_period else ""

    up, down, new, same = len(moves.up), len(moves.down), len(moves.new), moves.unchanged
    return gettext(
        locale,
        "Desde el %(previous)s: %(up)s, %(down)s, %(new)s y %(same)s.",
        previous=previous,
        up=ngettext(locale, "%(n)s avanzó", "%(n)s avanzaron", up, n=format_number(up, locale)),
        down=ngettext(locale, "%(n)s retrocedió", "%(n)s retrocedieron", down, n=format_number(down, locale)),
        new=ngettext(
            locale,
            "%(n)s se valoró por primera vez",
            "%(n)s se valoraron por primera vez",
            new,
            n=format_number(new, locale),
        ),
        same=ngettext(
            locale,
            "%(n)s se mantiene en el mismo nivel",
            "%(n)s se mantienen en el mismo nivel",
            same,
            n=format_number(same, locale),
        ),
    )


def edition_text(model: ReportModel, locale: str) -> str:
    """An issued report's version, and the one it replaces ("2: sustituye a la versión 1 …"):
    the same words on the PDF's cover and in the page's preview."""
    if model.supersedes is None:
        return str(model.edition or "")
    old = model.supersedes
    return gettext(
        locale,
        "%(edition)s: sustituye a la versión %(old)s (finalizada el %(date)s; identificador %(id)s…)",
        edition=model.edition,
        old=old.edition,
        date=format_date(old.finalized_on, locale) or "—",
        id=old.identifier[:16],
    )


def items_phrase(model: ReportModel, locale: str) -> str:
    """What the report holds, counted by kind in the report's language ("2 medidas correctivas
    y 1 prioridad"), measures and milestones included."""
    counts: dict[str, int] = {}
    for part in model.sections:
        for top in part.items:
            for item in top.walk():
                counts[item.kind] = counts.get(item.kind, 0) + 1
    phrases = [
        f"{format_number(n, locale)} {kind_word(locale, kind, n).lower()}" for kind, n in counts.items()
    ]
    return format_list(phrases, locale=FORMAT_LOCALES[locale]) if phrases else ""


def _in_sentence(word: str) -> str:
    """A label as it reads inside a sentence: "Medidas correctivas" -> "medidas correctivas",
    but an acronym keeps its capitals ("IRM recommendations")."""
    if len(word) > 1 and word[1].isupper():
        return word
    return word[:1].lower() + word[1:]


def scope_sentence(model: ReportModel, locale: str) -> str:
    """What the report covers, counted by kind ("2 medidas correctivas y 1 prioridad"), in which
    period, with data as of when: the same sentence in the PDF and in the page's preview."""
    period = model.period
    if not model.item_count:
        return ""
    return gettext(
        locale,
        "Este informe presenta el estado de %(items)s en el %(period)s (del %(start)s al %(end)s), "
        "con datos al %(as_of)s.",
        items=items_phrase(model, locale),
        period=format_period(period.code, locale),
        start=format_date(period.starts_on, locale),
        end=format_date(period.ends_on, locale),
        as_of=format_date(model.as_of, locale),
    )


TITLES = {
    "MESICIC": _("Informe de avance en la implementación de las recomendaciones del MESICIC"),
    "UNCAC": _(
        "Autoevaluación de la aplicación de la Convención de las Naciones Unidas contra la Corrupción"
    ),
    "EITI": _("Informe de avance en las medidas correctivas del EITI"),
    "COST": _("Informe de seguimiento de las recomendaciones de aseguramiento de CoST"),
    "STAR": _("Informe de seguimiento de la cooperación con la Iniciativa StAR"),
    "OGP": _("Informe de autoevaluación del plan de acción de Gobierno Abierto"),
    CONSOLIDATED: _("Informe consolidado de seguimiento de los compromisos internacionales anticorrupción"),
}


def report_title(model: ReportModel, locale: str) -> str:
    """The report's title in its mechanism's words."""
    return gettext(locale, TITLES.get(model.mechanism, TITLES[CONSOLIDATED]))

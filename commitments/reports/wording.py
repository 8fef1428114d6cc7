"""Each mechanism's own words for the parts of an entry, and how its entries are grouped.

Shared by the PDF layouts and the HTML preview, so that what an analyst proofreads on screen
is labelled and ordered as the PDF prints it. Labels are Spanish msgids, translated where shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from commitments.i18n import _, format_date, format_number, gettext, ngettext
from commitments.reports.model import Item, ReportModel, Section

NO_PROVISION = _("Sin disposición asignada")
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
    """The labels of one mechanism's layout (report-formats.md)."""

    item: str  # heading of an entry, before its reference
    text: str  # over the text as issued
    answers: dict[str, str]  # response field -> label, in the mechanism's words
    ratings: str  # over the self / reviewer ratings
    measures: str = ""  # over sub-measures or milestones
    evidence: str = _("Evidencia")
    provision: str = ""  # what the provision is called, when entries are not grouped by it
    grouping: str = "cycle"  # provision | chapter | cycle
    group_prefix: str = ""  # before a provision's code in a group heading
    lettered: bool = False  # measures as a), b), c) instead of their references


WORDING = {
    "MESICIC": Wording(
        item=_("Recomendación"),
        text=_("RECOMENDACIÓN:"),
        measures=_("Medidas sugeridas:"),
        answers={
            "actions_taken": _("INFORME / MEDIDAS ADOPTADAS:"),
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
        item=_("Recomendación"),
        text=_("Recomendación"),
        answers={
            "actions_taken": _("Medidas aplicables"),
            "challenges": _("Problemas en la aplicación"),
            "assistance_needed": _("Necesidades de asistencia técnica"),
            "next_steps": _("Próximos pasos"),
        },
        ratings=_("Valoración"),
        evidence=_("Ejemplos de aplicación (evidencia)"),
        grouping="chapter",
    ),
    "EITI": Wording(
        item=_("Medida correctiva"),
        text=_("Medida correctiva o decisión del Consejo"),
        measures=_("Hallazgos y medidas relacionadas"),
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
        item=_("Hallazgo o recomendación"),
        text=_("Hallazgo o recomendación del aseguramiento"),
        answers={
            "actions_taken": _("Acciones realizadas"),
            "challenges": _("Dificultades"),
            "next_steps": _("Próximos pasos"),
        },
        ratings=_("Estado de implementación"),
        provision=_("Elemento del estándar de datos (IDS)"),
    ),
    "STAR": Wording(
        item=_("Asesoría"),
        text=_("Asesoría recibida"),
        answers={
            "actions_taken": _("Acciones realizadas"),
            "assistance_needed": _("Asistencia adicional requerida"),
            "next_steps": _("Próximos pasos"),
        },
        ratings=_("Estado de implementación"),
        provision=_("Artículo de la Convención (capítulo V)"),
    ),
    "OGP": Wording(
        item=_("Compromiso"),
        text=_("Descripción del compromiso"),
        measures=_("Hitos"),
        answers={
            "actions_taken": _("Avances y resultados"),
            "challenges": _("Dificultades"),
            "next_steps": _("Siguientes pasos"),
        },
        ratings=_("Nivel de cumplimiento"),
        provision=_("Valores de OGP"),
    ),
}


def wording(mechanism: str) -> Wording:
    """A mechanism's words; any other mechanism reads like a CoST assurance report."""
    return WORDING.get(mechanism, WORDING["COST"])


def reviewer_of(mechanism: str) -> str:
    """Who gives a mechanism's own rating (a msgid)."""
    return REVIEWERS.get(mechanism, REVIEWER)


def group_title(part: Section, locale: str) -> Callable[[Item], str]:
    """The heading each entry of a section is filed under, in the report's locale."""
    words = wording(part.mechanism)
    if words.grouping == "chapter":
        return lambda item: item.group_title.pick(locale) or gettext(locale, NO_PROVISION)
    if words.grouping == "provision":
        prefix = gettext(locale, words.group_prefix)

        def by_provision(item: Item) -> str:
            if not item.provision:
                return gettext(locale, NO_PROVISION)
            return f"{prefix} {item.provision} — {item.provision_title.pick(locale)}"

        return by_provision
    names = {cycle.code: cycle.name.pick(locale) for cycle in part.cycles}
    return lambda item: names.get(item.cycle, item.cycle)


@dataclass(frozen=True)
class Group:
    title: str
    items: list[Item]


@dataclass(frozen=True)
class Outline:
    """A section as its layout reads: the mechanism's words, entries under their headings."""

    part: Section
    words: Wording
    groups: list[Group]

    @property
    def reviewer(self) -> str:
        return reviewer_of(self.part.mechanism)


def outline(model: ReportModel) -> list[Outline]:
    """Every section of a report, grouped as its PDF layout groups it (for the HTML preview)."""
    found = []
    for part in model.sections:
        title = group_title(part, model.locale)
        groups: list[Group] = []
        for item in part.items:
            heading = title(item)
            if not groups or groups[-1].title != heading:
                groups.append(Group(heading, []))
            groups[-1].items.append(item)
        found.append(Outline(part, wording(part.mechanism), groups))
    return found


def progress_sentence(model: ReportModel, locale: str) -> str:
    """How items moved since the previous period, each count in its own grammatical number:
    the same sentence in the PDF and in the page's preview."""
    moves = model.progress
    previous = model.previous_period.code if model.previous_period else ""

    up, down, new, same = len(moves.up), len(moves.down), len(moves.new), moves.unchanged
    return gettext(
        locale,
        "Desde %(previous)s: %(up)s, %(down)s, %(new)s y %(same)s.",
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

"""The technical roundtables part of a report (the OGP self-assessment's `roundtables`): each
roundtable's work plan as the 2013 self-assessment sets it out — objectives, diagnosis,
products, how and why, resources, activities and timeline — gathered once into the report model
and printed in the PDF and the Word copy in the report's language (gathered by
`commitments.roundtables.plans`)."""

from __future__ import annotations

from typing import Protocol

from reportlab.platypus import Paragraph

from commitments.i18n import _
from commitments.reports.blocks import wrapped
from commitments.reports.model import ReportModel
from commitments.reports.roundtable_plan import PlanActivity, PlanList, PlanText, RoundtablePlan
from commitments.reports.story import Story
from commitments.reports.styles import BOLD, text
from commitments.vocabulary import word

SAMPLE_MARK = "[Ejemplo]"

# The plan's lists in the order the seed document sets them out, with their headings (msgids).
LISTS = (
    ("specific_objectives", _("Objetivos específicos"), True),
    ("diagnosis", _("Diagnóstico"), True),
    ("products", _("Productos esperados"), False),
    ("methods", _("Cómo lo hacemos"), True),
    ("purposes", _("Para qué lo queremos"), True),
    ("resources", _("Recursos necesarios"), True),
)


def untranslated(plan: RoundtablePlan, locale: str) -> bool:
    """Whether any of the plan's texts prints in Spanish in a report in `locale`."""
    texts: list[PlanText | PlanList] = [plan.topic, plan.general_objective, plan.duration]
    texts += [getattr(plan, name) for name, _t, _n in LISTS]
    texts += [a.description for a in plan.activities]
    return any(t.untranslated(locale) for t in texts)


def title_of(plan: RoundtablePlan, locale: str) -> str:
    """'CODE — topic', marked when it is a sample."""
    title = f"{plan.code} — {plan.topic.pick(locale)}"
    return f"{title} {SAMPLE_MARK}" if plan.sample else title


# ---- PDF ----


def section(story: Story, model: ReportModel, title: str) -> None:
    """The part: an introduction, then one roundtable after the other."""
    story.heading(title or story.gettext("Mesas técnicas sectoriales"), 0)
    plans = model.roundtables
    if not plans:
        story.para(story.gettext("No hay mesas técnicas activas registradas."))
        return
    story.para(
        story.ngettext(
            "La Comisión coordina %(n)s mesa técnica sectorial con la sociedad civil, el sector "
            "empresarial, el sector académico y las instituciones del Estado.",
            "La Comisión coordina %(n)s mesas técnicas sectoriales con la sociedad civil, el sector "
            "empresarial, el sector académico y las instituciones del Estado.",
            len(plans),
        )
    )
    for plan in plans:
        _plan(story, plan)


def _plan(story: Story, plan: RoundtablePlan) -> None:
    locale = story.locale
    story.heading(title_of(plan, locale), 1)
    if untranslated(plan, locale):
        story.para(
            story.gettext("Parte de este plan se presenta en español: aún no tiene traducción."), "muted"
        )
    story.field(story.gettext("Coordinación"), plan.coordinator)
    groups = plan.by_sector()
    if groups:
        rows = [[story.gettext("Sector"), story.gettext("Organizaciones participantes")]]
        rows += [[word(locale, "sector", s), wrapped("; ".join(names), 330)] for s, names in groups]
        _label(story, story.gettext("Participantes"))
        story.table(rows, [130, 340])
    story.field(story.gettext("Objetivo general"), plan.general_objective.pick(locale))
    for name, heading, numbered in LISTS:
        _list(story, story.gettext(heading), getattr(plan, name), numbered)
    _activities(story, plan.activities)
    story.field(story.gettext("Temporalidad"), plan.duration.pick(locale))
    if plan.recommendations:
        story.field(story.gettext("Recomendaciones que atiende"), "; ".join(plan.recommendations))


def _label(story: Story, label: str) -> None:
    story.add(Paragraph(text(label), story.st["label"]))


def _list(story: Story, heading: str, items: PlanList, numbered: bool) -> None:
    values = items.pick(story.locale)
    if not values:
        return
    _label(story, heading)
    for index, value in enumerate(values, start=1):
        story.para(f"{index}. {value}" if numbered else f"• {value}", "quote")


def _activities(story: Story, activities: list[PlanActivity]) -> None:
    if not activities:
        return
    _label(story, story.gettext("Actividades y cronograma"))
    widths = [18, 200, 90, 55, 55, 52]
    rows: list[list[str]] = [
        [
            "#",
            wrapped(story.gettext("Actividad"), widths[1], BOLD),
            wrapped(story.gettext("A cargo de"), widths[2], BOLD),
            wrapped(story.gettext("Inicio"), widths[3], BOLD),
            wrapped(story.gettext("Fin"), widths[4], BOLD),
            wrapped(story.gettext("Estado"), widths[5], BOLD),
        ]
    ]
    for index, activity in enumerate(activities, start=1):
        description = activity.description.pick(story.locale)
        if activity.sample:
            description = f"{SAMPLE_MARK} {description}"
        rows.append(
            [
                str(index),
                wrapped(description, widths[1]),
                wrapped(activity.responsible or "—", widths[2]),
                wrapped(story.date(activity.starts_on) or "—", widths[3]),
                wrapped(story.date(activity.ends_on) or "—", widths[4]),
                wrapped(word(story.locale, "activity_state", activity.state), widths[5]),
            ]
        )
    story.table(rows, widths)


# ---- Word ----


class Writer(Protocol):
    """What the Word copy's writer offers (commitments.reports.docx)."""

    locale: str

    def t(self, message: str, **values: object) -> str: ...
    def date(self, value: object) -> str: ...
    def heading(self, title: str, level: int) -> None: ...
    def para(self, value: str, style: str | None = None) -> None: ...
    def field(self, label: str, value: str) -> None: ...
    def table(self, rows: list[list[str]], header: bool = True) -> None: ...


def docx_part(w: Writer, model: ReportModel, title: str) -> None:
    """The same part in the Word copy."""
    w.heading(title or w.t("Mesas técnicas sectoriales"), 1)
    if not model.roundtables:
        w.para(w.t("No hay mesas técnicas activas registradas."))
    for plan in model.roundtables:
        w.heading(title_of(plan, w.locale), 2)
        w.field(w.t("Coordinación"), plan.coordinator)
        for sector, names in plan.by_sector():
            w.field(word(w.locale, "sector", sector), "; ".join(names))
        w.field(w.t("Objetivo general"), plan.general_objective.pick(w.locale))
        for name, heading, numbered in LISTS:
            items = getattr(plan, name).pick(w.locale)
            if items:
                w.para(w.t(heading))
                for item in items:
                    w.para(item, "List Number" if numbered else "List Bullet")
        if plan.activities:
            rows = [[w.t("Actividad"), w.t("A cargo de"), w.t("Inicio"), w.t("Fin"), w.t("Estado")]]
            rows += [
                [
                    a.description.pick(w.locale),
                    a.responsible,
                    w.date(a.starts_on),
                    w.date(a.ends_on),
                    word(w.locale, "activity_state", a.state),
                ]
                for a in plan.activities
            ]
            w.table(rows)
        w.field(w.t("Temporalidad"), plan.duration.pick(w.locale))
        if plan.recommendations:
            w.field(w.t("Recomendaciones que atiende"), "; ".join(plan.recommendations))

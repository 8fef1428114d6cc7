"""Executive summary, progress since the previous period, and the annexes."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from commitments.i18n import _
from commitments.reports import charts
from commitments.reports.blocks import wrapped
from commitments.reports.model import Item, Level, Move, ReportModel
from commitments.reports.story import Story
from commitments.reports.styles import BOLD
from commitments.reports.wording import progress_sentence, scope_sentence, short_name

ANNEX_CHUNK = 60  # rows per table: long tables split in quadratic time in ReportLab


def _all_items(model: ReportModel) -> list[Item]:
    found: list[Item] = []
    stack = [item for section in model.sections for item in reversed(section.items)]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(reversed(item.children))
    return found


def had_activity(model: ReportModel) -> bool:
    """Whether anything was answered or rated in the report's period."""
    code = model.period.code
    for item in _all_items(model):
        r = item.ratings
        rated = [x for x in (r.self_current, r.reviewer_current) if x and x.period == code]
        if item.answers or rated:
            return True
    return False


def executive_summary(story: Story, model: ReportModel) -> None:
    """Scope, then counts by state, by native level and by agency, with charts."""
    story.heading(story.gettext("Resumen ejecutivo"), 0)
    _scope(story, model)
    if not model.item_count:
        return
    story.heading(story.gettext("Estado de las recomendaciones"), 1)
    _state_table(story, model)
    story.add(charts.states_by_mechanism(model.figures, story.locale))
    # Never leave the heading alone at the foot of a page: the first table and its donut
    # (about 400 pt) must fit below it.
    story.add(CondPageBreak(430))
    story.heading(story.gettext("Niveles en la escala de cada mecanismo"), 1)
    scales = {section.mechanism: section.scale for section in model.sections}
    for figure in model.figures:
        rows = [
            [
                story.gettext("Nivel (%(mechanism)s)", mechanism=short_name(figure.mechanism)),
                story.gettext("Recomendaciones"),
                "%",
            ]
        ]
        rows += [
            [wrapped(story.pick(c.label), 250), story.number(c.count), story.pct(c.count, figure.total)]
            for c in figure.by_level
        ]
        part = Story(model, story.locale)  # the table and its donut stay on one page
        part.table(rows, [250, 110, 110])
        part.add(charts.levels_donut(figure, scales.get(figure.mechanism, []), story.locale), Spacer(1, 6))
        story.add(KeepTogether(part.flow))
    _agency_summary(story, model)


def _scope(story: Story, model: ReportModel) -> None:
    period = model.period
    story.para(scope_sentence(model, story.locale))
    if model.previous_period:
        story.para(
            story.gettext(
                "Se compara con el periodo anterior, el %(previous)s.",
                previous=story.period(model.previous_period.code),
            )
        )
    story.para(
        story.gettext(
            "Cada recomendación muestra su nivel en la escala propia del mecanismo: la "
            "autoevaluación del Gobierno y la valoración del órgano revisor, una junto a la otra. "
            "Un nivel se mantiene hasta que un periodo posterior lo cambia; entre paréntesis, el "
            "periodo en que se otorgó."
        )
    )
    if model.internal:
        story.para(story.gettext("Uso interno: incluye evidencia no pública."), "label")
    if not model.item_count:
        story.para(story.gettext("No hay recomendaciones registradas en el alcance de este informe."), "h3")
    elif not had_activity(model):
        story.para(
            story.gettext(
                "En el %(period)s no se registraron respuestas aceptadas ni valoraciones.",
                period=story.period(period.code),
            ),
            "h3",
        )


def _state_table(story: Story, model: ReportModel) -> None:
    keys = model.figures[0].by_state
    header = [story.gettext("Mecanismo")] + [wrapped(story.pick(c.label), 56, BOLD) for c in keys]
    rows = [header + [story.gettext("Total")]]
    for figure in model.figures:
        rows.append(
            [short_name(figure.mechanism)]
            + [f"{story.number(c.count)}\n{story.pct(c.count, figure.total)}" for c in figure.by_state]
            + [story.number(figure.total)]
        )
    story.table(rows, [62] + [56] * len(keys) + [40])


def _agency_summary(story: Story, model: ReportModel) -> None:
    story.heading(story.gettext("Respuesta de las instituciones"), 1)
    if not model.agencies:
        story.para(
            story.gettext(
                "Ninguna institución tiene recomendaciones asignadas en el alcance de este informe."
            )
        )
        return
    widths = [200, 55, 55, 60, 50, 50]
    rows = [
        [
            wrapped(story.gettext(label), width, BOLD)
            for label, width in zip(
                (
                    _("Institución"),
                    _("Asignaciones"),
                    _("Respondidas"),
                    _("Tasa de respuesta"),
                    _("Aceptadas"),
                    _("Vencidas"),
                ),
                widths,
                strict=True,
            )
        ]
    ]
    for a in model.agencies:
        rows.append(
            [
                wrapped(f"{a.code} – {story.pick(a.name)}", 200),
                story.number(a.assignments),
                story.number(a.answered),
                story.pct(a.answered, a.assignments),
                story.number(a.accepted),
                story.number(a.overdue),
            ]
        )
    for start in range(1, len(rows), ANNEX_CHUNK):
        story.table([rows[0]] + rows[start : start + ANNEX_CHUNK], widths)
    story.add(charts.response_rates(model.agencies, story.locale))


def progress(story: Story, model: ReportModel) -> None:
    """Which items moved up or down since the previous period, and which are rated anew."""
    story.heading(story.gettext("Avance desde el periodo anterior"), 0)
    moves = model.progress
    if not model.previous_period:
        story.para(story.gettext("No hay un periodo anterior con el cual comparar."))
        return
    story.para(progress_sentence(model, story.locale))
    for title, entries in (
        (story.gettext("Avanzaron"), moves.up),
        (story.gettext("Retrocedieron"), moves.down),
        (story.gettext("Valoradas por primera vez"), moves.new),
    ):
        if entries:
            story.heading(title, 1)
            _moves_table(story, model, entries)


def _moves_table(story: Story, model: ReportModel, entries: list[Move]) -> None:
    """Each item that moved, named by its code and title, with its level before and now."""
    widths = [230, 50, 95, 95]
    previous = story.period(model.previous_period.code, capital=True) if model.previous_period else "—"
    header = [
        story.gettext("Recomendación"),
        story.gettext("Mecanismo"),
        wrapped(previous, widths[2], BOLD),
        wrapped(story.period(model.period.code, capital=True), widths[3], BOLD),
    ]
    titles = {m.code: story.pick(m.title) for m in entries}

    def label(level: Level | None) -> str:
        return wrapped(story.pick(level.label), widths[2]) if level else "—"

    def named(code: str) -> str:
        title = " ".join(titles.get(code, "").split())
        return wrapped(f"{code}\n{title[:120] + '…' if len(title) > 120 else title}".strip(), widths[0])

    rows = [[named(m.code), short_name(m.mechanism), label(m.before), label(m.after)] for m in entries]
    for start in range(0, len(rows), ANNEX_CHUNK):
        story.table([header] + rows[start : start + ANNEX_CHUNK], widths)


def annexes(story: Story, model: ReportModel) -> None:
    """Annex A: agencies and focal points. (Evidence is printed once, under its entry.)"""
    story.heading(story.gettext("Anexo A. Instituciones y puntos focales"), 0)
    rows = [
        [
            story.gettext("Institución"),
            story.gettext("Puntos focales"),
            wrapped(story.gettext("Asignaciones (principal)"), 80, BOLD),
        ]
    ]
    for a in model.agencies:
        rows.append(
            [
                wrapped(f"{a.code} – {story.pick(a.name)}", 220),
                wrapped("\n".join(a.focal_points) or "—", 170),
                f"{story.number(a.assignments)} ({story.number(a.lead)})",
            ]
        )
    if len(rows) == 1:
        story.para(story.gettext("Ninguna institución tiene recomendaciones asignadas."))
    for start in range(1, len(rows), ANNEX_CHUNK):
        story.table([rows[0]] + rows[start : start + ANNEX_CHUNK], [220, 170, 80])

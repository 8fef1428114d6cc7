"""Charts of the executive summary (reportlab.graphics), drawn from the report model only.

Colours come from commitments.reports.palette: a state, or a native level, is the same colour in
every chart (and on the web). A chart with nothing to show says so instead of drawing empty axes,
and counts are read on whole-number axes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.doughnut import Doughnut
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from commitments.i18n import _, gettext
from commitments.reports import palette
from commitments.reports.model import AgencyFigures, Level, MechanismFigures
from commitments.reports.styles import FONT, INK, MUTED, STATE_COLOURS, register_fonts
from commitments.reports.wording import short_name
from commitments.vocabulary import State

MAX_AGENCIES = 15
STATES_TITLE = _("Recomendaciones por estado y mecanismo")
LEVELS_TITLE = _("%(mechanism)s: niveles de su propia escala")
RATES_TITLE = _("Tasa de respuesta por institución, en porcentaje")
NO_DATA = _("Sin datos para este gráfico.")


def _title(drawing: Drawing, text: str, width: float, height: float) -> None:
    drawing.add(
        String(width / 2, height - 12, text, fontName=FONT, fontSize=9, fillColor=INK, textAnchor="middle")
    )


def _legend(x: float, y: float, pairs: list[tuple[colors.Color, str]], columns: int) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = FONT, 7
    legend.columnMaximum = columns
    legend.alignment = "right"
    legend.dx = legend.dy = 7
    legend.deltax, legend.deltay = 85, 9
    legend.colorNamePairs = pairs
    return legend


def no_data(title: str, locale: str, width: float = 460) -> Drawing:
    """A chart's title and "no data", where the chart would be empty."""
    drawing = Drawing(width, 36)
    _title(drawing, title, width, 36)
    drawing.add(
        String(
            width / 2,
            6,
            gettext(locale, NO_DATA),
            fontName=FONT,
            fontSize=8,
            fillColor=MUTED,
            textAnchor="middle",
        )
    )
    return drawing


def count_step(largest: int) -> int:
    """A whole, round step for a count axis of about five ticks (1, 2, 5, 10, 20, 50…)."""
    if largest <= 5:
        return 1
    raw = largest / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def states_by_mechanism(
    figures: list[MechanismFigures], locale: str, width: float = 460, height: float = 200
) -> Drawing:
    """Stacked bars: how many items of each mechanism are in each normalised state."""
    register_fonts()
    title = gettext(locale, STATES_TITLE)
    totals = [sum(c.count for c in f.by_state) for f in figures]
    if not any(totals):
        return no_data(title, locale, width)
    drawing = Drawing(width, height)
    _title(drawing, title, width, height)
    keys = [count.key for count in figures[0].by_state]
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, width - 190, height - 55
    chart.data = [[next(c.count for c in f.by_state if c.key == key) for f in figures] for key in keys]
    chart.categoryAxis.categoryNames = [short_name(f.mechanism) for f in figures]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    step = count_step(max(totals))
    chart.valueAxis.valueMin = 0  # without it ReportLab starts at the smallest bar
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = step * math.ceil(max(totals) / step)
    chart.valueAxis.labelTextFormat = "%d"
    chart.barWidth = 14
    for index, key in enumerate(keys):
        chart.bars[index].fillColor = STATE_COLOURS[key]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    labels = [c.label.pick(locale) for c in figures[0].by_state]
    drawing.add(
        _legend(
            width - 140,
            height - 30,
            [(STATE_COLOURS[k], label) for k, label in zip(keys, labels, strict=True)],
            columns=8,
        )
    )
    return drawing


def level_colours(scale: Sequence[Level]) -> dict[str, colors.Color]:
    """Each native level's colour (its state's, shaded where the state repeats), and the
    colour of "not assessed"."""
    found = palette.level_colours((level.code, level.state) for level in scale)
    found[State.NOT_ASSESSED] = palette.state_colour(State.NOT_ASSESSED)
    return {code: colors.HexColor(value) for code, value in found.items()}


def levels_donut(
    figure: MechanismFigures, scale: Sequence[Level], locale: str, width: float = 460, height: float = 170
) -> Drawing:
    """A donut of the mechanism's native levels ("no data" when nothing is rated)."""
    register_fonts()
    title = gettext(locale, LEVELS_TITLE, mechanism=short_name(figure.mechanism))
    counts = [c for c in figure.by_level if c.count]
    if not any(c.key != State.NOT_ASSESSED for c in counts):
        return no_data(title, locale, width)
    drawing = Drawing(width, height)
    _title(drawing, title, width, height)
    donut = Doughnut()
    donut.x, donut.y, donut.width, donut.height = 30, 10, height - 40, height - 40
    donut.data = [c.count for c in counts]
    donut.labels = None
    donut.slices.strokeColor = colors.white
    colours = level_colours(scale)
    unknown = STATE_COLOURS[State.NOT_ASSESSED]
    for index, count in enumerate(counts):
        # A key is the level's code, or "scale:code" where a section uses several scales.
        donut.slices[index].fillColor = colours.get(count.key.rsplit(":", 1)[-1], unknown)
    drawing.add(donut)
    pairs = [(colours.get(c.key, unknown), f"{c.label.pick(locale)} ({c.count})") for c in counts]
    legend = _legend(height + 10, height - 40, pairs, columns=8)
    legend.deltax = 200
    drawing.add(legend)
    return drawing


def response_rates(agencies: list[AgencyFigures], locale: str, width: float = 460) -> Drawing:
    """Horizontal bars: share of each agency's assignments answered this period."""
    register_fonts()
    title = gettext(locale, RATES_TITLE)
    shown = sorted((a for a in agencies if a.assignments), key=lambda a: (-a.assignments, a.code))
    shown = shown[:MAX_AGENCIES]
    if not shown:
        return no_data(title, locale, width)
    shown.reverse()  # ReportLab draws the first category at the bottom
    height = 40 + 14 * len(shown)
    drawing = Drawing(width, height)
    _title(drawing, title, width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 90, 20, width - 120, height - 40
    chart.data = [[round(100 * a.answered / a.assignments) for a in shown]]
    chart.categoryAxis.categoryNames = [a.code for a in shown]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labelTextFormat = "%d"
    chart.bars[0].fillColor = STATE_COLOURS[State.COMPLETE]
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing

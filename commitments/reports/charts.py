"""Charts of the executive summary (reportlab.graphics), drawn from the report model only."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.doughnut import Doughnut
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from commitments.i18n import _, gettext
from commitments.reports.model import AgencyFigures, MechanismFigures
from commitments.reports.styles import FONT, INK, STATE_COLOURS, register_fonts
from commitments.vocabulary import State

LEVEL_PALETTE = [
    colors.HexColor(c)
    for c in ("#c0392b", "#e6a23c", "#f4d35e", "#7fb069", "#2e7d32", "#1d4e89", "#8e9aa6", "#d5dbe1")
]
MAX_AGENCIES = 15
STATES_TITLE = _("Recomendaciones por estado y mecanismo")
LEVELS_TITLE = _("%(mechanism)s: niveles de su propia escala")
RATES_TITLE = _("Tasa de respuesta por institución, en porcentaje")


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


def states_by_mechanism(
    figures: list[MechanismFigures], locale: str, width: float = 460, height: float = 200
) -> Drawing:
    """Stacked bars: how many items of each mechanism are in each normalised state."""
    register_fonts()
    drawing = Drawing(width, height)
    _title(drawing, gettext(locale, STATES_TITLE), width, height)
    keys = [count.key for count in figures[0].by_state]
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, width - 190, height - 55
    chart.data = [[next(c.count for c in f.by_state if c.key == key) for f in figures] for key in keys]
    chart.categoryAxis.categoryNames = [f.mechanism for f in figures]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0  # without it ReportLab starts at the smallest bar
    chart.valueAxis.forceZero = 1
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


def levels_donut(
    figure: MechanismFigures, locale: str, width: float = 460, height: float = 170
) -> Drawing | None:
    """A donut of the mechanism's native levels (None when nothing is rated)."""
    register_fonts()
    counts = [c for c in figure.by_level if c.count]
    if not any(c.key != State.NOT_ASSESSED for c in counts):
        return None
    drawing = Drawing(width, height)
    _title(drawing, gettext(locale, LEVELS_TITLE, mechanism=figure.mechanism), width, height)
    donut = Doughnut()
    donut.x, donut.y, donut.width, donut.height = 30, 10, height - 40, height - 40
    donut.data = [c.count for c in counts]
    donut.labels = None
    donut.slices.strokeColor = colors.white
    palette = _level_colours(figure)
    for index, count in enumerate(counts):
        donut.slices[index].fillColor = palette[count.key]
    drawing.add(donut)
    pairs = [(palette[c.key], f"{c.label.pick(locale)} ({c.count})") for c in counts]
    legend = _legend(height + 10, height - 40, pairs, columns=8)
    legend.deltax = 200
    drawing.add(legend)
    return drawing


def _level_colours(figure: MechanismFigures) -> dict[str, colors.Color]:
    keys = [c.key for c in figure.by_level]
    palette = {key: LEVEL_PALETTE[i % (len(LEVEL_PALETTE) - 1)] for i, key in enumerate(keys)}
    palette[State.NOT_ASSESSED] = LEVEL_PALETTE[-1]
    return palette


def response_rates(agencies: list[AgencyFigures], locale: str, width: float = 460) -> Drawing | None:
    """Horizontal bars: share of each agency's assignments answered this period."""
    register_fonts()
    shown = sorted(agencies, key=lambda a: (-a.assignments, a.code))[:MAX_AGENCIES]
    if not shown:
        return None
    shown.reverse()  # ReportLab draws the first category at the bottom
    height = 40 + 14 * len(shown)
    drawing = Drawing(width, height)
    _title(drawing, gettext(locale, RATES_TITLE), width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 90, 20, width - 120, height - 40
    chart.data = [[round(100 * a.answered / a.assignments) if a.assignments else 0 for a in shown]]
    chart.categoryAxis.categoryNames = [a.code for a in shown]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, 100
    chart.valueAxis.valueStep = 20
    chart.bars[0].fillColor = STATE_COLOURS["complete"]
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing

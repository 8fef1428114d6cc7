"""One colour per state and per native level, in every chart and on the web; charts that never
draw empty axes or half counts; periods in words."""

from __future__ import annotations

import pytest
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.doughnut import Doughnut
from reportlab.graphics.shapes import String
from reportlab.lib import colors

from commitments.i18n import format_period
from commitments.reports import charts, palette
from commitments.reports.model import Bilingual, Level, MechanismFigures, StateCount
from commitments.vocabulary import State

EITI_2021 = [
    Level(code="not_met", label=Bilingual(es="No cumplido", en="Not met"), state="not_started"),
    Level(code="partly_met", label=Bilingual(es="Parcial", en="Partly met"), state="in_progress"),
    Level(code="mostly_met", label=Bilingual(es="Mayormente", en="Mostly met"), state="substantial"),
    Level(code="fully_met", label=Bilingual(es="Cumplido", en="Fully met"), state="complete"),
    Level(code="exceeded", label=Bilingual(es="Superado", en="Exceeded"), state="complete"),
]


def _figure(counts: dict[str, int], scale: list[Level] = EITI_2021) -> MechanismFigures:
    by_level = [StateCount(key=lv.code, label=lv.label, count=counts.get(lv.code, 0)) for lv in scale]
    by_level.append(StateCount(key="not_assessed", label=Bilingual(es="Sin"), count=counts.get("none", 0)))
    states: dict[str, int] = {}
    for level in scale:
        states[level.state] = states.get(level.state, 0) + counts.get(level.code, 0)
    by_state = [
        StateCount(
            key=s,
            label=Bilingual(es=s),
            count=states.get(s, 0) if s != "not_assessed" else counts.get("none", 0),
        )
        for s in State
    ]
    return MechanismFigures(
        mechanism="EITI", total=sum(counts.values()), by_state=by_state, by_level=by_level
    )


def _find(drawing, kind):
    return next(node for node in drawing.contents if isinstance(node, kind))


def _texts(drawing) -> list[str]:
    found = []
    stack = list(drawing.contents)
    while stack:
        node = stack.pop()
        if isinstance(node, String):
            found.append(node.text)
        stack.extend(getattr(node, "contents", []))
    return found


def test_a_level_takes_its_states_colour_and_a_fixed_shade_when_the_state_repeats():
    colours = palette.level_colours((lv.code, lv.state) for lv in EITI_2021)
    assert colours["not_met"] == palette.STATE_COLOURS["not_started"]
    assert colours["fully_met"] == palette.STATE_COLOURS["complete"]
    assert colours["exceeded"] not in (colours["fully_met"], *palette.STATE_COLOURS.values())
    # Position does not matter: the same level in a shorter scale keeps its colour.
    assert palette.level_colours([("fully_met", "complete")])["fully_met"] == colours["fully_met"]


def test_a_satisfactory_level_is_never_yellow_nor_a_lapsed_one_green():
    mesicic = [("satisfactory", "complete"), ("no_longer_valid", "not_applicable")]
    colours = palette.level_colours(mesicic)
    assert colours["satisfactory"] == palette.STATE_COLOURS["complete"]
    assert colours["no_longer_valid"] == palette.STATE_COLOURS["not_applicable"]


def test_two_charts_give_a_level_the_same_colour_as_its_state():
    figure = _figure({"not_met": 2, "fully_met": 3, "exceeded": 1})
    bars = _find(charts.states_by_mechanism([figure], "es"), VerticalBarChart)
    keys = [c.key for c in figure.by_state]
    complete_bar = bars.bars[keys.index("complete")].fillColor
    donut = _find(charts.levels_donut(figure, EITI_2021, "es"), Doughnut)
    shown = [c.key for c in figure.by_level if c.count]
    assert donut.slices[shown.index("fully_met")].fillColor == complete_bar
    assert donut.slices[shown.index("not_met")].fillColor == bars.bars[keys.index("not_started")].fillColor
    assert donut.slices[shown.index("exceeded")].fillColor == colors.HexColor(palette.shade("complete", 1))


def test_empty_charts_say_there_is_no_data():
    empty = _figure({})
    for drawing in (
        charts.states_by_mechanism([empty], "es"),
        charts.levels_donut(empty, EITI_2021, "es"),
        charts.response_rates([], "es"),
    ):
        assert "Sin datos para este gráfico." in _texts(drawing)
    assert "No data for this chart." in _texts(charts.levels_donut(empty, EITI_2021, "en"))


@pytest.mark.parametrize("largest", [1, 2, 3, 4, 5, 7, 13, 28, 99, 1234])
def test_count_axes_step_by_whole_numbers(largest):
    step = charts.count_step(largest)
    assert isinstance(step, int) and step >= 1
    assert 1 <= -(-largest // step) <= 10


def test_a_state_bar_chart_of_three_items_has_no_half_ticks():
    bars = _find(charts.states_by_mechanism([_figure({"not_met": 3})], "es"), VerticalBarChart)
    assert bars.valueAxis.valueStep == 1 and bars.valueAxis.labelTextFormat == "%d"


def test_the_web_stylesheet_carries_the_reports_palette():
    css = palette.stylesheet().read_text(encoding="utf-8")
    assert palette.palette_css() in css, "run `python -m commitments.reports.palette`"
    for state, colour in palette.STATE_COLOURS.items():
        assert f".seg-{state} {{ fill: {colour}; }}" in css
        # Badge text stays legible on its tint (WCAG AA).
        assert palette.contrast(palette.text_on(colour), palette.tint(colour)) >= 4.5


@pytest.mark.parametrize(
    ("code", "es", "en"),
    [
        ("2026-S2", "segundo semestre de 2026", "second half of 2026"),
        ("2026-S1", "primer semestre de 2026", "first half of 2026"),
        ("2026-Q3", "tercer trimestre de 2026", "third quarter of 2026"),
        ("2026", "año 2026", "year 2026"),
        ("P-7", "periodo P-7", "period P-7"),
    ],
)
def test_a_period_code_reads_in_words(code, es, en):
    assert format_period(code, "es") == es
    assert format_period(code, "en") == en


def test_a_levels_web_class_names_its_state_and_shade():
    classes = palette.level_classes((lv.code, lv.state) for lv in EITI_2021)
    assert classes["fully_met"] == "level-complete-0"
    assert classes["exceeded"] == "level-complete-1"
    assert classes["not_assessed"] == "level-not_assessed-0"
    css = palette.palette_css()
    assert f".level-complete-1 {{ fill: {palette.shade('complete', 1)}; }}" in css

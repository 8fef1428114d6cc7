"""The annual transparency rating as a PDF, in Spanish or English, from a year's results only
(no database, no clock): the methodology and its formula, the ranking with a chart, and each
agency's scores with the evaluators' notes and evidence links. Built with the report package's
fonts, styles, page furniture and story helpers; deterministic for the same results."""

from __future__ import annotations

import datetime as dt

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer

from commitments.i18n import normalise_locale
from commitments.reports.blocks import wrapped
from commitments.reports.document import MARGIN, PAGE, Chrome, ContentsStart, ReportDocument
from commitments.reports.model import Bilingual, PeriodInfo, ReportModel
from commitments.reports.story import Story
from commitments.reports.styles import ACCENT, BOLD, FONT, register_fonts, text
from commitments.scorecard.model import AgencyResult, ScorecardModel, snapshot_sha256
from commitments.vocabulary import ScorecardState

CHART_ROWS = 40  # agencies per chart (one page)


def _story(model: ScorecardModel, locale: str, draft: bool) -> Story:
    # Story's helpers (headings, tables, the table of contents, the locale's dates and numbers)
    # are given a report frame for the year: the rating has no entries of its own to lay out.
    year = PeriodInfo(
        code=str(model.year),
        starts_on=dt.date(model.year, 1, 1),
        ends_on=dt.date(model.year, 12, 31),
        response_deadline=dt.date(model.year, 12, 31),
    )
    frame = ReportModel(
        country=model.country,
        country_name=Bilingual(es=model.country_name.es, en=model.country_name.en),
        mechanism="ALL",
        period=year,
        locale=locale,
        as_of=model.published_on or year.ends_on,
    )
    return Story(frame, locale, draft=draft)


def title(model: ScorecardModel, locale: str) -> str:
    """The document's title in `locale`."""
    story = _story(model, locale, False)
    return story.gettext(
        "Calificación anual de transparencia del Organismo Ejecutivo %(year)s", year=model.year
    )


def score_text(story: Story, value: float | None) -> str:
    """A score with two decimals ('—' when there is none); es_GT and en both write 87.50."""
    return "—" if value is None else f"{value:.2f}"


def build_pdf(model: ScorecardModel, locale: str | None = None, identifier: str = "") -> bytes:
    """The year's rating as PDF bytes; a year not yet published is marked as a draft.
    `identifier` is the published snapshot's SHA-256 (a draft's is computed)."""
    register_fonts()
    locale = normalise_locale(locale)
    draft = model.state != ScorecardState.PUBLISHED
    story = _story(model, locale, draft)
    _methodology(story, model)
    _ranking(story, model)
    _agencies(story, model)
    body, story.flow = story.flow, []
    identifier = identifier or snapshot_sha256(model)
    document = ReportDocument(
        chrome=_chrome(story, model, draft, identifier),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title(model, locale),
        author=story.gettext("Gobierno de %(country)s", country=model.country_name.pick(locale)),
        subject=identifier,
        creator="commitments",
        invariant=1,
        lang=locale,
        pageCompression=1,
    )
    document.begin()
    document.feed(_cover(story, model, draft))
    # The table of contents is laid out last, once every heading's page is known; the document
    # moves it after the cover (commitments.reports.document).
    document.feed([*body, PageBreak(), *_contents(story)])
    data, _pages = document.finish()
    return data


def _cover(story: Story, model: ScorecardModel, draft: bool) -> list:
    st, locale = story.st, story.locale
    country = model.country_name.pick(locale)
    rows = [
        [story.gettext("País"), country],
        [story.gettext("Año"), str(model.year)],
        [story.gettext("Estado"), story.gettext("Borrador") if draft else story.gettext("Publicada")],
        [story.gettext("Instituciones calificadas"), story.number(len(model.results))],
    ]
    if model.published_on:
        rows.append([story.gettext("Publicada el"), story.date(model.published_on)])
    if model.contest_opens_on and model.contest_closes_on:
        rows.append(
            [
                story.gettext("Plazo de impugnación"),
                story.gettext(
                    "del %(start)s al %(end)s",
                    start=story.date(model.contest_opens_on),
                    end=story.date(model.contest_closes_on),
                ),
            ]
        )
    cover = _story(model, locale, draft)
    cover.table(
        [[cover.cell(k, bold=True), cover.cell(v)] for k, v in rows], [150, 310], header=False, zebra=False
    )
    if model.sample:
        note = story.gettext(
            "Este informe contiene datos de ejemplo marcados [Ejemplo]: no son registros reales."
        )
        cover.add(Paragraph(text(note), st["cover_note"]))
    return [
        Spacer(1, 110),
        Paragraph(text(story.gettext("Gobierno de %(country)s", country=country)), st["cover_sub"]),
        Paragraph(text(title(model, locale)), st["cover_title"]),
        Spacer(1, 30),
        *cover.flow,
        PageBreak(),
    ]


def _contents(story: Story) -> list:
    return [ContentsStart(), Paragraph(text(story.gettext("Índice")), story.st["h1"]), *story.toc]


def _methodology(story: Story, model: ScorecardModel) -> None:
    story.heading(story.gettext("Metodología"), 0)
    story.para(
        story.gettext(
            "Cada institución recibe, en cada criterio, un puntaje de 0 a 100 con una nota del "
            "evaluador y un enlace a la evidencia. El puntaje de un indicador es el promedio de los "
            "puntajes de sus criterios ponderado por su peso; el puntaje total es el promedio de los "
            "indicadores ponderado por el peso de cada uno. Los pesos de los criterios de cada "
            "indicador suman 100, y los de los indicadores también. Los puntajes se muestran con "
            "dos decimales; las instituciones con el mismo total comparten el puesto."
        )
    )
    for indicator in model.indicators:
        story.heading(
            story.gettext(
                "%(code)s. %(title)s (peso %(weight)s)",
                code=indicator.code,
                title=indicator.title.pick(story.locale),
                weight=indicator.weight,
            ),
            1,
        )
        rows = [[story.gettext("Criterio"), story.gettext("Descripción"), story.gettext("Peso")]]
        rows += [
            [
                wrapped(f"{c.code} {c.title.pick(story.locale)}", 190),
                wrapped(c.description.pick(story.locale) or "—", 230),
                story.number(c.weight),
            ]
            for c in indicator.criteria
        ]
        if len(rows) == 1:
            story.para(story.gettext("Este indicador todavía no tiene criterios."), "muted")
        else:
            story.table(rows, [190, 230, 50])


def _ranking(story: Story, model: ScorecardModel) -> None:
    story.add(PageBreak())
    story.heading(story.gettext("Clasificación"), 0)
    if not model.complete:
        story.para(
            story.gettext("Faltan puntajes: los totales se calculan cuando todo está calificado."), "muted"
        )
    codes = [i.code for i in model.indicators]
    widths = [34, 196] + [44] * len(codes) + [52]
    header = [story.gettext("Puesto"), story.gettext("Institución")]
    header += [story.gettext("Ind. %(code)s", code=code) for code in codes] + [story.gettext("Total")]
    rows = [[wrapped(h, w, BOLD) for h, w in zip(header, widths, strict=True)]]
    for result in model.results:
        rows.append(
            [str(result.rank or "—"), wrapped(f"{result.code} – {result.name.pick(story.locale)}", widths[1])]
            + [score_text(story, result.indicator(code)) for code in codes]
            + [score_text(story, result.total)]
        )
    for start in range(1, len(rows), 60):
        story.table([rows[0]] + rows[start : start + 60], widths)
    for start in range(0, len(model.results), CHART_ROWS):
        chart = _chart(story, model.results[start : start + CHART_ROWS])
        if chart:  # on this page when it fits below the table, else on the next
            story.add(CondPageBreak(chart.height + 12), Spacer(1, 12), chart)


def _chart(story: Story, shown: list[AgencyResult]) -> Drawing | None:
    shown = [r for r in shown if r.total is not None]
    if not shown:
        return None
    shown = list(reversed(shown))  # ReportLab draws the first category at the bottom
    width, height = 460, 50 + 14 * len(shown)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 80, 20, width - 110, height - 40
    chart.data = [[r.total or 0 for r in shown]]
    chart.categoryAxis.categoryNames = [r.code for r in shown]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    drawing.add(
        String(
            width / 2,
            height - 12,
            story.gettext("Puntaje total por institución (0 a 100)"),
            fontName=FONT,
            fontSize=9,
            textAnchor="middle",
        )
    )
    return drawing


def _agencies(story: Story, model: ScorecardModel) -> None:
    story.add(PageBreak())
    story.heading(story.gettext("Resultados por institución"), 0)
    titles = {c.code: c.title.pick(story.locale) for i in model.indicators for c in i.criteria}
    for result in sorted(model.results, key=lambda r: r.code):
        story.heading(f"{result.code} – {result.name.pick(story.locale)}", 1)
        story.para(
            story.gettext(
                "Puesto %(rank)s de %(count)s · total %(total)s",
                rank=result.rank or "—",
                count=len(model.results),
                total=score_text(story, result.total),
            ),
            "label",
        )
        widths = [150, 42, 160, 118]
        rows = [
            [
                story.gettext("Criterio"),
                story.gettext("Puntaje"),
                story.gettext("Nota"),
                story.gettext("Evidencia"),
            ]
        ]
        rows += [
            [
                wrapped(f"{s.criterion} {titles.get(s.criterion, '')}", widths[0]),
                "—" if s.score is None else story.number(s.score),
                wrapped(s.note or "—", widths[2]),
                wrapped(s.evidence_url or "—", widths[3]),
            ]
            for s in result.scores
        ]
        story.table(rows, widths)


def _chrome(story: Story, model: ScorecardModel, draft: bool, identifier: str) -> Chrome:
    if draft:
        footer = story.gettext("BORRADOR: no es la calificación publicada")
    else:
        footer = f"{story.gettext('Publicada el')} {story.date(model.published_on)}"
    return Chrome(
        header=" · ".join(
            (
                model.country_name.pick(story.locale),
                story.gettext("Calificación de transparencia %(year)s", year=model.year),
            )
        ),
        footer=footer,
        page_label=story.gettext("Página %(n)s de %(total)s"),
        identifier_label=story.gettext("Identificador de la calificación (SHA-256 de sus resultados):"),
        identifier=identifier,
        # Dated the day it was published, a draft the last day of its year: the same model
        # always gives the same bytes.
        created=model.published_on or dt.date(model.year, 12, 31),
        watermark=story.gettext("BORRADOR") if draft else "",
    )

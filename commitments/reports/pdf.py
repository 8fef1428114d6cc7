"""The PDF renderer: takes only a report model and a locale (no database, no clock)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer

from commitments.i18n import _, normalise_locale
from commitments.reports import layouts, summary
from commitments.reports.document import MARGIN, PAGE, Chrome, ContentsStart, ReportDocument
from commitments.reports.markdown import is_blank, to_flowables
from commitments.reports.model import CONSOLIDATED, Part, ReportModel, snapshot_sha256
from commitments.reports.story import Story
from commitments.reports.styles import register_fonts, text
from commitments.reports.templates import parts_of
from commitments.reports.wording import edition_text, short_name

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


# The parts that open a page of their own.
PAGE_PARTS = ("entries", "annexes")


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def report_title(model: ReportModel, locale: str) -> str:
    """The report's title in its mechanism's words."""
    story = Story(model, locale)
    return story.gettext(TITLES.get(model.mechanism, TITLES[CONSOLIDATED]))


def build_pdf(
    model: ReportModel, locale: str | None = None, *, draft: bool = False, identifier: str | None = None
) -> RenderedPdf:
    """Lay the report out in one pass and return the PDF bytes (deterministic for a model).

    The body is laid out while it is produced (commitments.reports.document), and the table of
    contents last, once every heading is known; the canvas then moves it after the cover."""
    register_fonts()
    locale = normalise_locale(locale or model.locale)
    identifier = identifier or snapshot_sha256(model)
    story = Story(model, locale, draft=draft)
    document = ReportDocument(
        chrome=_chrome(story, model, draft, identifier),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=report_title(model, locale),
        author=story.gettext("Gobierno de %(country)s", country=story.pick(model.country_name)),
        subject=identifier,
        creator="commitments",
        invariant=1,
        lang=locale,
        pageCompression=1,
    )
    document.begin()
    document.feed(_cover(story, model, draft))
    story.sink = document.feed
    _body(story, model)
    story.sink = None
    document.feed([*story.flow, PageBreak(), *_contents(story)])
    story.flow = []
    data, pages = document.finish()
    return RenderedPdf(data=data, pages=pages)


def _body(story: Story, model: ReportModel) -> None:
    """The template's parts in order, each generated one from the record, each authored one
    from the commission's text. The entries and the annexes start a page; other parts follow
    on, moving to the next page only when too little of it is left for a heading and its text."""
    first = True
    for part in parts_of(model):
        if part.kind == "authored" and is_blank(part.text) and not story.draft:
            continue  # an optional section left empty is not printed in an issued report
        if not first:
            story.add(PageBreak() if part.key in PAGE_PARTS else CondPageBreak(150))
        first = False
        if part.kind == "authored":
            _authored(story, part)
        elif part.key == "summary":
            summary.executive_summary(story, model)
        elif part.key == "progress":
            summary.progress(story, model)
        elif part.key == "entries":
            _entries(story, model, story.pick(part.title))
        elif part.key == "annexes":
            summary.annexes(story, model)


def _authored(story: Story, part: Part) -> None:
    story.heading(story.pick(part.title), 0)
    if is_blank(part.text):
        story.para(story.gettext("[Pendiente: la Comisión aún no ha escrito esta sección.]"), "muted")
        return
    story.add(*to_flowables(part.text))


def _entries(story: Story, model: ReportModel, title: str) -> None:
    if not model.consolidated and len(model.sections) == 1:
        layouts.section(story, model.sections[0], title or None)
        return
    for index, part in enumerate(model.sections):
        if index:
            story.add(PageBreak())
        layouts.section(story, part)


def _cover(story: Story, model: ReportModel, draft: bool) -> list:
    st = story.st
    country = story.pick(model.country_name)
    mechanisms = [story.pick(part.name) for part in model.sections]
    rows = [
        [story.gettext("País"), country],
        [
            story.gettext("Mecanismo"),
            story.gettext("Todos los mecanismos (consolidado)")
            if model.consolidated
            else "; ".join(mechanisms) or short_name(model.mechanism),
        ],
        [story.gettext("Ciclo"), _cycle_name(story, model)],
        [
            story.gettext("Periodo"),
            story.gettext(
                "%(code)s (del %(start)s al %(end)s)",
                code=model.period.code,
                start=story.date(model.period.starts_on),
                end=story.date(model.period.ends_on),
            ),
        ],
        [story.gettext("Fecha"), story.date(model.as_of)],
        [story.gettext("Emitido por"), story.gettext("Gobierno de %(country)s", country=country)],
        [story.gettext("Estado"), story.gettext("Borrador") if draft else story.gettext("Final")],
        [
            story.gettext("Difusión"),
            story.gettext("Uso interno") if model.internal else story.gettext("Pública"),
        ],
    ]
    if len(model.sections) == 1:
        rows.insert(2, [story.gettext("Dirigido a"), story.pick(model.sections[0].body)])
    if model.edition:
        rows.append([story.gettext("Versión"), edition_text(model, story.locale)])
    story_rows: list = [
        Spacer(1, 110),
        Paragraph(text(story.gettext("Gobierno de %(country)s", country=country)), st["cover_sub"]),
        Paragraph(text(report_title(model, story.locale)), st["cover_title"]),
        Spacer(1, 30),
    ]
    cover = Story(model, story.locale)
    cover.table(
        [[story.cell(k, bold=True), story.cell(v)] for k, v in rows], [130, 330], header=False, zebra=False
    )
    story_rows += cover.flow
    if any(item.sample for part in model.sections for item in part.items):
        story_rows.append(
            Paragraph(
                text(
                    story.gettext(
                        "Este informe contiene datos de ejemplo marcados [Ejemplo]: no son registros reales."
                    )
                ),
                st["cover_note"],
            )
        )
    return story_rows + [PageBreak()]


def _cycle_name(story: Story, model: ReportModel) -> str:
    if not model.cycle:
        return story.gettext("Todos los ciclos")
    for part in model.sections:
        for cycle in part.cycles:
            if cycle.code == model.cycle:
                return f"{cycle.code} — {story.pick(cycle.name)}"
    return model.cycle


def _contents(story: Story) -> list:
    heading = Paragraph(text(story.gettext("Índice")), story.st["h1"])
    return [ContentsStart(), heading, *story.toc]


def _chrome(story: Story, model: ReportModel, draft: bool, identifier: str) -> Chrome:
    footer = story.gettext("Generado el %(date)s", date=story.date(model.as_of))
    if draft:
        footer += " · " + story.gettext("BORRADOR: no es un informe emitido")
    header = " · ".join(
        filter(
            None,
            (
                story.pick(model.country_name),
                story.gettext("Consolidado") if model.consolidated else short_name(model.mechanism),
                model.cycle,
                story.gettext("Periodo %(code)s", code=model.period.code),
            ),
        )
    )
    return Chrome(
        header=header,
        footer=footer,
        page_label=story.gettext("Página %(n)s de %(total)s"),
        identifier_label=story.gettext("Identificador del informe (SHA-256 de su contenido):"),
        identifier=identifier,
        created=model.as_of,
        watermark=story.gettext("BORRADOR") if draft else "",
    )

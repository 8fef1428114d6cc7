"""The PDF renderer: takes only a report model and a locale (no database, no clock)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import CondPageBreak, PageBreak, Paragraph

from commitments.i18n import normalise_locale
from commitments.reports import civic_print, layouts, roundtables, summary
from commitments.reports.cover import chrome, cover
from commitments.reports.document import MARGIN, PAGE, ContentsStart, ReportDocument
from commitments.reports.issuer import issuer_name
from commitments.reports.markdown import is_blank, to_flowables
from commitments.reports.model import Part, ReportModel, snapshot_sha256
from commitments.reports.story import Story
from commitments.reports.styles import register_fonts, text
from commitments.reports.templates import parts_of
from commitments.reports.wording import TITLES, report_title

__all__ = ["TITLES", "RenderedPdf", "build_pdf", "report_title"]

# The parts that open a page of their own.
PAGE_PARTS = ("entries", "annexes")


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


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
        chrome=chrome(story, model, draft, identifier),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=report_title(model, locale),
        author=issuer_name(model, locale),
        subject=identifier,
        creator="commitments",
        invariant=1,
        lang=locale,
        pageCompression=1,
    )
    document.begin()
    document.feed(cover(story, model, draft))
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
        if part.key in civic_print.PARTS and not civic_print.steps(model, part, story.draft):
            continue  # no consultation, or an annex the report does not include: no page break
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
        elif part.key in civic_print.PARTS:
            civic_print.to_pdf(story, model, part)
        elif part.key == "roundtables":
            roundtables.section(story, model, story.pick(part.title))


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


def _contents(story: Story) -> list:
    heading = Paragraph(text(story.gettext("Índice")), story.st["h1"])
    return [ContentsStart(), heading, *story.toc]

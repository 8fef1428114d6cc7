"""The PDF as it is laid out: a document fed flowables while they are produced, and a canvas
that writes each page as soon as it is full.

Nothing waits for the whole report. The body is laid out while the layouts produce it (a
5,000-entry report never holds all its flowables, nor all its pages); the table of contents,
whose page numbers are known only at the end, is laid out last and its pages are then moved
to follow the cover. What depends on the whole document — "Página X de Y", the identifier on
the last page, the TOC's page numbers — is a named PDF form XObject that a page only refers to
(`doForm`), defined in `save()` once the total and every heading's page are known. One layout
pass; bookmarks and links point at the page a heading is really on.
"""

from __future__ import annotations

import datetime as dt
import functools
import zlib
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from commitments.reports.styles import ALERT, BOLD, FONT, ITALIC, MUTED, RULE

PAGE = LETTER
MARGIN = 20 * mm
# A form's box, around its origin: wide enough for any page number or identifier line.
FORM_BOX = (-PAGE[0], -20.0, PAGE[0], 40.0)


@dataclass
class Chrome:
    """What the canvas prints around the content of each page, and the document's metadata."""

    header: str
    footer: str
    page_label: str  # with %(n)s and %(total)s
    identifier_label: str
    identifier: str
    created: dt.date
    watermark: str = ""
    mark: str = ""  # on every page, e.g. "USO INTERNO / INTERNAL"
    heading_pages: dict[str, int] = field(default_factory=dict)
    toc_keys: list[str] = field(default_factory=list)
    contents_page: int = 0  # where the table of contents was laid out (it moves after the cover)
    outline_level: list[int] = field(default_factory=lambda: [-1])


def pdf_date(day: dt.date) -> str:
    """A date as PDF metadata writes it (midnight UTC), e.g. D:20261231000000+00'00'."""
    return f"D:{day:%Y%m%d}000000+00'00'"


class ReportCanvas(canvas.Canvas):
    """Furnishes, compresses and hands over each page at once; defines the forms its pages
    refer to, and puts the table of contents after the cover, when saved."""

    def __init__(self, *args: Any, chrome: Chrome, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chrome = chrome
        self.pages = 0
        self.showOutline()  # the reader opens with the bookmarks panel
        created = pdf_date(chrome.created)
        self.setDateFormatter(lambda *_: created)

    def showPage(self) -> None:  # noqa: N802  (ReportLab's name)
        self.pages += 1
        self._furnish(self.pages)
        annotations = self._annotationrefs
        super().showPage()
        _compress(self._doc.Pages.pages[-1])
        _write_links(self._doc, annotations)

    def finish(self) -> bytes:
        """The PDF: forms defined, pages in reading order (not written to any file)."""
        if len(self._code):  # what is left becomes the last page, furnished like the others
            self.showPage()
        order = self.reading_order()
        self._define_forms(order)
        pages = self._doc.Pages.pages
        self._doc.Pages.pages = [pages[physical - 1] for physical in order]
        return self.getpdfdata()

    def reading_order(self) -> list[int]:
        """The pages as laid out (1, 2, …) in the order they are read: the cover, the table of
        contents (laid out last), then the rest."""
        toc, total = self.chrome.contents_page, self.pages
        if toc <= 1:
            return list(range(1, total + 1))
        return [1, *range(toc, total + 1), *range(2, toc)]

    def _furnish(self, number: int) -> None:
        chrome: Chrome = self.chrome
        width, height = PAGE
        self.saveState()
        if chrome.watermark:
            self._watermark(chrome.watermark)
        self.setFillColor(MUTED)
        if number > 1:
            self.setFont(FONT, 7.5)
            self.drawString(MARGIN, height - 12 * mm, chrome.header)
            self.setStrokeColor(RULE)
            self.line(MARGIN, height - 13.5 * mm, width - MARGIN, height - 13.5 * mm)
        if chrome.mark:
            self.setFillColor(ALERT)
            self.setFont(BOLD, 8)
            self.drawRightString(width - MARGIN, height - 12 * mm, chrome.mark)
            self.drawCentredString(width / 2, 5 * mm, chrome.mark)
            self.setFillColor(MUTED)
        self.setFont(FONT, 7.5)
        self.drawString(MARGIN, 10 * mm, chrome.footer)
        self.doForm(_page_form(number))
        self.restoreState()

    def _watermark(self, label: str) -> None:
        width, height = PAGE
        self.saveState()
        self.setFillColorRGB(0.85, 0.2, 0.2, alpha=0.12)
        self.setFont(BOLD, 70)
        self.translate(width / 2, height / 2)
        self.rotate(45)
        self.drawCentredString(0, 0, label)
        self.restoreState()

    def _define_forms(self, order: list[int]) -> None:
        """The page label of each page (and the identifier on the last one read), and each TOC
        line's page number: now that the total and the headings' pages are known."""
        chrome: Chrome = self.chrome
        width, _height = PAGE
        total = len(order)
        printed = {physical: index for index, physical in enumerate(order, start=1)}
        for physical, number in sorted(printed.items()):
            self.beginForm(_page_form(physical))
            self.setFillColor(MUTED)
            self.setFont(FONT, 7.5)
            self.drawRightString(width - MARGIN, 10 * mm, chrome.page_label % {"n": number, "total": total})
            if number == total:
                self.setFont(ITALIC, 7)
                self.drawString(MARGIN, 14 * mm, f"{chrome.identifier_label} {chrome.identifier}")
            self.endForm()
        for key in chrome.toc_keys:
            self.beginForm(_toc_form(key), *FORM_BOX)
            self.setFont(FONT, 9)
            page = printed.get(chrome.heading_pages.get(key, 0))
            self.drawRightString(0, 0, str(page) if page else "")
            self.endForm()


class PageContent(pdfdoc.PDFStream):
    """A page's content, deflated as soon as the page is finished (a few kilobytes instead of
    its drawing commands) and let go once written into the file. Flate alone: ReportLab would
    add an ASCII85 layer, a quarter larger, that no reader needs."""

    def __init__(self, commands: str) -> None:
        super().__init__(content=zlib.compress(commands.encode("utf8")))
        self.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])

    def format(self, document: Any) -> bytes:
        formatted: bytes = super().format(document)
        self.content = b""
        return formatted


class Written(pdfdoc.PDFObject):
    """An object already written as PDF (a few hundred bytes instead of a tree of objects)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


def _write_links(doc: pdfdoc.PDFDocument, references: list[Any]) -> None:
    """Write a finished page's web links (each a small dictionary that refers to nothing else)
    as their final bytes: a report cites tens of thousands of them."""
    for reference in references:
        name = getattr(reference, "name", None)
        annotation = doc.idToObject.get(name)
        action = annotation.dict.get("A") if isinstance(annotation, pdfdoc.PDFDictionary) else None
        if isinstance(action, pdfdoc.PDFDictionary) and "URI" in action.dict:
            doc.idToObject[name] = Written(pdfdoc.format(annotation, doc, toplevel=1))


def _compress(page: pdfdoc.PDFPage) -> None:
    if page.stream is not None:
        page.Contents, page.stream = PageContent(page.stream), None


class ReportDocument(BaseDocTemplate):
    """A document laid out as its flowables arrive (`feed`), instead of from a finished list
    (`build`): what is laid out is dropped, so memory stays flat whatever the report's size."""

    # Flowables kept back from layout, so that "keep with next" sees what follows a heading.
    LOOKAHEAD = 40

    def __init__(self, *, chrome: Chrome, **kwargs: Any) -> None:
        super().__init__(None, **kwargs)
        self.chrome = chrome
        self._waiting: list[Flowable] = []
        self._doSave = 0  # finish() takes the bytes from the canvas, with no file in between

    def begin(self) -> ReportCanvas:
        """Open the canvas (as BaseDocTemplate.build does) and return it."""
        self._calc()
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="normal")
        self.addPageTemplates([PageTemplate(id="page", frames=frame, pagesize=self.pagesize)])
        self._startBuild(None, functools.partial(ReportCanvas, chrome=self.chrome))
        self.canv._doctemplate = self
        return self.canv

    def feed(self, flowables: list[Flowable], lookahead: int = LOOKAHEAD) -> None:
        """Lay out the flowables given, but the last `lookahead` of all received so far."""
        waiting = self._waiting
        waiting.extend(flowables)
        while len(waiting) > lookahead:
            self.clean_hanging()
            self.handle_flowable(waiting)

    def finish(self) -> tuple[bytes, int]:
        """Lay out what is left; the PDF's bytes and its number of pages."""
        self.feed([], 0)
        canv: ReportCanvas = self.canv
        del canv._doctemplate
        self._endBuild()
        return canv.finish(), canv.pages


class ContentsStart(Flowable):
    """Marks the page where the table of contents begins (it is moved after the cover)."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.chrome.contents_page = self.canv.getPageNumber()


def _page_form(number: int) -> str:
    return f"page{number}"


def _toc_form(key: str) -> str:
    return f"toc{key}"


class Heading(Paragraph):
    """A heading that becomes a bookmark, an outline entry and (optionally) a TOC target."""

    def __init__(self, text: str, style: Any, key: str, title: str, level: int) -> None:
        super().__init__(text, style)
        self.key, self.title, self.level = key, title, level

    def draw(self) -> None:
        super().draw()
        canv = self.canv
        chrome: Chrome = canv.chrome
        canv.bookmarkPage(self.key)
        # An outline level may only go one deeper than the one before it.
        level = min(self.level, chrome.outline_level[0] + 1)
        chrome.outline_level[0] = level
        canv.addOutlineEntry(self.title, self.key, level=level, closed=level >= 1)
        chrome.heading_pages[self.key] = canv.getPageNumber()


class TocLine(Flowable):
    """One line of the table of contents, a link to its heading; its page number is a form
    filled in when the PDF is saved."""

    def __init__(self, title: str, key: str, level: int) -> None:
        super().__init__()
        self.title, self.key, self.level = title, key, level
        self.font = BOLD if level == 0 else FONT
        self.size = 10 if level == 0 else 9
        self.leading = 16 if level == 0 else 13
        self.indent = 0 if level == 0 else 14
        self.lines: list[str] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        room = avail_width - self.indent - 30
        self.lines = simpleSplit(self.title, self.font, self.size, room) or [""]
        return avail_width, self.leading * len(self.lines)

    def draw(self) -> None:
        canv = self.canv
        canv.setFont(self.font, self.size)
        y = self.leading * len(self.lines) - self.size
        for line in self.lines:
            canv.drawString(self.indent, y, line)
            y -= self.leading
        y += self.leading
        end = self.indent + stringWidth(self.lines[-1], self.font, self.size) + 4
        canv.setFillColor(MUTED)
        dot = stringWidth(".", self.font, self.size)
        canv.drawString(end, y, "." * max(0, int((self.width - 26 - end) / dot)))
        chrome: Chrome = canv.chrome
        chrome.toc_keys.append(self.key)
        canv.saveState()
        canv.translate(self.width, y)
        canv.doForm(_toc_form(self.key))
        canv.restoreState()
        canv.linkRect(
            "", self.key, (0, 0, self.width, self.leading * len(self.lines)), relative=1, thickness=0
        )

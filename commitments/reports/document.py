"""Page furniture for the PDF: a canvas that numbers pages "X of Y", and a single-pass TOC.

ReportLab's TableOfContents needs `multiBuild`, which lays the whole report out at least twice.
Here the TOC's lines are ordinary flowables whose page numbers are left blank; the canvas keeps
every page until `save()` (as for "Página X de Y") and writes those numbers in then, once every
heading has been placed. One layout pass, half the time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph

from commitments.reports.styles import BOLD, FONT, ITALIC, MUTED, RULE

PAGE = LETTER
MARGIN = 20 * mm


@dataclass
class Chrome:
    """What the canvas prints around the content of each page."""

    header: str
    footer: str
    page_label: str  # with %(n)s and %(total)s
    identifier_label: str
    identifier: str
    watermark: str = ""
    heading_pages: dict[str, int] = field(default_factory=dict)
    toc_slots: list[tuple[int, str, float, float]] = field(default_factory=list)
    outline_level: list[int] = field(default_factory=lambda: [-1])


class ReportCanvas(canvas.Canvas):
    """Defers each page until the total is known, then adds header, footer and TOC numbers."""

    def __init__(self, *args: Any, chrome: Chrome, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chrome = chrome
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802  (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._furnish(number, total)
            super().showPage()
        super().save()

    def _furnish(self, number: int, total: int) -> None:
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
        self.setFont(FONT, 7.5)
        self.drawString(MARGIN, 10 * mm, chrome.footer)
        self.drawRightString(width - MARGIN, 10 * mm, chrome.page_label % {"n": number, "total": total})
        if number == total:
            self.setFont(ITALIC, 7)
            self.drawString(MARGIN, 14 * mm, f"{chrome.identifier_label} {chrome.identifier}")
        self._toc_numbers(number)
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

    def _toc_numbers(self, number: int) -> None:
        self.setFont(FONT, 9)
        for page, key, x, y in self.chrome.toc_slots:
            if page == number and key in self.chrome.heading_pages:
                self.drawRightString(x, y, str(self.chrome.heading_pages[key]))


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
    """One line of the table of contents; the page number is written when the PDF is saved."""

    def __init__(self, title: str, key: str, level: int) -> None:
        super().__init__()
        self.title, self.key, self.level = title, key, level
        self.font = BOLD if level == 0 else FONT
        self.size = 10 if level == 0 else 9
        self.leading = 16 if level == 0 else 13
        self.indent = 0 if level == 0 else 14
        self.lines: list[str] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        from reportlab.lib.utils import simpleSplit

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
        x, page_y = canv.absolutePosition(self.width, y)
        canv.chrome.toc_slots.append((canv.getPageNumber(), self.key, x, page_y))
        canv.linkRect(
            "", self.key, (0, 0, self.width, self.leading * len(self.lines)), relative=1, thickness=0
        )

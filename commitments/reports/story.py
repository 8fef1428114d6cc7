"""The list of flowables a report is made of, with the helpers every part of it uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from commitments.i18n import format_date, format_number, format_pct, format_period
from commitments.i18n import gettext as translate
from commitments.i18n import ngettext as translate_plural
from commitments.reports.document import Heading, TocLine
from commitments.reports.model import Bilingual, ReportModel
from commitments.reports.styles import ACCENT, BOLD, FONT, RULE, SHADE, styles, text

HEADING_STYLES = ("h1", "h2", "h3")
# Room a heading needs for itself and the first rows of the long table under it (points).
TABLE_START = 110
SAFE_SCHEMES = ("http://", "https://", "mailto:")
LINK_COLOUR = "#1d4e89"
BATCH = 100


class LinkText(Flowable):
    """A web address in a table cell, broken wherever it must be to fit (an address has no
    spaces), the whole of it one link. Cheaper than a Paragraph: tables cite thousands."""

    def __init__(self, url: str, label: str, size: float = 8, leading: float = 10) -> None:
        super().__init__()
        self.url, self.label, self.size, self.leading = url, label, size, leading
        self.lines: list[str] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.lines = break_anywhere(self.label, FONT, self.size, avail_width)
        self.width, self.height = avail_width, self.leading * len(self.lines)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.setFont(FONT, self.size)
        canv.setFillColor(ACCENT)
        y = self.height - self.size
        for line in self.lines:
            canv.drawString(0, y, line)
            y -= self.leading
        if self.url:
            canv.linkURL(self.url, (0, 0, self.width, self.height), relative=1, thickness=0)


def break_anywhere(value: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` points, broken at any character."""
    lines, line, used = [], "", 0.0
    for char in value:
        advance = stringWidth(char, font, size)
        if line and used + advance > width:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += advance
    return [*lines, line] if line or not lines else lines


class Story:
    """Flowables in reading order, a table of contents, and the report's locale."""

    def __init__(self, model: ReportModel, locale: str, draft: bool = False) -> None:
        self.model, self.locale, self.draft = model, locale, draft
        self.st = styles()
        self.flow: list[Flowable] = []
        self.toc: list[TocLine] = []
        # Where flowables go once enough are waiting (the document lays them out at once).
        self.sink: Callable[[list[Flowable]], None] | None = None
        self._keys = 0

    # Named `gettext` so that `pybabel extract` finds the messages passed to it.
    def gettext(self, message: str, **values: object) -> str:
        """A Spanish source string in the report's locale."""
        return translate(self.locale, message, **values)

    def markup(self, message: str, **values: str) -> str:
        """A Spanish source string in the report's locale as Paragraph markup, its placeholders
        filled with markup the caller made safe (e.g. `link()`)."""
        return text(translate(self.locale, message)) % values

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """A count's sentence in the report's locale, singular or plural as `n` asks
        ("1 recomendación", "2 recomendaciones"); `n` is formatted in the locale as %(n)s."""
        return translate_plural(self.locale, singular, plural, n, **{**values, "n": self.number(n)})

    def pick(self, label: Bilingual) -> str:
        """A bilingual label in the report's locale."""
        return label.pick(self.locale)

    def date(self, value: dt.date | None) -> str:
        """A date as Babel writes it in the report's locale."""
        return format_date(value, self.locale)

    def short_date(self, value: dt.date | None) -> str:
        """A date in a table's narrow column ('1 sept 2026' / 'Sep 1, 2026')."""
        return format_date(value, self.locale, "medium")

    def period(self, code: str | None, capital: bool = False) -> str:
        """A period code in words ('segundo semestre de 2026'), capitalised to open a line."""
        words = format_period(code, self.locale)
        return words[:1].upper() + words[1:] if capital else words

    def link(self, url: str, label: str | None = None) -> str:
        """Paragraph markup for a clickable web or mail address (user text escaped); any other
        scheme is shown as text, never linked."""
        shown = text(label or url)
        if not url.lower().startswith(SAFE_SCHEMES):
            return shown
        return f'<a href="{escape(url, {chr(34): "&quot;"})}" color="{LINK_COLOUR}">{shown}</a>'

    def link_cell(self, url: str, label: str | None = None) -> Flowable:
        """A table cell showing a web address (or `label`), the whole cell one link (a link
        only to a web or mail address; any other is shown as text)."""
        safe = url.lower().startswith(SAFE_SCHEMES)
        return LinkText(url if safe else "", label or url)

    def number(self, value: float) -> str:
        """A number in the report's locale."""
        return format_number(value, self.locale)

    def pct(self, part: int, whole: int) -> str:
        """part/whole as a percentage ('—' when there is no whole)."""
        return format_pct(part / whole, self.locale) if whole else "—"

    def add(self, *flowables: Flowable) -> None:
        """Append flowables (handed to the sink, when there is one, a batch at a time)."""
        self.flow.extend(flowables)
        if self.sink is not None and len(self.flow) >= BATCH:
            self.sink(self.flow)
            self.flow = []

    def heading(self, title: str, level: int, toc: bool = True, before_table: bool = False) -> None:
        """A numbered-free heading that is a bookmark and, at levels 0-1, a TOC line. It keeps
        with what follows; before a long table (which splits across pages with its header
        repeated) it asks instead for room for the heading and the table's first rows, so that a
        table too long for what is left of the page starts there rather than leaving it empty."""
        self._keys += 1
        key = f"s{self._keys}"
        style = self.st[HEADING_STYLES[level]]
        if before_table:
            self.add(CondPageBreak(TABLE_START))
            style = ParagraphStyle(f"{style.name}-table", parent=style, keepWithNext=0)
        self.add(Heading(text(title), style, key, title, level))
        if toc and level <= 1:
            self.toc.append(TocLine(title, key, level))

    def para(self, value: str, style: str = "body", markup: bool = False) -> None:
        """A paragraph of user text (escaped) or of our own markup."""
        if value:
            self.add(Paragraph(value if markup else text(value), self.st[style]))

    def field(self, label: str, value: str, style: str = "body") -> None:
        """A label on its own line, then the (user) text under it; nothing when empty."""
        if value and value.strip():
            self.add(Paragraph(text(label), self.st["label"]), Paragraph(text(value), self.st[style]))

    def cell(self, value: Any, bold: bool = False) -> Paragraph:
        """A wrapped table cell of user text."""
        return Paragraph(text(str(value)), self.st["cell_bold" if bold else "cell"])

    def table(
        self, rows: list[list[Any]], widths: Sequence[float], header: bool = True, zebra: bool = True
    ) -> None:
        """A ruled table; the first row is a repeated header when `header`."""
        table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, 8),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
        if header:
            commands += [
                ("FONT", (0, 0), (-1, 0), BOLD, 8),
                ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ]
        if zebra and len(rows) > 2:
            commands.append(("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [None, SHADE]))
        table.setStyle(TableStyle(commands))
        self.add(table, Spacer(1, 6))

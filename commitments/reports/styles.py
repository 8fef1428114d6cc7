"""Fonts, colours and paragraph styles of the PDF reports.

The fonts are DejaVu Sans Condensed, shipped in `fonts/` with their licence: they cover Spanish,
and names in Latin, Greek and Cyrillic scripts, and never depend on what the host has installed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from commitments.reports import palette

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVuSansCondensed"
FONT_FILES = {
    FONT: "DejaVuSansCondensed.ttf",
    f"{FONT}-Bold": "DejaVuSansCondensed-Bold.ttf",
    f"{FONT}-Oblique": "DejaVuSansCondensed-Oblique.ttf",
    f"{FONT}-BoldOblique": "DejaVuSansCondensed-BoldOblique.ttf",
}
BOLD = f"{FONT}-Bold"
ITALIC = f"{FONT}-Oblique"

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b76")
ACCENT = colors.HexColor("#1d4e89")
RULE = colors.HexColor("#c9d3dd")
SHADE = colors.HexColor("#eef2f6")
ALERT = colors.HexColor("#b3261e")  # the internal-use mark
# The normalised states' colours, as the charts use them (commitments.reports.palette).
STATE_COLOURS = {state: colors.HexColor(value) for state, value in palette.STATE_COLOURS.items()}


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register the bundled family once per process (so <b> and <i> work); return its name."""
    for name, file_name in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file_name)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=f"{FONT}-BoldOblique"
    )
    return FONT


def text(value: str | None) -> str:
    """User text made safe for a Paragraph: markup characters escaped, newlines kept."""
    if not value:
        return ""
    return escape(value).replace("\r\n", "\n").replace("\n", "<br/>")


def _style(name: str, **values: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": FONT,
        "fontSize": 9.5,
        "leading": 12.5,
        "textColor": INK,
        "splitLongWords": 1,
    }
    base.update(values)
    return ParagraphStyle(name, **base)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """The named paragraph styles every part of the report uses."""
    register_fonts()
    return {
        "body": _style("body", spaceAfter=4),
        "small": _style("small", fontSize=8, leading=10),
        "muted": _style("muted", fontSize=8, leading=10, textColor=MUTED),
        "cell": _style("cell", fontSize=8, leading=10),
        "cell_bold": _style("cell_bold", fontName=BOLD, fontSize=8, leading=10),
        "label": _style(
            "label", fontName=BOLD, fontSize=8.5, leading=11, textColor=ACCENT, spaceBefore=4, keepWithNext=1
        ),
        "quote": _style("quote", leftIndent=12, fontSize=9.5, leading=12.5, spaceAfter=4),
        "translation": _style(
            "translation",
            fontName=ITALIC,
            leftIndent=12,
            fontSize=9,
            leading=12,
            textColor=MUTED,
            spaceAfter=4,
        ),
        "h1": _style(
            "h1",
            fontName=BOLD,
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=10,
            keepWithNext=1,
        ),
        "h2": _style(
            "h2",
            fontName=BOLD,
            fontSize=12.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h3": _style(
            "h3", fontName=BOLD, fontSize=10.5, leading=13.5, spaceBefore=10, spaceAfter=4, keepWithNext=1
        ),
        "toc0": _style("toc0", fontName=BOLD, fontSize=10, leading=15),
        "toc1": _style("toc1", fontSize=9, leading=13, leftIndent=14),
        "cover_title": _style(
            "cover_title",
            fontName=BOLD,
            fontSize=24,
            leading=30,
            textColor=ACCENT,
            alignment=TA_CENTER,
            spaceAfter=14,
        ),
        "cover_sub": _style("cover_sub", fontSize=13, leading=18, alignment=TA_CENTER, spaceAfter=8),
        "cover_note": _style("cover_note", fontSize=9, leading=12, alignment=TA_CENTER, textColor=MUTED),
    }

"""The commission's light Markdown without any PDF machinery: the parser both outputs share and
the HTML of the page's preview (commitments.reports.markdown lays the same tokens out in PDF).
The web imports only this, so a web worker does not load ReportLab."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http://", "https://", "mailto:")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """CommonMark with tables; no raw HTML, no images (a report never fetches anything)."""
    return (
        MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        .enable("table")
        .disable("image")
    )


def to_html(source: str) -> str:
    """The text as HTML for the page's preview (escaped by markdown-it; unsafe links dropped)."""
    return parser().render(source or "")


def is_blank(source: str) -> bool:
    """Whether a section says nothing (only spaces)."""
    return not (source or "").strip()

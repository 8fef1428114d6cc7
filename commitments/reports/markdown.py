"""The commission's own text, in light Markdown, as PDF flowables and as HTML for the preview.

Parsed by markdown-it-py (CommonMark with tables; raw HTML and images off), then walked token by
token: every piece of user text is escaped before it reaches ReportLab, and the only markup a
Paragraph ever sees is what this module writes (<b>, <i>, <br/>, <a> to http(s)/mailto links).
So `<font name=x>`, `<script>` or an unbalanced tag in a section print as the characters typed.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from markdown_it.token import Token
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from commitments.reports.markdown_text import SAFE_SCHEMES, is_blank, parser, to_html  # noqa: F401
from commitments.reports.styles import ACCENT, BOLD, FONT, RULE, styles

# A table row cannot break across pages: a cell's text is cut here (the snapshot keeps it all).
CELL_CHARS = 600
WIDTH = 470.0


def _href(token: Token) -> str:
    href = str(token.attrGet("href") or "")
    return href if href.lower().startswith(SAFE_SCHEMES) else ""


def inline(children: list[Token] | None) -> str:
    """ReportLab paragraph markup for an inline run, user text escaped."""
    out: list[str] = []
    links: list[bool] = []
    for token in children or []:
        kind = token.type
        if kind == "text" or kind == "code_inline":
            out.append(escape(token.content))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("<br/>")
        elif kind == "strong_open":
            out.append("<b>")
        elif kind == "strong_close":
            out.append("</b>")
        elif kind == "em_open":
            out.append("<i>")
        elif kind == "em_close":
            out.append("</i>")
        elif kind == "link_open":
            href = _href(token)
            links.append(bool(href))
            if href:
                out.append(f'<a href="{escape(href, {chr(34): "&quot;"})}" color="#1d4e89"><u>')
        elif kind == "link_close":
            if links and links.pop():
                out.append("</u></a>")
        else:  # anything else is shown as typed
            out.append(escape(token.content))
    return "".join(out)


def plain(children: list[Token] | None) -> str:
    """The text of an inline run without formatting."""
    return "".join(t.content if t.type != "softbreak" else " " for t in children or [])


def _style(name: str, depth: int) -> ParagraphStyle:
    base = styles()["body" if name == "body" else name]
    if depth == 0:
        return base
    indent = 14 * depth
    return ParagraphStyle(
        f"{base.name}-list{depth}", parent=base, leftIndent=indent, bulletIndent=indent - 10, spaceAfter=2
    )


def to_flowables(source: str) -> list[Flowable]:
    """The text as flowables: paragraphs, headings, lists, quotes, code, rules and tables."""
    tokens = parser().parse(source or "")
    flow: list[Flowable] = []
    lists: list[list[int | None]] = []  # per open list: [next number, or None when bulleted]
    bullet: str | None = None
    quote = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            lists.append([int(start) if start else 1] if kind == "ordered_list_open" else [None])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            number = lists[-1][0] if lists else None
            bullet = "•" if number is None else f"{number}."
            if number is not None:
                lists[-1][0] = number + 1
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "heading_open":
            flow.append(Paragraph(inline(tokens[index + 1].children), styles()["h3"]))
            index += 2
        elif kind == "paragraph_open":
            name = "quote" if quote else "body"
            markup = inline(tokens[index + 1].children)
            flow.append(Paragraph(markup, _style(name, len(lists)), bulletText=bullet))
            bullet = None
            index += 2
        elif kind in ("fence", "code_block"):
            body = escape(token.content.rstrip("\n")).replace("\n", "<br/>")
            flow.append(Paragraph(body, styles()["quote"]))
        elif kind == "hr":
            flow.append(HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=4, spaceAfter=4))
        elif kind == "table_open":
            index = _table(tokens, index, flow)
        index += 1
    return flow


def table_rows(tokens: list[Token], index: int) -> tuple[list[list[str]], int, int]:
    """A table's rows as plain text from its `table_open` at `index`, padded to one width:
    (rows, how many are header rows, the index of `table_close`). Shared with the Word copy."""
    rows: list[list[str]] = []
    header_rows = 0
    in_head = False
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            rows.append([])
            header_rows += in_head
        elif token.type == "inline":
            rows[-1].append(plain(token.children))
        index += 1
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows], header_rows, index


def _cell(value: str) -> str:
    return value[:CELL_CHARS].rstrip() + "…" if len(value) > CELL_CHARS else value


def _table(tokens: list[Token], index: int, flow: list[Flowable]) -> int:
    """Lay out the table that starts at `index`; return the index of `table_close`."""
    rows, header_rows, index = table_rows(tokens, index)
    if not rows:
        return index
    columns = len(rows[0])
    st = styles()
    cells = [
        [Paragraph(escape(_cell(value)), st["cell_bold" if r < header_rows else "cell"]) for value in row]
        for r, row in enumerate(rows)
    ]
    table = Table(cells, colWidths=[WIDTH / columns] * columns, repeatRows=header_rows, hAlign="LEFT")
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    if header_rows:
        commands += [
            ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 8),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT),
        ]
    table.setStyle(TableStyle(commands))
    flow += [table, Spacer(1, 6)]
    return index

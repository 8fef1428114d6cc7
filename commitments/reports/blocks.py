"""Parts of an entry shared by every mechanism's layout, drawn from its view
(commitments.reports.entries)."""

from __future__ import annotations

from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Paragraph

from commitments.i18n import _
from commitments.reports.entries import EntryView, Fact
from commitments.reports.model import Item
from commitments.reports.story import Story
from commitments.reports.styles import BOLD, FONT, text
from commitments.vocabulary import word

CELL_SIZE = 8
# A table row cannot break across pages, so long texts in cells are cut (the snapshot keeps them).
CELL_CHARS = 600
TABLE_CHUNK = 60  # rows per table: long tables split in quadratic time in ReportLab


def wrapped(value: str, width: float, font: str = FONT) -> str:
    """Plain text broken into lines for a table cell: much cheaper than a Paragraph."""
    value = value or ""
    if len(value) > CELL_CHARS:
        value = value[:CELL_CHARS].rstrip() + "…"
    lines: list[str] = []
    for line in value.splitlines() or [""]:
        lines.extend(simpleSplit(line, font, CELL_SIZE, width - 6) or [""])
    return "\n".join(lines)


def long_table(story: Story, rows: list[list[str]], widths: list[float]) -> None:
    """A header row (wrapped in bold to its columns) and any number of rows, in tables of
    TABLE_CHUNK rows."""
    header = [wrapped(cell, width, BOLD) for cell, width in zip(rows[0], widths, strict=True)]
    for start in range(1, len(rows), TABLE_CHUNK):
        story.table([header] + rows[start : start + TABLE_CHUNK], widths)


def quoted(story: Story, view: EntryView) -> None:
    """The text as issued, in its language and how faithful it is to its source, then our
    translation when there is one."""
    item = view.item
    story.add(Paragraph(text(view.text_label), story.st["label"]))
    story.add(Paragraph(f"“{text(item.text)}”", story.st["quote"]))
    if view.verbatim:
        story.para(story.gettext("Estado del texto: %(status)s", status=view.verbatim), "muted")
    if view.language_note:
        story.para(view.language_note, "muted")
    if view.translation:
        story.add(Paragraph(text(view.translation_label), story.st["label"]))
        story.add(Paragraph(text(view.translation), story.st["translation"]))


def fact_table(story: Story, facts: list[Fact]) -> None:
    """Facts as a two-column table (an OGP commitment's card)."""
    story.table(
        [[wrapped(f.label, 140), wrapped(f.value, 330)] for f in facts], [140, 330], header=False, zebra=False
    )


def ratings(story: Story, view: EntryView) -> None:
    """The government's and the reviewer's ratings, last period and this period, each with
    where it comes from, then their narratives and the reviewer's source document."""
    story.add(Paragraph(text(view.ratings_label), story.st["label"]))
    widths = [150, 160, 160]
    header = [wrapped(value, w, BOLD) for value, w in zip(["", *view.rating_header], widths, strict=True)]
    rows = [
        [wrapped(value, w) for value, w in zip((r.label, r.previous, r.current), widths, strict=True)]
        for r in view.ratings
    ]
    story.table([header, *rows], widths, zebra=False)
    for note in view.rating_notes:
        story.field(note.label, note.value)


def measures(story: Story, view: EntryView) -> None:
    """Sub-measures or milestones, each with its current self-assessed level."""
    story.add(Paragraph(text(view.measures_label), story.st["label"]))
    for measure in view.measures:
        story.para(
            f"<b>{text(measure.marker)}</b> {text(measure.text)} <font color='#5f6b76'>[{text(measure.level)}]</font>",
            "quote",
            markup=True,
        )


def evidence(story: Story, item: Item, label: str) -> None:
    """The item's evidence, printed here only (the annexes do not repeat it): title, date, kind,
    whether the commission verified it, and a clickable link or a file with its short SHA-256."""
    if not item.evidence:
        return
    story.add(Paragraph(text(label), story.st["label"]))
    widths = [150, 55, 50, 55, 160]
    rows: list[list[object]] = [
        [
            story.gettext("Título"),
            story.gettext("Fecha"),
            story.gettext("Tipo"),
            story.gettext("Verificación"),
            story.gettext("Enlace o archivo"),
        ]
    ]
    for entry in item.evidence:
        where = (
            story.link_cell(entry.url)
            if entry.url
            else story.cell(f"{entry.file_name} · SHA-256 {entry.sha256_short}")
        )
        rows.append(
            [
                wrapped(entry.title, widths[0]),
                wrapped(story.short_date(entry.evidence_date), widths[1]),
                wrapped(word(story.locale, "evidence_kind", entry.kind), widths[2]),
                wrapped(word(story.locale, "verification", entry.verification), widths[3]),
                where,
            ]
        )
    story.table(rows, widths)


def source(story: Story, view: EntryView) -> None:
    """Where the text comes from, and a note when it is sample data."""
    if view.source:
        item = view.item
        value = " — ".join(
            v for v in (text(item.source_title), story.link(item.source_url) if item.source_url else "") if v
        )
        story.para(story.markup(_("Fuente: %(source)s"), source=value), "muted", markup=True)
    if view.sample_note:
        story.para(view.sample_note, "muted")

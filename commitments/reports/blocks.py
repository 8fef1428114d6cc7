"""Parts of a recommendation's entry shared by every mechanism's layout."""

from __future__ import annotations

from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Paragraph

from commitments.i18n import _, language_name
from commitments.reports.completeness import account_of
from commitments.reports.model import Item, Rating
from commitments.reports.story import Story
from commitments.reports.styles import FONT, text
from commitments.reports.wording import reviewer_of
from commitments.vocabulary import State, word

CELL_SIZE = 8
# A table row cannot break across pages, so long texts in cells are cut (the snapshot keeps them).
CELL_CHARS = 600


def wrapped(value: str, width: float, font: str = FONT) -> str:
    """Plain text broken into lines for a table cell: much cheaper than a Paragraph."""
    value = value or ""
    if len(value) > CELL_CHARS:
        value = value[:CELL_CHARS].rstrip() + "…"
    lines: list[str] = []
    for line in value.splitlines() or [""]:
        lines.extend(simpleSplit(line, font, CELL_SIZE, width - 6) or [""])
    return "\n".join(lines)


def quoted(story: Story, item: Item, label: str) -> None:
    """The text as issued, in its language, then our translation when there is one."""
    story.add(Paragraph(text(label), story.st["label"]))
    story.add(Paragraph(f"“{text(item.text)}”", story.st["quote"]))
    translated = item.translation(story.locale)
    if item.language != story.locale and not translated:
        story.para(
            story.gettext(
                "Texto original en %(language)s.", language=language_name(item.language, story.locale)
            ),
            "muted",
        )
    if translated:
        story.add(Paragraph(text(story.gettext("Traducción (no oficial):")), story.st["label"]))
        story.add(Paragraph(text(translated), story.st["translation"]))


def agencies(story: Story, item: Item, label: str) -> None:
    """Responsible institutions, lead first."""
    names = [
        f"{a.code} – {story.pick(a.name)} ({word(story.locale, 'assignment_role', a.role)})"
        for a in item.agencies
    ]
    story.field(label, "; ".join(names) or story.gettext("Sin institución asignada"))


def answers(story: Story, item: Item, labels: dict[str, str]) -> None:
    """The government's account of the entry (commitments.reports.completeness.account_of): the
    accepted responses of its agencies, lead first, one field per label given (in the
    mechanism's own words); else the narrative of its latest self-assessment; else a mark that
    it is pending (a draft) or missing."""
    first = next(iter(labels.values()))
    source = account_of(item)
    if source == "rating":
        rating = item.ratings.self_current
        assert rating is not None  # account_of found its narrative
        story.field(first, rating.narrative)
        story.para(
            story.gettext("Según la autoevaluación del Gobierno en %(period)s.", period=rating.period),
            "muted",
        )
        return
    if not source:
        story.field(
            first,
            story.gettext("[Pendiente: sin respuesta aceptada ni relato de la autoevaluación.]")
            if story.draft
            else story.gettext("No se recibió una respuesta aceptada en este periodo."),
        )
        return
    for answer in item.answers:
        prefix = f"{answer.agency}: " if len(item.answers) > 1 else ""
        for field, label in labels.items():
            story.field(prefix + label, getattr(answer, field) or "")
        if answer.target_date:
            story.field(prefix + story.gettext("Fecha prevista"), story.date(answer.target_date))


def rating_text(story: Story, rating: Rating | None) -> str:
    """A level's native label, with the period it was given in."""
    if rating is None:
        return word(story.locale, "state", State.NOT_ASSESSED)
    return f"{story.pick(rating.level.label)} ({rating.period})"


def ratings(story: Story, item: Item, label: str) -> None:
    """The government's and the reviewer's ratings, last period and this period."""
    model = story.model
    previous = model.previous_period.code if model.previous_period else "—"
    r = item.ratings
    story.add(Paragraph(text(label), story.st["label"]))
    rows = [
        [
            "",
            story.gettext("Periodo anterior (%(period)s)", period=previous),
            story.gettext("Este periodo (%(period)s)", period=model.period.code),
        ],
        [
            story.gettext("Autoevaluación del Gobierno"),
            rating_text(story, r.self_previous),
            rating_text(story, r.self_current),
        ],
        [
            story.gettext(reviewer_of(item.mechanism)),
            rating_text(story, r.reviewer_previous),
            rating_text(story, r.reviewer_current),
        ],
    ]
    widths = [150, 160, 160]
    story.table(
        [[wrapped(value, w) for value, w in zip(row, widths, strict=True)] for row in rows],
        widths,
        zebra=False,
    )
    # Each rating with its narrative (the self-assessment's, unless it is already the account).
    if r.self_current and r.self_current.narrative and account_of(item) != "rating":
        story.field(
            story.gettext("Fundamento de la autoevaluación (%(period)s)", period=r.self_current.period),
            r.self_current.narrative,
        )
    if r.reviewer_current and r.reviewer_current.narrative:
        story.field(
            story.gettext(
                "Fundamento de la valoración de %(reviewer)s (%(period)s)",
                reviewer=story.gettext(reviewer_of(item.mechanism)),
                period=r.reviewer_current.period,
            ),
            r.reviewer_current.narrative,
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


def links(story: Story, item: Item) -> None:
    """Other mechanisms' recommendations that answer the same reform."""
    if item.links:
        story.field(
            story.gettext("Vinculada con"),
            "; ".join(f"{link.code} ({word(story.locale, 'link_kind', link.kind)})" for link in item.links),
        )


def source(story: Story, item: Item) -> None:
    """Where the text comes from, and a note when it is sample data."""
    if item.source_title or item.source_url:
        value = " — ".join(
            v for v in (text(item.source_title), story.link(item.source_url) if item.source_url else "") if v
        )
        story.para(story.markup(_("Fuente: %(source)s"), source=value), "muted", markup=True)
    if item.sample:
        story.para(story.gettext("Dato de ejemplo (demostración), no es un registro real."), "muted")


def measures(story: Story, item: Item, label: str, lettered: bool = False) -> None:
    """Sub-measures or milestones, each with its current self-assessed level."""
    if not item.children:
        return
    story.add(Paragraph(text(label), story.st["label"]))
    for index, child in enumerate(item.children):
        marker = f"{chr(ord('a') + index % 26)})" if lettered else child.reference
        level = rating_text(story, child.ratings.self_current)
        story.para(
            f"<b>{text(marker)}</b> {text(child.title or child.text)} "
            f"<font color='#5f6b76'>[{text(level)}]</font>",
            "quote",
            markup=True,
        )

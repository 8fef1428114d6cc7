"""One section per mechanism, each in the layout its reviewers work with (report-formats.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from commitments.reports import blocks
from commitments.reports.model import Item, Section
from commitments.reports.story import Story
from commitments.reports.wording import Wording, group_title, wording
from commitments.vocabulary import AssignmentRole


def section(story: Story, part: Section, title: str | None = None) -> None:
    """The mechanism's heading (or the template's title for its entries), its cycles and scale,
    then its items in its own layout."""
    story.heading(title or story.pick(part.name), 0)
    story.para(story.gettext("Órgano de seguimiento: %(body)s", body=story.pick(part.body)))
    for cycle in part.cycles:
        details = [story.pick(cycle.name), cycle.report_title, story.date(cycle.adopted_on)]
        story.para(
            story.gettext(
                "Ciclo %(code)s: %(details)s", code=cycle.code, details=" — ".join(d for d in details if d)
            ),
            "small",
        )
    if part.scale:
        story.para(
            story.gettext(
                "Escala de valoración: %(levels)s",
                levels=" · ".join(story.pick(level.label) for level in part.scale),
            ),
            "small",
        )
    if not part.items:
        story.para(
            story.gettext("No hay recomendaciones registradas para este mecanismo en el alcance del informe.")
        )
        return
    LAYOUTS.get(part.mechanism, generic)(story, part)


def _groups(story: Story, part: Section) -> Iterator[Item]:
    """Yield a section's items, opening a level-1 heading each time the group changes."""
    key: Callable[[Item], str] = group_title(part, story.locale)
    current = None
    for item in part.items:
        title = key(item)
        if title != current:
            story.heading(title, 1)
            current = title
        yield item


def _item_heading(story: Story, label: str, item: Item) -> None:
    title = f"{label} {item.reference}"
    story.heading(f"{title} — {item.title}" if item.title else title, 2)


def _answers(story: Story, words: Wording, item: Item) -> None:
    blocks.answers(story, item, {k: story.gettext(v) for k, v in words.answers.items()})


def _common_tail(story: Story, item: Item, words: Wording) -> None:
    blocks.agencies(story, item, story.gettext("Instituciones responsables"))
    blocks.evidence(story, item, story.gettext(words.evidence))
    blocks.links(story, item)
    blocks.source(story, item)


def mesicic(story: Story, part: Section) -> None:
    """By Convention provision: RECOMENDACIÓN, suggested measures, INFORME, classification."""
    words = wording("MESICIC")
    for item in _groups(story, part):
        _item_heading(story, story.gettext(words.item), item)
        blocks.quoted(story, item, story.gettext(words.text))
        blocks.measures(story, item, story.gettext(words.measures), lettered=True)
        _answers(story, words, item)
        blocks.ratings(story, item, story.gettext(words.ratings))
        _common_tail(story, item, words)


def uncac(story: Story, part: Section) -> None:
    """By chapter and article, the self-assessment checklist's questions, numbered per article."""
    words = wording("UNCAC")
    numbers: dict[str, int] = {}
    for item in _groups(story, part):
        numbers[item.provision] = numbers.get(item.provision, 0) + 1
        article = story.gettext("Art. %(article)s", article=item.provision or "—")
        story.heading(
            story.gettext(
                "%(article)s — Recomendación %(n)s (%(reference)s)",
                article=article,
                n=numbers[item.provision],
                reference=item.reference,
            ),
            2,
        )
        blocks.quoted(story, item, story.gettext(words.text))
        level = item.ratings.self_current
        story.field(
            story.gettext("¿Cumple el Estado con esta disposición?"), blocks.rating_text(story, level)
        )
        _answers(story, words, item)
        blocks.ratings(story, item, story.gettext(words.ratings))
        _common_tail(story, item, words)


def eiti(story: Story, part: Section) -> None:
    """By requirement: the corrective action and its deadline, the assessment, the progress."""
    words = wording("EITI")
    for item in _groups(story, part):
        _item_heading(story, story.gettext(words.item), item)
        blocks.quoted(story, item, story.gettext(words.text))
        if item.due_on:
            story.field(story.gettext("Plazo"), story.date(item.due_on))
        blocks.measures(story, item, story.gettext(words.measures))
        blocks.ratings(story, item, story.gettext(words.ratings))
        _answers(story, words, item)
        _common_tail(story, item, words)


def _assurance(story: Story, part: Section, words: Wording) -> None:
    """CoST findings and StAR engagements: by cycle, the item, its provision, what was done."""
    for item in _groups(story, part):
        _item_heading(story, story.gettext(words.item), item)
        blocks.quoted(story, item, story.gettext(words.text))
        if item.provision:
            story.field(
                story.gettext(words.provision), f"{item.provision} — {story.pick(item.provision_title)}"
            )
        if item.theme and part.mechanism == "STAR":
            story.field(story.gettext("Línea de trabajo"), item.theme)
        _answers(story, words, item)
        blocks.ratings(story, item, story.gettext(words.ratings))
        _common_tail(story, item, words)


def cost(story: Story, part: Section) -> None:
    """By assurance report: each finding or recommendation and the actions taken."""
    _assurance(story, part, wording("COST"))


def star(story: Story, part: Section) -> None:
    """Engagements and the advice given, tied to UNCAC chapter V."""
    _assurance(story, part, wording("STAR"))


def ogp(story: Story, part: Section) -> None:
    """Per commitment, the shape of the end-of-term self-assessment."""
    words = wording("OGP")
    for item in _groups(story, part):
        _item_heading(story, story.gettext(words.item), item)
        lead = [a for a in item.agencies if a.role == AssignmentRole.LEAD]
        others = [a for a in item.agencies if a.role != AssignmentRole.LEAD]
        rows = [
            [story.gettext("Institución responsable"), "; ".join(story.pick(a.name) for a in lead) or "—"],
            [story.gettext("Otros actores"), "; ".join(story.pick(a.name) for a in others) or "—"],
            [story.gettext("Fecha de inicio"), story.date(item.issued_on) or "—"],
            [story.gettext("Fecha de término"), story.date(item.due_on) or "—"],
            [story.gettext(words.provision), story.pick(item.provision_title) or "—"],
            [story.gettext(words.ratings), blocks.rating_text(story, item.ratings.self_current)],
        ]
        story.table(
            [[blocks.wrapped(k, 140), blocks.wrapped(v, 330)] for k, v in rows],
            [140, 330],
            header=False,
            zebra=False,
        )
        blocks.quoted(story, item, story.gettext(words.text))
        blocks.measures(story, item, story.gettext(words.measures))
        _answers(story, words, item)
        blocks.ratings(story, item, story.gettext(words.ratings))
        blocks.evidence(story, item, story.gettext(words.evidence))
        blocks.links(story, item)
        blocks.source(story, item)


def generic(story: Story, part: Section) -> None:
    """Any other mechanism: by cycle, the common blocks."""
    cost(story, part)


LAYOUTS: dict[str, Callable[[Story, Section], None]] = {
    "MESICIC": mesicic,
    "UNCAC": uncac,
    "EITI": eiti,
    "COST": cost,
    "STAR": star,
    "OGP": ogp,
}

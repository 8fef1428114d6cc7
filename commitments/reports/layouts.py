"""One section per mechanism, in the layout its reviewers work with (report-formats.md): its
cycles and scale, the tables its reviewers expect (EITI's requirements, CoST's disclosure
results), then each entry as commitments.reports.entries words it."""

from __future__ import annotations

from collections.abc import Callable

from commitments import kinds
from commitments.i18n import language_name
from commitments.reports import blocks
from commitments.reports.entries import EntryView, entry_view, rating_text
from commitments.reports.model import Item, Section
from commitments.reports.story import Story
from commitments.reports.wording import entry_order, group_title, wording
from commitments.vocabulary import ItemKind, word


def section(story: Story, part: Section, title: str | None = None) -> None:
    """The mechanism's heading (or the template's title for its entries), its cycles and scale,
    its tables, then its entries in its own layout."""
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
    _scales(story, part)
    if not part.items:
        story.para(
            story.gettext("No hay recomendaciones registradas para este mecanismo en el alcance del informe.")
        )
        return
    TABLES.get(part.mechanism, lambda story, part: None)(story, part)
    entries(story, part)


def _scales(story: Story, part: Section) -> None:
    if not kinds.rates_anything(part.mechanism):
        story.para(
            story.gettext("Este mecanismo no califica lo que recomienda: se informa lo realizado."), "small"
        )
        return
    for scale in part.scales:
        name = story.pick(scale.name)
        levels = " · ".join(story.pick(level.label) for level in scale.levels)
        story.para(
            story.gettext("Escala de valoración «%(scale)s»: %(levels)s", scale=name, levels=levels)
            if name
            else story.gettext("Escala de valoración: %(levels)s", levels=levels),
            "small",
        )
    if story.locale != story.model.working_language:
        story.para(
            story.gettext(
                "Las respuestas de las instituciones se reproducen en el idioma en que se recibieron (%(language)s).",
                language=language_name(story.model.working_language, story.locale),
            ),
            "small",
        )


def entries(story: Story, part: Section) -> None:
    """Every entry under its group heading (provision, chapter or kind)."""
    key: Callable[[Item], str] = group_title(part, story.locale)
    current = None
    numbers: dict[str, int] = {}
    for item in entry_order(part):
        heading = key(item)
        if heading != current:
            story.heading(heading, 1)
            current = heading
        view = entry_view(item, part, story.model, story.locale, story.draft)
        if part.mechanism == "UNCAC":
            numbers[item.provision] = numbers.get(item.provision, 0) + 1
            view.heading = story.gettext(
                "%(article)s — Recomendación %(n)s (%(reference)s)",
                article=story.gettext("Art. %(article)s", article=item.provision or "—"),
                n=numbers[item.provision],
                reference=item.reference,
            )
        entry(story, view, part)


def entry(story: Story, view: EntryView, part: Section) -> None:
    """One entry, drawn from its view."""
    story.heading(view.heading, 2)
    if part.mechanism == "OGP" and view.facts:
        blocks.fact_table(story, view.facts)
    blocks.quoted(story, view)
    if part.mechanism != "OGP":
        for fact in view.facts:
            story.field(fact.label, fact.value)
    if view.measures:
        blocks.measures(story, view)
    for fact in view.account:
        story.field(fact.label, fact.value or view.account_note)
    if view.account_note and any(fact.value for fact in view.account):
        story.para(view.account_note, "muted")
    if view.ratings:
        blocks.ratings(story, view)
    story.field(story.gettext("Instituciones responsables"), view.agencies)
    blocks.evidence(story, view.item, story.gettext(wording(part.mechanism).evidence))
    if view.links:
        story.field(story.gettext("Vinculada con"), view.links)
    blocks.source(story, view)


def eiti_requirements(story: Story, part: Section) -> None:
    """Every requirement of the Standard with what the report holds on it: its entries and the
    latest assessments, the government's and the Board's (report-formats.md)."""
    if not part.provisions:
        return
    story.heading(story.gettext("Evaluación por requisito"), 1, before_table=True)
    by_provision: dict[str, list[Item]] = {}
    for top in part.items:
        for member in top.walk():
            if member.provision:
                by_provision.setdefault(member.provision, []).append(member)
    rows = [
        [
            story.gettext("Requisito"),
            story.gettext("Medidas"),
            story.gettext("Autoevaluación del Gobierno"),
            story.gettext("Consejo del EITI"),
        ]
    ]
    for provision in part.provisions:
        found = by_provision.get(provision.code, [])
        rated = [i for i in found if i.rated]
        own = [rating_text(i.ratings.self_current, story.locale) for i in rated if i.ratings.self_current]
        board = [
            rating_text(i.ratings.reviewer_current, story.locale) for i in rated if i.ratings.reviewer_current
        ]
        rows.append(
            [
                blocks.wrapped(f"{provision.code} {story.pick(provision.title)}", 190),
                blocks.wrapped(", ".join(i.reference for i in found) or "—", 80),
                blocks.wrapped("; ".join(own) or "—", 100),
                blocks.wrapped("; ".join(board) or "—", 100),
            ]
        )
    blocks.long_table(story, rows, [190, 80, 100, 100])


def cost_disclosure(story: Story, part: Section) -> None:
    """IDS disclosure results by project, procuring entity and stage, from the findings that
    carry a disclosure rate (report-formats.md: the assurance report's key figure)."""
    figures = [
        i
        for top in part.items
        for i in top.walk()
        if i.kind == ItemKind.FINDING and i.disclosure_rate is not None
    ]
    if not figures:
        return
    story.heading(story.gettext("Resultados de la divulgación de datos (IDS)"), 1, before_table=True)
    rows = [
        [
            story.gettext("Hallazgo"),
            story.gettext("Proyecto"),
            story.gettext("Entidad contratante"),
            story.gettext("Etapa"),
            story.gettext("Divulgado"),
        ]
    ]
    for item in figures:
        rows.append(
            [
                blocks.wrapped(item.reference, 55),
                blocks.wrapped(item.project or story.gettext("Todos"), 135),
                blocks.wrapped(item.procuring_entity or story.gettext("Todas"), 135),
                blocks.wrapped(
                    word(story.locale, "ids_stage", item.stage) if item.stage else story.gettext("Todas"), 80
                ),
                f"{story.number(item.disclosure_rate or 0)} %",
            ]
        )
    blocks.long_table(story, rows, [55, 135, 135, 80, 65])


TABLES: dict[str, Callable[[Story, Section], None]] = {"EITI": eiti_requirements, "COST": cost_disclosure}

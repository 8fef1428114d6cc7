"""One section per mechanism, each in the layout its reviewers work with (report-formats.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from commitments.i18n import _
from commitments.reports import blocks
from commitments.reports.model import Item, Section
from commitments.reports.story import Story

NO_PROVISION = _("Sin disposición asignada")


def section(story: Story, part: Section) -> None:
    """The mechanism's heading, its cycles and scale, then its items in its own layout."""
    story.heading(story.pick(part.name), 0)
    story.para(story.gettext("Órgano de seguimiento: %(body)s", body=story.pick(part.body)))
    for cycle in part.cycles:
        details = [story.pick(cycle.name), cycle.report_title, story.date(cycle.adopted_on)]
        story.para(story.gettext("Ciclo %(code)s: %(details)s", code=cycle.code,
                                 details=" — ".join(d for d in details if d)), "small")
    if part.scale:
        story.para(story.gettext("Escala de valoración: %(levels)s", levels=" · ".join(
            story.pick(level.label) for level in part.scale)), "small")
    if not part.items:
        story.para(story.gettext("No hay recomendaciones registradas para este mecanismo en el "
                                 "alcance del informe."))
        return
    LAYOUTS.get(part.mechanism, generic)(story, part)


def _groups(story: Story, items: list[Item], key: Callable[[Item], str]) -> Iterator[Item]:
    """Yield items, opening a level-1 heading each time the group changes."""
    current = None
    for item in items:
        title = key(item)
        if title != current:
            story.heading(title, 1)
            current = title
        yield item


def _by_provision(story: Story, prefix: str) -> Callable[[Item], str]:
    def title(item: Item) -> str:
        if not item.provision:
            return story.gettext(NO_PROVISION)
        return f"{prefix} {item.provision} — {story.pick(item.provision_title)}"
    return title


def _by_cycle(story: Story, part: Section) -> Callable[[Item], str]:
    names = {cycle.code: story.pick(cycle.name) for cycle in part.cycles}
    return lambda item: names.get(item.cycle, item.cycle)


def _item_heading(story: Story, label: str, item: Item) -> None:
    title = f"{label} {item.reference}"
    story.heading(f"{title} — {item.title}" if item.title else title, 2)


def _common_tail(story: Story, item: Item) -> None:
    blocks.agencies(story, item, story.gettext("Instituciones responsables"))
    blocks.evidence(story, item, story.gettext("Evidencia"))
    blocks.links(story, item)
    blocks.source(story, item)


def mesicic(story: Story, part: Section) -> None:
    """By Convention provision: RECOMENDACIÓN, suggested measures, INFORME, classification."""
    for item in _groups(story, part.items, _by_provision(story, story.gettext("Disposición"))):
        _item_heading(story, story.gettext("Recomendación"), item)
        blocks.quoted(story, item, story.gettext("RECOMENDACIÓN:"))
        blocks.measures(story, item, story.gettext("Medidas sugeridas:"), lettered=True)
        blocks.answers(story, item, {
            "actions_taken": story.gettext("INFORME / MEDIDAS ADOPTADAS:"),
            "challenges": story.gettext("Dificultades"),
            "assistance_needed": story.gettext("Necesidades de cooperación técnica"),
            "next_steps": story.gettext("Próximos pasos"),
        })
        blocks.ratings(story, item, story.gettext("Clasificación del seguimiento"))
        _common_tail(story, item)


def uncac(story: Story, part: Section) -> None:
    """By chapter and article, the self-assessment checklist's questions, numbered per article."""
    numbers: dict[str, int] = {}

    def chapter(item: Item) -> str:
        return story.pick(item.group_title) or story.gettext(NO_PROVISION)

    for item in _groups(story, part.items, chapter):
        numbers[item.provision] = numbers.get(item.provision, 0) + 1
        article = story.gettext("Art. %(article)s", article=item.provision or "—")
        story.heading(story.gettext("%(article)s — Recomendación %(n)s (%(reference)s)",
                                    article=article, n=numbers[item.provision],
                                    reference=item.reference), 2)
        blocks.quoted(story, item, story.gettext("Recomendación"))
        level = item.ratings.self_current
        story.field(story.gettext("¿Cumple el Estado con esta disposición?"),
                    blocks.rating_text(story, level))
        blocks.answers(story, item, {
            "actions_taken": story.gettext("Medidas aplicables"),
            "challenges": story.gettext("Problemas en la aplicación"),
            "assistance_needed": story.gettext("Necesidades de asistencia técnica"),
            "next_steps": story.gettext("Próximos pasos"),
        })
        blocks.ratings(story, item, story.gettext("Valoración"))
        blocks.agencies(story, item, story.gettext("Instituciones responsables"))
        blocks.evidence(story, item, story.gettext("Ejemplos de aplicación (evidencia)"))
        blocks.links(story, item)
        blocks.source(story, item)


def eiti(story: Story, part: Section) -> None:
    """By requirement: the corrective action and its deadline, the assessment, the progress."""
    for item in _groups(story, part.items, _by_provision(story, story.gettext("Requisito"))):
        _item_heading(story, story.gettext("Medida correctiva"), item)
        blocks.quoted(story, item, story.gettext("Medida correctiva o decisión del Consejo"))
        if item.due_on:
            story.field(story.gettext("Plazo"), story.date(item.due_on))
        blocks.measures(story, item, story.gettext("Hallazgos y medidas relacionadas"))
        blocks.ratings(story, item, story.gettext("Evaluación"))
        blocks.answers(story, item, {
            "actions_taken": story.gettext("Progreso"),
            "challenges": story.gettext("Dificultades"),
            "next_steps": story.gettext("Próximos pasos"),
        })
        _common_tail(story, item)


def cost(story: Story, part: Section) -> None:
    """By assurance report: each finding or recommendation and the actions taken."""
    for item in _groups(story, part.items, _by_cycle(story, part)):
        _item_heading(story, story.gettext("Hallazgo o recomendación"), item)
        blocks.quoted(story, item, story.gettext("Hallazgo o recomendación del aseguramiento"))
        if item.provision:
            story.field(story.gettext("Elemento del estándar de datos (IDS)"),
                        f"{item.provision} — {story.pick(item.provision_title)}")
        blocks.answers(story, item, {
            "actions_taken": story.gettext("Acciones realizadas"),
            "challenges": story.gettext("Dificultades"),
            "next_steps": story.gettext("Próximos pasos"),
        })
        blocks.ratings(story, item, story.gettext("Estado de implementación"))
        _common_tail(story, item)


def star(story: Story, part: Section) -> None:
    """Engagements and the advice given, tied to UNCAC chapter V."""
    for item in _groups(story, part.items, _by_cycle(story, part)):
        _item_heading(story, story.gettext("Asesoría"), item)
        blocks.quoted(story, item, story.gettext("Asesoría recibida"))
        if item.provision:
            story.field(story.gettext("Artículo de la Convención (capítulo V)"),
                        f"{item.provision} — {story.pick(item.provision_title)}")
        if item.theme:
            story.field(story.gettext("Línea de trabajo"), item.theme)
        blocks.answers(story, item, {
            "actions_taken": story.gettext("Acciones realizadas"),
            "assistance_needed": story.gettext("Asistencia adicional requerida"),
            "next_steps": story.gettext("Próximos pasos"),
        })
        blocks.ratings(story, item, story.gettext("Estado de implementación"))
        _common_tail(story, item)


def ogp(story: Story, part: Section) -> None:
    """Per commitment, the shape of the end-of-term self-assessment."""
    for item in _groups(story, part.items, _by_cycle(story, part)):
        _item_heading(story, story.gettext("Compromiso"), item)
        lead = [a for a in item.agencies if a.role == "lead"]
        others = [a for a in item.agencies if a.role != "lead"]
        rows = [
            [story.gettext("Institución responsable"),
             "; ".join(story.pick(a.name) for a in lead) or "—"],
            [story.gettext("Otros actores"), "; ".join(story.pick(a.name) for a in others)
             or "—"],
            [story.gettext("Fecha de inicio"), story.date(item.issued_on) or "—"],
            [story.gettext("Fecha de término"), story.date(item.due_on) or "—"],
            [story.gettext("Valores de OGP"), story.pick(item.provision_title) or "—"],
            [story.gettext("Nivel de cumplimiento"),
             blocks.rating_text(story, item.ratings.self_current)],
        ]
        story.table([[blocks.wrapped(k, 140), blocks.wrapped(v, 330)] for k, v in rows],
                    [140, 330], header=False, zebra=False)
        blocks.quoted(story, item, story.gettext("Descripción del compromiso"))
        blocks.measures(story, item, story.gettext("Hitos"))
        blocks.answers(story, item, {
            "actions_taken": story.gettext("Avances y resultados"),
            "challenges": story.gettext("Dificultades"),
            "next_steps": story.gettext("Siguientes pasos"),
        })
        blocks.ratings(story, item, story.gettext("Nivel de cumplimiento"))
        blocks.evidence(story, item, story.gettext("Evidencia"))
        blocks.links(story, item)
        blocks.source(story, item)


def generic(story: Story, part: Section) -> None:
    """Any other mechanism: by cycle, the common blocks."""
    cost(story, part)


LAYOUTS: dict[str, Callable[[Story, Section], None]] = {
    "MESICIC": mesicic, "UNCAC": uncac, "EITI": eiti, "COST": cost, "STAR": star, "OGP": ogp,
}

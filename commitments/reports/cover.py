"""The report's cover page, and what every page carries around its content (the title's words are
in commitments.reports.wording)."""

from __future__ import annotations

from reportlab.platypus import PageBreak, Paragraph, Spacer

from commitments.reports.document import Chrome
from commitments.reports.issuer import contact_line, issuer_name, signatory_line
from commitments.reports.model import ReportModel
from commitments.reports.story import Story
from commitments.reports.styles import text
from commitments.reports.wording import edition_text, report_title, short_name


def cover(story: Story, model: ReportModel, draft: bool) -> list:
    """The first page: issuer, title, and what the report covers, who issues and signs it."""
    st = story.st
    issuer = issuer_name(model, story.locale)
    flow: list = [
        Spacer(1, 110),
        Paragraph(text(issuer), st["cover_sub"]),
        Paragraph(text(report_title(model, story.locale)), st["cover_title"]),
        Spacer(1, 30),
    ]
    part = Story(model, story.locale)
    part.table(
        [
            [story.cell(k, bold=True), v if isinstance(v, Paragraph) else story.cell(v)]
            for k, v in _facts(story, model, draft)
        ],
        [130, 330],
        header=False,
        zebra=False,
    )
    flow += part.flow
    if any(item.sample for section in model.sections for item in section.items):
        note = story.gettext(
            "Este informe contiene datos de ejemplo marcados [Ejemplo]: no son registros reales."
        )
        flow.append(Paragraph(text(note), st["cover_note"]))
    return flow + [PageBreak()]


def _facts(story: Story, model: ReportModel, draft: bool) -> list[tuple[str, object]]:
    country = story.pick(model.country_name)
    mechanisms = [story.pick(section.name) for section in model.sections]
    rows: list[tuple[str, object]] = [
        (story.gettext("País"), country),
        (
            story.gettext("Mecanismo"),
            story.gettext("Todos los mecanismos (consolidado)")
            if model.consolidated
            else "; ".join(mechanisms) or short_name(model.mechanism),
        ),
    ]
    if len(model.sections) == 1:
        rows.append((story.gettext("Dirigido a"), story.pick(model.sections[0].body)))
    rows += [
        (story.gettext("Ciclo"), _cycle_name(story, model)),
        (story.gettext("Periodo"), period_span(story, model)),
        (story.gettext("Fecha"), story.date(model.issued_on or model.as_of)),
        (story.gettext("Emitido por"), issuer_name(model, story.locale)),
    ]
    if signatory_line(model, story.locale):
        rows.append((story.gettext("Firma"), signatory_line(model, story.locale)))
    if contact_line(model):
        rows.append((story.gettext("Contacto"), _contact(story, model)))
    rows += [
        (story.gettext("Estado"), story.gettext("Borrador") if draft else story.gettext("Final")),
        (
            story.gettext("Difusión"),
            story.gettext("Uso interno") if model.internal else story.gettext("Pública"),
        ),
    ]
    if model.edition:
        rows.append((story.gettext("Versión"), edition_text(model, story.locale)))
    return rows


def period_span(story: Story, model: ReportModel) -> str:
    """'Segundo semestre de 2026 (del 1 de julio al 31 de diciembre de 2026)'."""
    period = model.period
    return story.gettext(
        "%(period)s (del %(start)s al %(end)s)",
        period=story.period(period.code, capital=True),
        start=story.date(period.starts_on),
        end=story.date(period.ends_on),
    )


def _contact(story: Story, model: ReportModel) -> Paragraph:
    issuer = model.issuer
    links = []
    if issuer.contact_email:
        links.append(story.link(f"mailto:{issuer.contact_email}", issuer.contact_email))
    if issuer.contact_url:
        links.append(story.link(issuer.contact_url))
    return Paragraph(" · ".join(links), story.st["cell"])


def _cycle_name(story: Story, model: ReportModel) -> str:
    if not model.cycle:
        return story.gettext("Todos los ciclos")
    for section in model.sections:
        for cycle in section.cycles:
            if cycle.code == model.cycle:
                return f"{cycle.code} — {story.pick(cycle.name)}"
    return model.cycle


def chrome(story: Story, model: ReportModel, draft: bool, identifier: str) -> Chrome:
    """Header, footer, page label, marks and metadata of every page."""
    footer = story.gettext("Generado el %(date)s", date=story.date(model.as_of))
    if draft:
        footer += " · " + story.gettext("BORRADOR: no es un informe emitido")
    header = " · ".join(
        filter(
            None,
            (
                story.pick(model.country_name),
                story.gettext("Consolidado") if model.consolidated else short_name(model.mechanism),
                model.cycle,
                story.period(model.period.code, capital=True),
            ),
        )
    )
    return Chrome(
        header=header,
        footer=footer,
        page_label=story.gettext("Página %(n)s de %(total)s"),
        identifier_label=story.gettext("Identificador del informe (SHA-256 de su contenido):"),
        identifier=identifier,
        # An issued report is dated the day it was finalized, a draft by its data: the same
        # model always gives the same bytes.
        created=model.issued_on or model.as_of,
        watermark=story.gettext("BORRADOR") if draft else "",
        mark=story.gettext("USO INTERNO") if model.internal else "",
    )

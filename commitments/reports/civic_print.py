"""Civil society's parts of a report, printed: the public consultation of the draft and the
annex of the organisations' assessments. The words are written once, as a list of steps
(heading, paragraph, field, the commission's Markdown, table), which the PDF (ReportLab) and
the Word copy (python-docx) each lay out. Every text a person typed is printed as text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commitments.i18n import format_date, format_number, gettext
from commitments.reports.blocks import wrapped
from commitments.reports.civic_model import CivilSocietyAnnex, ConsultationSummary
from commitments.reports.markdown import to_flowables
from commitments.reports.model import Part, ReportModel

PARTS = ("consultation", "civil_society_annex")


@dataclass(frozen=True)
class Step:
    """One thing to print: kind is heading, para, muted, field, markdown or table."""

    kind: str
    text: str = ""
    value: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()


def steps(model: ReportModel, part: Part, draft: bool) -> list[Step]:
    """What one of civil society's parts prints (nothing when the report does not have it)."""
    locale = model.locale
    title = part.title.pick(locale)
    if part.key == "consultation" and model.consultation is not None:
        return _consultation(model.consultation, locale, title, draft)
    if part.key == "civil_society_annex" and model.civil_society is not None:
        return _annex(model.civil_society, locale, title)
    return []


def _consultation(summary: ConsultationSummary, locale: str, title: str, draft: bool) -> list[Step]:
    dates = {"start": format_date(summary.opens_on, locale), "end": format_date(summary.closes_on, locale)}
    found = [
        Step("heading", title),
        Step(
            "para",
            gettext(
                locale,
                "El borrador de este informe se sometió a consulta pública en el portal de "
                "transparencia del %(start)s al %(end)s: cualquier persona pudo comentarlo.",
                **dates,
            )
            if summary.closed
            else gettext(
                locale, "La consulta pública de este borrador sigue abierta hasta el %(end)s.", **dates
            ),
        ),
        Step(
            "table",
            rows=(
                (gettext(locale, "Comentarios recibidos"), format_number(summary.received, locale)),
                (gettext(locale, "Comentarios respondidos"), format_number(summary.answered, locale)),
                (
                    gettext(locale, "Comentarios ocultados por abusivos"),
                    format_number(summary.hidden, locale),
                ),
            ),
        ),
        Step("heading", gettext(locale, "Cómo se tuvieron en cuenta los comentarios"), level=1),
    ]
    if summary.statement.strip():
        found.append(Step("markdown", summary.statement))
    elif draft:
        found.append(
            Step("muted", gettext(locale, "[Pendiente: la Comisión aún no ha escrito esta sección.]"))
        )
    return found + _comments(summary, locale)


def _comments(summary: ConsultationSummary, locale: str) -> list[Step]:
    # Paragraphs, not table rows: a comment of 5,000 characters or 800 lines splits across pages.
    if not summary.comments:
        return []
    found = [Step("heading", gettext(locale, "Comentarios y respuestas de la Comisión"), level=1)]
    for c in summary.comments:
        who = c.name or gettext(locale, "Anónimo")
        found.append(Step("field", f"{c.number}. {who} ({format_date(c.received_on, locale)})", c.text))
        found.append(Step("field", gettext(locale, "Respuesta de la Comisión"), c.reply))
    return found


def _annex(annex: CivilSocietyAnnex, locale: str, title: str) -> list[Step]:
    found = [
        Step("heading", title),
        Step(
            "para",
            gettext(
                locale,
                "Valoraciones que las organizaciones de la sociedad civil registraron en el periodo "
                "%(period)s, en sus propias palabras (la Comisión no las modifica), con la respuesta "
                "de la Comisión cuando la hay.",
                period=annex.period,
            ),
        ),
    ]
    if not annex.assessments:
        found.append(
            Step("para", gettext(locale, "Ninguna organización registró valoraciones en este periodo."))
        )
    for a in annex.assessments:
        found += [
            Step("heading", f"{a.code} — {a.organisation}", level=2),
            Step(
                "field",
                gettext(locale, "Valoración de %(organisation)s", organisation=a.organisation),
                a.level(locale),
            ),
            Step("field", gettext(locale, "Fundamento"), a.narrative),
            Step("field", gettext(locale, "Evidencia"), "\n".join(a.evidence_urls)),
            Step("field", gettext(locale, "Respuesta de la Comisión"), a.reply),
        ]
    return found


def to_pdf(story: Any, model: ReportModel, part: Part) -> None:
    """Lay one of civil society's parts out in a report's story (commitments.reports.story)."""
    for step in steps(model, part, story.draft):
        if step.kind == "heading":
            story.heading(step.text, step.level)
        elif step.kind in ("para", "muted"):
            story.para(step.text, "muted" if step.kind == "muted" else "body")
        elif step.kind == "field":
            story.field(step.text, step.value)
        elif step.kind == "markdown":
            story.add(*to_flowables(step.text))
        else:
            story.table([[wrapped(label, 300), value] for label, value in step.rows], [300, 80], header=False)


def to_docx(writer: Any, model: ReportModel, part: Part) -> None:
    """Write one of civil society's parts into a report's Word copy (commitments.reports.docx)."""
    for step in steps(model, part, writer.draft):
        if step.kind == "heading":
            writer.heading(step.text, step.level + 1)
        elif step.kind in ("para", "muted"):
            writer.para(step.text)
        elif step.kind == "field":
            writer.field(step.text, step.value)
        elif step.kind == "markdown":
            writer.markdown(step.text)
        else:
            writer.table(step.rows, header=False)

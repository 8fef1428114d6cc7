"""The report as an editable Word document, from the same model and template as the PDF.

For the commission's last edits: real heading styles (Heading 1-3, so Word's navigation pane and
table of contents work), tables with the document's table style, the commission's Markdown as
paragraphs, runs and lists. The PDF stays the verifiable record; this copy carries no identifier
claim beyond printing it. Charts are not included (the tables hold the same figures).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentType
from docx.shared import Pt
from markdown_it.token import Token

from commitments.i18n import format_date, format_number, format_pct, format_period, gettext
from commitments.reports import civic_print
from commitments.reports.entries import EntryView, section_views
from commitments.reports.issuer import contact_line, issuer_name, signatory_line
from commitments.reports.markdown import parser, plain, table_rows
from commitments.reports.model import ReportModel
from commitments.reports.roundtables import docx_part as roundtables_part
from commitments.reports.templates import parts_of
from commitments.reports.wording import edition_text, progress_sentence, report_title, short_name
from commitments.vocabulary import word


class _Writer:
    def __init__(self, model: ReportModel, locale: str, draft: bool) -> None:
        self.model, self.locale, self.draft = model, locale, draft
        self.doc: DocumentType = Document()
        self.doc.styles["Normal"].font.name = "Calibri"
        self.doc.styles["Normal"].font.size = Pt(10.5)

    def t(self, message: str, **values: object) -> str:
        return gettext(self.locale, message, **values)

    def date(self, value: object) -> str:
        return format_date(value, self.locale)  # type: ignore[arg-type]

    def heading(self, title: str, level: int) -> None:
        self.doc.add_heading(title, level=level)

    def para(self, value: str, style: str | None = None) -> None:
        if value and value.strip():
            self.doc.add_paragraph(value, style=style)

    def field(self, label: str, value: str) -> None:
        if value and value.strip():
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(f"{label} ").bold = True
            paragraph.add_run(value)

    def table(self, rows: Sequence[Sequence[str]], header: bool = True) -> None:
        if not rows:
            return
        table = self.doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.text = value
                if header and r == 0:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        self.doc.add_paragraph()

    # The commission's Markdown, walked like the PDF's (commitments.reports.markdown).
    def markdown(self, source: str) -> None:
        tokens = parser().parse(source or "")
        lists: list[str] = []
        quote = 0
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                lists.append("List Number" if kind == "ordered_list_open" else "List Bullet")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote -= 1
            elif kind == "heading_open":
                self.heading(plain(tokens[index + 1].children), 3)
                index += 2
            elif kind == "paragraph_open":
                style = lists[-1] if lists else ("Quote" if quote else None)
                self._runs(self.doc.add_paragraph(style=style), tokens[index + 1].children or [])
                index += 2
            elif kind in ("fence", "code_block"):
                self.para(token.content.rstrip("\n"), "Quote")
            elif kind == "table_open":
                rows, _header, index = table_rows(tokens, index)
                self.table(rows)
            index += 1

    def _runs(self, paragraph: object, children: list[Token]) -> None:
        bold = italic = False
        for token in children:
            if token.type == "strong_open":
                bold = True
            elif token.type == "strong_close":
                bold = False
            elif token.type == "em_open":
                italic = True
            elif token.type == "em_close":
                italic = False
            elif token.type in ("softbreak", "hardbreak"):
                paragraph.add_run(" ")  # type: ignore[attr-defined]
            elif token.type in ("text", "code_inline"):
                run = paragraph.add_run(token.content)  # type: ignore[attr-defined]
                run.bold, run.italic = bold or None, italic or None
            elif token.type == "link_open":
                href = str(token.attrGet("href") or "")
                if href.lower().startswith(("http://", "https://", "mailto:")):
                    paragraph.add_run(f" <{href}> ")  # type: ignore[attr-defined]


def _cover(w: _Writer) -> None:
    model = w.model
    country = model.country_name.pick(w.locale)
    w.para(issuer_name(model, w.locale))
    w.doc.add_heading(report_title(model, w.locale), level=0)
    rows = [
        [w.t("País"), country],
        [
            w.t("Mecanismo"),
            w.t("Todos los mecanismos (consolidado)")
            if model.consolidated
            else "; ".join(p.name.pick(w.locale) for p in model.sections) or short_name(model.mechanism),
        ],
        [w.t("Periodo"), format_period(model.period.code, w.locale)],
        [w.t("Fecha"), w.date(model.issued_on or model.as_of)],
        [w.t("Emitido por"), issuer_name(model, w.locale)],
        [w.t("Estado"), w.t("Borrador") if w.draft else w.t("Final")],
        [w.t("Difusión"), w.t("Uso interno") if model.internal else w.t("Pública")],
    ]
    if signatory_line(model, w.locale):
        rows.append([w.t("Firma"), signatory_line(model, w.locale)])
    if contact_line(model):
        rows.append([w.t("Contacto"), contact_line(model)])
    if model.edition:
        rows.append([w.t("Versión"), edition_text(model, w.locale)])
    w.table(rows, header=False)


def _summary(w: _Writer) -> None:
    model = w.model
    w.heading(w.t("Resumen ejecutivo"), 1)
    for figure in model.figures:
        w.heading(short_name(figure.mechanism), 2)
        rows = [[w.t("Estado"), w.t("Recomendaciones"), "%"]]
        rows += [
            [c.label.pick(w.locale), format_number(c.count, w.locale), _pct(w, c.count, figure.total)]
            for c in figure.by_state
        ]
        w.table(rows)
        rows = [[w.t("Nivel (%(mechanism)s)", mechanism=figure.mechanism), w.t("Recomendaciones"), "%"]]
        rows += [
            [c.label.pick(w.locale), format_number(c.count, w.locale), _pct(w, c.count, figure.total)]
            for c in figure.by_level
        ]
        w.table(rows)
    if not model.item_count:
        w.para(w.t("No hay recomendaciones registradas en el alcance de este informe."))


def _pct(w: _Writer, part: int, whole: int) -> str:
    return format_pct(part / whole, w.locale) if whole else "—"


def _progress(w: _Writer) -> None:
    model = w.model
    w.heading(w.t("Avance desde el periodo anterior"), 1)
    if not model.previous_period:
        w.para(w.t("No hay un periodo anterior con el cual comparar."))
        return
    w.para(progress_sentence(model, w.locale))


def _entry(w: _Writer, view: EntryView) -> None:
    """One entry, worded as the PDF words it (commitments.reports.entries)."""
    item = view.item
    w.heading(view.heading, 3)
    w.field(view.text_label, f"“{item.text}”")
    if view.verbatim:
        w.para(w.t("Estado del texto: %(status)s", status=view.verbatim))
    if view.translation:
        w.field(view.translation_label, view.translation)
    elif view.language_note:
        w.para(view.language_note)
    for fact in view.facts:
        w.field(fact.label, fact.value)
    if view.measures:
        w.doc.add_paragraph().add_run(view.measures_label).bold = True
        for measure in view.measures:
            w.para(f"{measure.marker} {measure.text} [{measure.level}]", "List Bullet")
    w.field(w.t("Instituciones responsables"), view.agencies)
    for fact in view.account:
        w.field(fact.label, fact.value or view.account_note)
    if view.account_note and any(fact.value for fact in view.account):
        w.para(view.account_note)
    if view.ratings:
        w.table([["", *view.rating_header]] + [[r.label, r.previous, r.current] for r in view.ratings])
        for note in view.rating_notes:
            w.field(note.label, note.value)
    for entry in item.evidence:
        where = entry.url or f"{entry.file_name} · SHA-256 {entry.sha256_short}"
        state = word(w.locale, "verification", entry.verification)
        w.para(f"{entry.title} ({w.date(entry.evidence_date)}; {state}): {where}", "List Bullet")


def _entries(w: _Writer, title: str) -> None:
    single = not w.model.consolidated and len(w.model.sections) == 1
    for section in section_views(w.model, w.locale, w.draft):
        w.heading(title if single and title else section.part.name.pick(w.locale), 1)
        for group in section.groups:
            w.heading(group.title, 2)
            for view in group.entries:
                _entry(w, view)
        if not section.groups:
            w.para(w.t("No hay recomendaciones registradas para este mecanismo en el alcance del informe."))


def _annexes(w: _Writer) -> None:
    w.heading(w.t("Anexo A. Instituciones y puntos focales"), 1)
    rows = [[w.t("Institución"), w.t("Puntos focales"), w.t("Asignaciones (principal)")]]
    rows += [
        [
            f"{a.code} – {a.name.pick(w.locale)}",
            "; ".join(a.focal_points) or "—",
            f"{a.assignments} ({a.lead})",
        ]
        for a in w.model.agencies
    ]
    w.table(rows)


def build_docx(
    model: ReportModel, locale: str | None = None, *, draft: bool = False, identifier: str = ""
) -> bytes:
    """The report as .docx bytes, its template's sections in order."""
    w = _Writer(model, locale or model.locale, draft)
    core = w.doc.core_properties
    core.title = report_title(model, w.locale)
    core.language = w.locale
    core.author = issuer_name(model, w.locale)
    core.subject = identifier
    _cover(w)
    for part in parts_of(model):
        if part.kind == "authored":
            if not part.text.strip() and not draft:
                continue
            w.heading(part.title.pick(w.locale), 1)
            if part.text.strip():
                w.markdown(part.text)
            else:
                w.para(w.t("[Pendiente: la Comisión aún no ha escrito esta sección.]"))
        elif part.key == "summary":
            _summary(w)
        elif part.key == "progress":
            _progress(w)
        elif part.key == "entries":
            _entries(w, part.title.pick(w.locale))
        elif part.key == "annexes":
            _annexes(w)
        elif part.key in civic_print.PARTS:
            civic_print.to_docx(w, model, part)
        elif part.key == "roundtables":
            roundtables_part(w, model, part.title.pick(w.locale))
    if identifier:
        w.para(w.t("Identificador del informe (SHA-256 de su contenido):") + f" {identifier}")
    if draft:
        w.para(w.t("BORRADOR: no es un informe emitido"))
    buffer = io.BytesIO()
    w.doc.save(buffer)
    return buffer.getvalue()

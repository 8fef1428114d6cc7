"""Each entry of a report as its reader sees it, in the report's language: heading, the text as
issued and its translation, the facts its kind has, the government's account, both ratings with
their sources, the measures, the evidence. Built once from the model and drawn by both the PDF
layouts and the page's preview, so the two never word an entry differently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from commitments import kinds
from commitments.i18n import format_date, format_number, format_period, gettext, language_name
from commitments.reports.completeness import account_of
from commitments.reports.model import Item, Rating, ReportModel, Section
from commitments.reports.wording import (
    answer_labels,
    entry_order,
    group_title,
    reviewer_of,
    text_label,
    wording,
)
from commitments.vocabulary import AssignmentRole, ItemKind, State, TranslationState, word

K = ItemKind


@dataclass(frozen=True)
class Fact:
    """A labelled value of an entry (a link when `url` is set)."""

    label: str
    value: str
    url: str = ""


@dataclass(frozen=True)
class RatingRow:
    label: str
    previous: str
    current: str


@dataclass(frozen=True)
class Measure:
    """A sub-measure or milestone under its entry, with its own level."""

    marker: str
    text: str
    level: str
    code: str


@dataclass
class EntryView:
    """Everything an entry prints, worded for the report's language."""

    item: Item
    heading: str
    text_label: str
    verbatim: str = ""  # how faithful the text is to its source ("Texto oficial (título)")
    language_note: str = ""  # "Texto original en inglés." when there is no translation
    translation_label: str = ""
    translation: str = ""
    facts: list[Fact] = field(default_factory=list)
    account: list[Fact] = field(default_factory=list)
    account_note: str = ""  # where the account comes from, or that it is pending
    ratings_label: str = ""
    ratings: list[RatingRow] = field(default_factory=list)  # empty: the kind is not rated
    rating_header: tuple[str, str] = ("", "")
    rating_notes: list[Fact] = field(default_factory=list)
    measures_label: str = ""
    measures: list[Measure] = field(default_factory=list)
    agencies: str = ""
    links: str = ""
    source: Fact | None = None
    sample_note: str = ""


def entry_view(item: Item, part: Section, model: ReportModel, locale: str, draft: bool = False) -> EntryView:
    """An entry of `part`, worded in `locale` (a draft marks what is still pending)."""
    words = wording(part.mechanism)
    t = _Words(locale)
    view = EntryView(
        item=item, heading=_heading(item, locale), text_label=text_label(words, item.kind, locale)
    )
    _text(view, t)
    view.facts = _facts(item, part, t)
    if kinds.needs_account(item.kind) or item.answers:
        _account(view, item, t, answer_labels(words, item.kind), draft)
    if item.rated:
        _ratings(view, item, model, t, gettext(locale, words.ratings))
    if item.children:
        view.measures_label = gettext(locale, words.measures or "Medidas que la componen")
        view.measures = [
            Measure(
                marker=f"{chr(ord('a') + index % 26)})" if words.lettered else child.reference,
                text=_measure_text(child, t),
                level=rating_text(child.ratings.self_current, locale)
                if child.rated
                else kinds.kind_word(locale, child.kind),
                code=child.code,
            )
            for index, child in enumerate(item.children)
        ]
    view.agencies = "; ".join(
        f"{a.code} – {a.name.pick(locale)} ({word(locale, 'assignment_role', a.role)})" for a in item.agencies
    ) or t("Sin institución asignada")
    view.links = "; ".join(f"{link.code} ({word(locale, 'link_kind', link.kind)})" for link in item.links)
    if item.source_title or item.source_url:
        view.source = Fact(t("Fuente"), item.source_title or item.source_url, item.source_url)
    if item.sample:
        view.sample_note = t("Dato de ejemplo (demostración), no es un registro real.")
    return view


def _measure_text(child: Item, t: _Words) -> str:
    """A measure's title or text in the report's language, with its dates (OGP milestones)."""
    text = child.display_title(t.locale) or child.translation(t.locale) or child.text
    if child.starts_on or child.ends_on:
        dates = " – ".join(t.date(d) for d in (child.starts_on, child.ends_on) if d)
        return f"{text} ({dates})"
    return text


class _Words:
    """The report's locale, to translate, format dates and name levels."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def __call__(self, message: str, **values: object) -> str:
        return gettext(self.locale, message, **values)

    def date(self, value: dt.date | None) -> str:
        return format_date(value, self.locale)


def _heading(item: Item, locale: str) -> str:
    title = item.display_title(locale)
    head = f"{kinds.kind_word(locale, item.kind)} {item.reference}"
    return f"{head} — {title}" if title else head


def _text(view: EntryView, t: _Words) -> None:
    item = view.item
    if item.verbatim_status:
        view.verbatim = kinds.verbatim_text(item.verbatim_status, t.locale)
    translated = item.translation(t.locale)
    if translated:
        reviewed = item.translation_state(t.locale) == TranslationState.REVIEWED
        view.translation = translated
        view.translation_label = (
            t("Traducción de la Comisión (no oficial):")
            if reviewed
            else t("Traducción en borrador, sin revisar:")
        )
    elif item.language != t.locale:
        view.language_note = t(
            "Texto original en %(language)s.", language=language_name(item.language, t.locale)
        )


def _facts(item: Item, part: Section, t: _Words) -> list[Fact]:
    """The fields the entry's kind has, in its mechanism's words."""
    words = wording(part.mechanism)
    facts: list[Fact] = []
    if part.mechanism == "OGP" and item.kind in (K.COMMITMENT, K.MILESTONE):
        lead = [a for a in item.agencies if a.role == AssignmentRole.LEAD]
        others = [a for a in item.agencies if a.role != AssignmentRole.LEAD]
        values = [v.name.pick(t.locale) for v in item.ogp_values] or (
            [item.provision_title.pick(t.locale)] if item.provision else []
        )
        facts += [
            Fact(t("Institución responsable"), "; ".join(a.name.pick(t.locale) for a in lead) or "—"),
            Fact(t("Otros actores"), "; ".join(a.name.pick(t.locale) for a in others) or "—"),
            Fact(t("Fecha de inicio"), t.date(item.starts_on or item.issued_on) or "—"),
            Fact(t("Fecha de término"), t.date(item.ends_on or item.due_on) or "—"),
            Fact(t(words.provision), "; ".join(values) or "—"),
        ]
        return facts
    if part.mechanism == "UNCAC":
        facts.append(
            Fact(
                t("1. ¿Cumple el Estado con esta disposición?"),
                rating_text(item.ratings.self_current, t.locale),
            )
        )
    if item.project:
        facts.append(Fact(t("Proyecto"), item.project))
    if item.procuring_entity:
        facts.append(Fact(t("Entidad contratante"), item.procuring_entity))
    if item.stage:
        facts.append(Fact(t("Etapa del proyecto"), word(t.locale, "ids_stage", item.stage)))
    if item.disclosure_rate is not None:
        facts.append(
            Fact(t("Datos del IDS divulgados"), f"{format_number(item.disclosure_rate, t.locale)} %")
        )
    if item.counterpart:
        facts.append(Fact(t("Contraparte"), item.counterpart))
    if item.workstreams:
        facts.append(
            Fact(t("Líneas de trabajo"), "; ".join(word(t.locale, "workstream", w) for w in item.workstreams))
        )
    if part.mechanism == "STAR" and item.issued_on:
        facts.append(Fact(t("Fecha de la solicitud"), t.date(item.issued_on)))
    if words.provision and item.provision:
        facts.append(Fact(t(words.provision), f"{item.provision} — {item.provision_title.pick(t.locale)}"))
    if item.due_on and part.mechanism != "STAR":
        facts.append(Fact(t("Plazo"), t.date(item.due_on)))
    return facts


def _account(view: EntryView, item: Item, t: _Words, labels: dict[str, str], draft: bool) -> None:
    """The government's account (commitments.reports.completeness.account_of): the accepted
    responses of its agencies, lead first, in the mechanism's words; else the narrative of its
    latest self-assessment; else a mark that it is pending (a draft) or missing."""
    first = t(next(iter(labels.values())))
    source = account_of(item)
    if source == "rating":
        rating = item.ratings.self_current
        assert rating is not None  # account_of found its narrative
        view.account = [Fact(first, rating.narrative)]
        view.account_note = t(
            "Según la autoevaluación del Gobierno en el %(period)s.",
            period=format_period(rating.period, t.locale),
        )
        return
    if not source:
        view.account_note = (
            t("[Pendiente: sin respuesta aceptada ni relato de la autoevaluación.]")
            if draft
            else t("No se recibió una respuesta aceptada en este periodo.")
        )
        view.account = [Fact(first, "")]
        return
    for answer in item.answers:
        prefix = f"{answer.agency}: " if len(item.answers) > 1 else ""
        for name, label in labels.items():
            value = getattr(answer, name) or ""
            if value.strip():
                view.account.append(Fact(prefix + t(label), value))
        if answer.target_date:
            view.account.append(Fact(prefix + t("Fecha prevista"), t.date(answer.target_date)))


def rating_text(rating: Rating | None, locale: str) -> str:
    """A level's native label, with where it comes from: the review document that issued a
    reviewer's rating (and its date), else the period it was given in."""
    if rating is None:
        return word(locale, "state", State.NOT_ASSESSED)
    label = rating.level.label.pick(locale)
    document = rating.document
    if document is None:
        return f"{label} ({format_period(rating.period, locale)})"
    when = format_date(document.issued_on, locale) or gettext(locale, "sin fecha")
    return f"{label} ({document.reference}, {when})"


def _ratings(view: EntryView, item: Item, model: ReportModel, t: _Words, label: str) -> None:
    previous = model.previous_period.code if model.previous_period else "—"
    r = item.ratings
    reviewer = t(reviewer_of(item.mechanism))
    view.ratings_label = label
    view.rating_header = (
        t(
            "Periodo anterior (%(period)s)",
            period=format_period(previous, t.locale) if model.previous_period else "—",
        ),
        t("Este periodo (%(period)s)", period=format_period(model.period.code, t.locale)),
    )
    view.ratings = [
        RatingRow(
            t("Autoevaluación del Gobierno"),
            rating_text(r.self_previous, t.locale),
            rating_text(r.self_current, t.locale),
        ),
        RatingRow(
            reviewer, rating_text(r.reviewer_previous, t.locale), rating_text(r.reviewer_current, t.locale)
        ),
    ]
    # Each rating with its narrative (the self-assessment's, unless it is already the account).
    if r.self_current and r.self_current.narrative and account_of(item) != "rating":
        view.rating_notes.append(
            Fact(
                t(
                    "Fundamento de la autoevaluación (%(period)s)",
                    period=format_period(r.self_current.period, t.locale),
                ),
                r.self_current.narrative,
            )
        )
    current = r.reviewer_current
    if current and current.document:
        document = current.document
        named = f"{document.reference} — {document.title}" if document.title else document.reference
        view.rating_notes.append(
            Fact(
                t("Fuente de la valoración (%(reviewer)s)", reviewer=reviewer),
                named,
                document.url,
            )
        )
    if current and current.narrative:
        view.rating_notes.append(
            Fact(t("Fundamento de la valoración de %(reviewer)s", reviewer=reviewer), current.narrative)
        )


@dataclass(frozen=True)
class GroupView:
    """Entries under one heading (a provision, a chapter, a kind)."""

    title: str
    entries: list[EntryView]


@dataclass(frozen=True)
class SectionView:
    """A mechanism's entries grouped as its layout groups them."""

    part: Section
    groups: list[GroupView]

    @property
    def reviewer(self) -> str:
        return reviewer_of(self.part.mechanism)


def section_views(model: ReportModel, locale: str, draft: bool = False) -> list[SectionView]:
    """Every section of a report as the PDF lays it out (for the page's preview and the Word copy)."""
    found = []
    for part in model.sections:
        title = group_title(part, locale)
        groups: list[GroupView] = []
        for item in entry_order(part):
            heading = title(item)
            if not groups or groups[-1].title != heading:
                groups.append(GroupView(heading, []))
            groups[-1].entries.append(entry_view(item, part, model, locale, draft))
        found.append(SectionView(part, groups))
    return found

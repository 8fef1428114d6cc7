"""The report as data: gathered once, frozen as canonical JSON, rendered to PDF or HTML.

The model holds both languages of every label so it is locale-neutral: the renderer picks the
report's locale, and a preview may show the other one from the same snapshot.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from commitments.canonical import sha256_hex
from commitments.item_rules import translation_language
from commitments.reports.civic_model import CivilSocietyAnnex, ConsultationSummary
from commitments.reports.roundtable_plan import RoundtablePlan

# Bump when the shape changes, so an old snapshot is never read with a new meaning.
# 4: item kinds and their fields, translations per language, ratings with their source
#    document, scales per cycle.
SCHEMA_VERSION = 4
CONSOLIDATED = "ALL"
Movement = Literal["up", "down", "same", "new", "not_assessed"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Bilingual(Frozen):
    """A label in both report languages."""

    es: str = ""
    en: str = ""

    def pick(self, locale: str) -> str:
        """The label in `locale`, falling back to the other language when empty."""
        first, second = (self.en, self.es) if locale == "en" else (self.es, self.en)
        return first or second


class Level(Frozen):
    """A step of a mechanism's native scale."""

    code: str
    label: Bilingual
    state: str
    progress: int | None = None
    scale: str = ""  # the code of its scale ("" in snapshots from before scales)


class SourceDocument(Frozen):
    """The document a reviewer's rating comes from (a round report, a Board decision…)."""

    reference: str
    title: str = ""
    kind: str = "report"
    issued_on: dt.date | None = None
    url: str = ""


class Rating(Frozen):
    """A level as of a period, and the period in which it was given; a reviewer's rating also
    names the document that issued it."""

    level: Level
    period: str
    narrative: str = ""
    document: SourceDocument | None = None


class Ratings(Frozen):
    """The government's self-assessment and the reviewer's rating side by side."""

    self_current: Rating | None = None
    self_previous: Rating | None = None
    reviewer_current: Rating | None = None
    reviewer_previous: Rating | None = None


class AgencyRole(Frozen):
    code: str
    name: Bilingual
    role: str  # lead | support


class Answer(Frozen):
    """An agency's accepted response for the period."""

    agency: str
    actions_taken: str = ""
    challenges: str = ""
    assistance_needed: str = ""
    next_steps: str = ""
    target_date: dt.date | None = None


class EvidenceItem(Frozen):
    title: str
    kind: str
    evidence_date: dt.date | None = None
    url: str = ""
    file_name: str = ""
    sha256_short: str = ""
    visibility: str = "public"
    verification: str = "pending"


class Link(Frozen):
    """Another recommendation that answers the same reform."""

    code: str
    mechanism: str
    kind: str


class Translation(Frozen):
    """The commission's translation of a text into one report language."""

    title: str = ""
    text: str = ""
    state: str = "missing"  # missing | draft | reviewed


class Named(Frozen):
    """A code with its name in both languages (an OGP value)."""

    code: str
    name: Bilingual


class Item(Frozen):
    """A recommendation, requirement, commitment or engagement, with its measures."""

    code: str
    reference: str
    mechanism: str
    cycle: str
    title: str = ""
    text: str
    language: str = "es"
    # Snapshots from before schema 4 hold one translation here; later ones in `translations`.
    text_translated: str = ""
    translations: dict[str, Translation] = {}
    verbatim_status: str = ""
    kind: str = "recommendation"
    rated: bool = True  # whether its kind is rated on its mechanism's scale
    # Fields of some mechanisms' kinds (commitments.kinds).
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    ogp_values: list[Named] = []
    project: str = ""
    procuring_entity: str = ""
    stage: str = ""
    disclosure_rate: int | None = None
    counterpart: str = ""
    workstreams: list[str] = []
    theme: str = ""
    provision: str = ""
    provision_title: Bilingual = Bilingual()
    group: str = ""
    group_title: Bilingual = Bilingual()
    issued_on: dt.date | None = None
    due_on: dt.date | None = None
    source_title: str = ""
    source_url: str = ""
    sample: bool = False
    agencies: list[AgencyRole] = []
    answers: list[Answer] = []
    ratings: Ratings = Ratings()
    movement: Movement = "not_assessed"

    @field_validator("movement", mode="before")
    @classmethod
    def _old_word(cls, value: object) -> object:
        # Snapshots frozen before schema 2 called an item without a rating "unrated".
        return "not_assessed" if value == "unrated" else value

    evidence: list[EvidenceItem] = []
    links: list[Link] = []
    children: list[Item] = []

    def translation(self, locale: str) -> str:
        """The translation to print in a report in `locale`, or "" (none, or not in `locale`)."""
        if self.language == locale:
            return ""
        if self.translations or not self.text_translated:
            found = self.translations.get(locale)
            return found.text.strip() if found else ""
        # A snapshot from before schema 4: its one translation is into the other report language.
        return self.text_translated.strip() if translation_language(self.language) == locale else ""

    def translation_state(self, locale: str) -> str:
        """The state of the translation into `locale` (reviewed for the original's own language)."""
        if self.language == locale:
            return "reviewed"
        if self.translations or not self.text_translated:
            found = self.translations.get(locale)
            return found.state if found and found.text.strip() else "missing"
        return "reviewed" if self.translation(locale) else "missing"

    def display_title(self, locale: str) -> str:
        """The title in `locale` where translated, else as issued."""
        found = self.translations.get(locale)
        return (found.title if found and found.title else "") or self.title

    def heading(self, locale: str, limit: int = 90) -> str:
        """What names the item in a list: its title, else the start of its text, in `locale`
        where a translation exists."""
        title = self.display_title(locale)
        if title:
            return title
        words = (self.translation(locale) or self.text).split()
        short = ""
        for word in words:
            if len(short) + len(word) + 1 > limit:
                return short + "…"
            short = f"{short} {word}".strip()
        return short

    def walk(self) -> list[Item]:
        """The item and its measures, depth first."""
        found: list[Item] = []
        stack = [self]
        while stack:
            item = stack.pop()
            found.append(item)
            stack.extend(reversed(item.children))
        return found


class CycleInfo(Frozen):
    code: str
    name: Bilingual
    report_title: str = ""
    report_url: str = ""
    adopted_on: dt.date | None = None
    scale: str = ""  # the code of the scale its items are rated on


class ScaleInfo(Frozen):
    """A scale the section's items are rated on, with its levels in order."""

    code: str
    name: Bilingual
    levels: list[Level] = []


class ProvisionInfo(Frozen):
    """What a mechanism reviews (an EITI requirement), for a table of all of them."""

    code: str
    title: Bilingual
    group: Bilingual = Bilingual()


class Section(Frozen):
    """One mechanism's part of the report."""

    mechanism: str
    name: Bilingual
    body: Bilingual
    cycles: list[CycleInfo] = []
    # The levels of its (first) scale; since schema 4 also every scale its cycles use.
    scale: list[Level] = []
    scales: list[ScaleInfo] = []
    # Every provision of the mechanism, where its report tables them all (EITI's requirements).
    provisions: list[ProvisionInfo] = []
    items: list[Item] = []


class StateCount(Frozen):
    key: str
    label: Bilingual
    count: int


class MechanismFigures(Frozen):
    """Counts of a mechanism's items by normalised state and by native level (rated items,
    measures included), and of all its items by kind."""

    mechanism: str
    total: int
    by_state: list[StateCount]
    by_level: list[StateCount]
    by_kind: list[StateCount] = []


class AgencyFigures(Frozen):
    code: str
    name: Bilingual
    assignments: int
    lead: int
    answered: int
    accepted: int
    overdue: int
    focal_points: list[str] = []


class Move(Frozen):
    code: str
    mechanism: str
    before: Level | None = None
    after: Level | None = None
    reference: str = ""
    title: Bilingual = Bilingual()  # what names the item (its title or the start of its text)


class Progress(Frozen):
    """What changed since the previous period."""

    previous_period: str | None = None
    up: list[Move] = []
    down: list[Move] = []
    new: list[Move] = []
    unchanged: int = 0


class PeriodInfo(Frozen):
    code: str
    starts_on: dt.date
    ends_on: dt.date
    response_deadline: dt.date


class Part(Frozen):
    """A section of the report in its template's order: text the commission wrote (authored),
    or a part built from the record (generated: summary, progress, entries, annexes)."""

    key: str
    kind: Literal["authored", "generated"]
    title: Bilingual
    required: bool = False
    text: str = ""
    version: int = 0


class Issuer(Frozen):
    """Who issues the report, who signs it and how to reach it: the country's settings when the
    report was gathered (an empty institution reads as the country's government)."""

    institution: Bilingual = Bilingual()
    signatory: str = ""
    signatory_title: Bilingual = Bilingual()
    contact_email: str = ""
    contact_url: str = ""


class Superseded(Frozen):
    """The edition an issued report replaces."""

    edition: int
    identifier: str  # its snapshot's SHA-256
    finalized_on: dt.date | None = None


class ReportModel(Frozen):
    """Everything a report prints, and nothing else."""

    schema_version: int = SCHEMA_VERSION
    country: str
    country_name: Bilingual
    mechanism: str  # a mechanism code, or CONSOLIDATED
    cycle: str | None = None
    period: PeriodInfo
    previous_period: PeriodInfo | None = None
    locale: str
    # The language the agencies answer in (the instance's): a report in another prints their
    # answers as received, and says so.
    working_language: str = "es"
    internal: bool = False
    as_of: dt.date
    sections: list[Section] = []
    figures: list[MechanismFigures] = []
    agencies: list[AgencyFigures] = []
    progress: Progress = Progress()
    # The template's sections in order; empty in snapshots frozen before schema 3, which print
    # the generated parts only.
    parts: list[Part] = []
    # Set when the report is issued: its edition of this scope, and the one it replaces.
    edition: int | None = None
    supersedes: Superseded | None = None
    # Civil society's part (commitments.reports.civic): the draft's public consultation, and the
    # organisations' assessments when the report includes them as an annex.
    consultation: ConsultationSummary | None = None
    civil_society: CivilSocietyAnnex | None = None
    # The technical roundtables, in templates with a `roundtables` part (the OGP one).
    roundtables: list[RoundtablePlan] = []
    issuer: Issuer = Issuer()
    issued_on: dt.date | None = None  # the day it was finalized (its PDF's creation date)

    @property
    def consolidated(self) -> bool:
        return self.mechanism == CONSOLIDATED

    @property
    def item_count(self) -> int:
        """Items of the report, measures and milestones included."""
        return sum(len(item.walk()) for section in self.sections for item in section.items)


def snapshot_json(model: ReportModel) -> str:
    """The canonical JSON of a report model: what is frozen and hashed. Sorted keys, no spaces,
    every character beyond ASCII escaped (so the text takes one byte per character in memory and
    in the database); written section by section and entry by entry, so that a report of
    thousands of entries never builds a tree of the whole of it. The same text as
    `json.dumps(model.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))`."""
    return "".join(
        _chunks(model, "sections", lambda section: _chunks(section, "items", lambda item: [_json(item)]))
    )


def _json(value: Any) -> str:
    dumped = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    return json.dumps(dumped, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _chunks(value: BaseModel, key: str, each: Callable[[Any], Iterable[str]]) -> Iterator[str]:
    """`value` as canonical JSON, its list field `key` written element by element by `each`."""
    rest = value.model_dump(mode="json", exclude={key})
    names = sorted([*rest, key])
    yield "{"
    for index, name in enumerate(names):
        yield ("," if index else "") + json.dumps(name, ensure_ascii=True) + ":"
        if name != key:
            yield _json(rest[name])
            continue
        yield "["
        for position, element in enumerate(getattr(value, key)):
            if position:
                yield ","
            yield from each(element)
        yield "]"
    yield "}"


def snapshot_sha256(model: ReportModel) -> str:
    """The report's identifier: SHA-256 of its canonical snapshot."""
    return sha256_hex(snapshot_json(model))


def model_from_snapshot(text: str) -> ReportModel:
    """Rebuild the model from a stored snapshot."""
    return ReportModel.model_validate_json(text)

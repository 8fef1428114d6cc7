"""Assemble a report's data in one go: a fixed number of bulk queries, whatever its size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from commitments import clock, kinds, publicity
from commitments.errors import InvalidInput
from commitments.i18n import LOCALES, _
from commitments.item_rules import SLOT_FIELDS, TRANSLATION_FIELDS
from commitments.kinds import KIND_FIELDS
from commitments.lookup import country_id, period_by_code
from commitments.reports import rules, templates
from commitments.reports.civic import civic_parts
from commitments.reports.issuer import issuer_from
from commitments.reports.model import (
    CONSOLIDATED,
    AgencyFigures,
    AgencyRole,
    Answer,
    Bilingual,
    CycleInfo,
    EvidenceItem,
    Item,
    Level,
    Link,
    Named,
    PeriodInfo,
    ProvisionInfo,
    Ratings,
    ReportModel,
    ScaleInfo,
    Section,
    Translation,
)
from commitments.roundtables.plans import plans_for as roundtable_plans
from commitments.settings import get_settings
from commitments.tables import (
    Assessment,
    Assignment,
    Country,
    Cycle,
    Evidence,
    Mechanism,
    Membership,
    Period,
    Provision,
    RatingLevel,
    Recommendation,
    RecommendationLink,
    Response,
    Scale,
)
from commitments.vocabulary import AssignmentRole, ResponseState, Role, Source, Verification

ANSWERED = (ResponseState.SUBMITTED, ResponseState.ACCEPTED)
# Mechanisms whose report tables every provision (EITI: the requirements 1.1-7.4 and their
# assessment).
TABLED = ("EITI",)


@dataclass
class Scope:
    """What a report covers, resolved to ids."""

    country: dict[str, Any]
    mechanisms: list[dict[str, Any]]
    cycles: list[dict[str, Any]]
    period: dict[str, Any]
    previous: dict[str, Any] | None
    mechanism: str
    cycle: str | None

    @property
    def cycle_ids(self) -> list[int]:
        return [cycle["id"] for cycle in self.cycles]


def normalise_mechanism(code: str | None) -> str:
    """A mechanism code in upper case; empty, ALL or CONSOLIDATED mean every mechanism."""
    value = (code or "").strip().upper()
    return CONSOLIDATED if value in ("", CONSOLIDATED, "CONSOLIDATED") else value


# A mechanism's report covers one cycle (a round, a validation, an action plan): the one named,
# else its latest; ALL_CYCLES asks for every cycle of the mechanism at once.
ALL_CYCLES = "ALL"


async def resolve_scope(mechanism: str | None, cycle: str | None, period: str) -> Scope:
    """Check the codes a user gave and load the rows they name: one cycle of a mechanism (its
    latest when none is named), every cycle (ALL_CYCLES), or every mechanism (consolidated)."""
    code = normalise_mechanism(mechanism)
    country = await Country.select().where(Country.id == await country_id()).first()
    assert country is not None  # country_id() found it
    query = Mechanism.select()
    if code != CONSOLIDATED:
        query = query.where(Mechanism.code == code)
    mechanisms = await query
    if not mechanisms:
        raise InvalidInput(_("mecanismo desconocido «%(code)s»"), code=mechanism or "")
    every = (cycle or "").upper() == ALL_CYCLES
    if cycle and not every and code == CONSOLIDATED:
        raise InvalidInput(_("solo se puede elegir un ciclo con un único mecanismo"))
    cycles = (
        await Cycle.select()
        .where((Cycle.country == country["id"]) & Cycle.mechanism.is_in([m["id"] for m in mechanisms]))
        .order_by(Cycle.id)
    )
    if cycle and not every:
        cycles = [row for row in cycles if row["code"] == cycle]
        if not cycles:
            raise InvalidInput(_("ciclo desconocido «%(code)s»"), code=f"{code}-{cycle}")
    elif not every and code != CONSOLIDATED:
        cycles = await _latest(cycles)
        cycle = cycles[0]["code"] if cycles else None
    current = await period_by_code(period)
    previous = (
        await Period.select()
        .where((Period.country == country["id"]) & (Period.ends_on < current["starts_on"]))
        .order_by(Period.ends_on, ascending=False)
        .first()
    )
    order = {m: i for i, m in enumerate(rules.MECHANISM_ORDER)}
    mechanisms.sort(key=lambda m: order.get(m["code"], len(order)))
    return Scope(country, mechanisms, cycles, current, previous, code, None if every else cycle)


async def _latest(cycles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The mechanism's latest cycle that has items: the one registered last (rounds, validations
    and action plans are registered as they happen); none when no cycle has items yet."""
    if not cycles:
        return []
    used = (
        await Recommendation.select(Recommendation.cycle)
        .where(Recommendation.cycle.is_in([c["id"] for c in cycles]))
        .distinct()
    )
    with_items = {row["cycle"] for row in used}
    found = [c for c in cycles if c["id"] in with_items]
    return found[-1:] if found else cycles[-1:]


async def gather(
    scope: Scope,
    locale: str,
    internal: bool,
    as_of: dt.date | None = None,
    texts: dict[str, tuple[str, int]] | None = None,
    report_id: int | None = None,
) -> ReportModel:
    """Load everything the report prints and build its model; `texts` are the authored sections'
    text and version by key (commitments.reports.templates); `report_id` the stored report,
    whose consultation and civil-society annex it carries."""
    if locale not in LOCALES:
        raise InvalidInput(_("el idioma debe ser uno de: %(locales)s"), locales=", ".join(LOCALES))
    rows = await _load(scope, internal)
    levels = {row["id"]: _level(row) for row in rows["levels"]}
    items = _items(scope, rows, levels)
    sections = _sections(scope, rows, levels, items)
    period = _period(scope.period)
    previous = _period(scope.previous) if scope.previous else None
    as_of = as_of or clock.today()
    return ReportModel(
        country=scope.country["iso2"],
        country_name=Bilingual(es=scope.country["name_es"], en=scope.country["name_en"]),
        mechanism=scope.mechanism,
        cycle=scope.cycle,
        period=period,
        previous_period=previous,
        locale=locale,
        working_language=get_settings().locale,
        internal=internal,
        as_of=as_of,
        sections=sections,
        figures=[rules.figures_for(section) for section in sections],
        agencies=_agencies(scope, rows, internal, as_of),
        progress=rules.progress_for(sections, previous.code if previous else None),
        parts=templates.parts_for(scope.mechanism, texts or {}),
        **await civic_parts(report_id, scope.cycle_ids, scope.period),
        roundtables=await roundtable_plans(scope.mechanism),
        issuer=issuer_from(scope.country),
    )


async def _load(scope: Scope, internal: bool) -> dict[str, list[dict[str, Any]]]:
    """One query per kind of row, each filtered by the report's cycles."""
    ids = scope.cycle_ids
    in_scope = Recommendation.cycle.is_in(ids) if ids else Recommendation.id < 0
    tabled = [m["id"] for m in scope.mechanisms if m["code"] in TABLED]
    # An internal report cites all evidence but the rejected; any other follows the public rule
    # (commitments.publicity), sample evidence included: the report marks it.
    evidence_filter = (
        Evidence.verification != Verification.REJECTED if internal else publicity.evidence(samples=True)
    )
    return {
        "recommendations": await _recommendations(in_scope),
        "assignments": await Assignment.select(
            Assignment.id,
            Assignment.recommendation,
            Assignment.role,
            Assignment.due_on,
            Assignment.agency,
            Assignment.agency._.code.as_alias("agency_code"),
            Assignment.agency._.name_es.as_alias("agency_es"),
            Assignment.agency._.name_en.as_alias("agency_en"),
        ).where(Assignment.recommendation._.cycle.is_in(ids) if ids else Assignment.id < 0),
        "responses": await Response.select(
            Response.assignment,
            Response.state,
            Response.actions_taken,
            Response.challenges,
            Response.assistance_needed,
            Response.next_steps,
            Response.target_date,
        ).where(
            (Response.period == scope.period["id"])
            & (Response.assignment._.recommendation._.cycle.is_in(ids) if ids else Response.id < 0)
        ),
        "assessments": await Assessment.select(
            Assessment.id,
            Assessment.recommendation,
            Assessment.source,
            Assessment.level,
            Assessment.narrative,
            Assessment.assessed_at,
            Assessment.period._.code.as_alias("period_code"),
            Assessment.period._.ends_on.as_alias("period_ends_on"),
            Assessment.document._.reference.as_alias("document_reference"),
            Assessment.document._.title.as_alias("document_title"),
            Assessment.document._.kind.as_alias("document_kind"),
            Assessment.document._.issued_on.as_alias("document_issued_on"),
            Assessment.document._.url.as_alias("document_url"),
        ).where(
            (Assessment.recommendation._.cycle.is_in(ids) if ids else Assessment.id < 0)
            & (Assessment.period._.ends_on <= scope.period["ends_on"])
        ),
        "evidence": await Evidence.select(
            Evidence.id,
            Evidence.recommendation,
            Evidence.kind,
            Evidence.title,
            Evidence.evidence_date,
            Evidence.url,
            Evidence.file_name,
            Evidence.file_sha256,
            Evidence.visibility,
            Evidence.verification,
        )
        .where((Evidence.recommendation._.cycle.is_in(ids) if ids else Evidence.id < 0) & evidence_filter)
        .order_by(Evidence.evidence_date)
        .order_by(Evidence.id),
        "links": await _links(ids),
        "levels": await RatingLevel.select(
            *RatingLevel.all_columns(), RatingLevel.scale._.code.as_alias("scale_code")
        )
        .where(RatingLevel.mechanism.is_in([m["id"] for m in scope.mechanisms]))
        .order_by(RatingLevel.position),
        "scales": await Scale.select()
        .where(Scale.mechanism.is_in([m["id"] for m in scope.mechanisms]))
        .order_by(Scale.position)
        .order_by(Scale.id),
        "ogp_values": await Provision.select(Provision.code, Provision.title_es, Provision.title_en).where(
            Provision.mechanism._.code == "OGP"
        ),
        "provisions": []
        if not tabled
        else await Provision.select(
            Provision.mechanism,
            Provision.code,
            Provision.title_es,
            Provision.title_en,
            Provision.group_title_es,
            Provision.group_title_en,
        )
        .where(Provision.mechanism.is_in(tabled))
        .order_by(Provision.position),
        "focal_points": await Membership.select(
            Membership.agency,
            Membership.user._.email.as_alias("email"),
            Membership.user._.display_name.as_alias("display_name"),
        ).where((Membership.role == Role.FOCAL_POINT) & Membership.user._.active.eq(True)),
    }


async def _recommendations(in_scope: Any) -> list[dict[str, Any]]:
    r = Recommendation
    return await r.select(
        r.id,
        r.parent,
        r.code,
        r.reference,
        r.title,
        r.text,
        r.language,
        *(getattr(r, name) for name in TRANSLATION_FIELDS),
        *(getattr(r, name) for name in KIND_FIELDS),
        r.verbatim_status,
        r.kind,
        r.theme,
        r.issued_on,
        r.due_on,
        r.source_title,
        r.source_url,
        r.sample,
        r.cycle.as_alias("cycle_id"),
        r.cycle._.code.as_alias("cycle_code"),
        r.cycle._.mechanism._.code.as_alias("mechanism_code"),
        r.provision._.code.as_alias("provision_code"),
        r.provision._.title_es.as_alias("provision_es"),
        r.provision._.title_en.as_alias("provision_en"),
        r.provision._.group.as_alias("group"),
        r.provision._.position.as_alias("provision_position"),
        r.provision._.group_title_es.as_alias("group_es"),
        r.provision._.group_title_en.as_alias("group_en"),
    ).where(in_scope)


async def _links(cycle_ids: list[int]) -> list[dict[str, Any]]:
    if not cycle_ids:
        return []
    link = RecommendationLink
    return await link.select(
        link.a,
        link.b,
        link.kind,
        link.a._.code.as_alias("a_code"),
        link.b._.code.as_alias("b_code"),
        link.a._.cycle._.mechanism._.code.as_alias("a_mechanism"),
        link.b._.cycle._.mechanism._.code.as_alias("b_mechanism"),
    ).where(link.a._.cycle.is_in(cycle_ids) | link.b._.cycle.is_in(cycle_ids))


def _level(row: dict[str, Any]) -> Level:
    return Level(
        code=row["code"],
        label=Bilingual(es=row["label_es"], en=row["label_en"]),
        state=row["state"],
        progress=row["progress"],
        scale=row["scale_code"] or "",
    )


def _period(row: dict[str, Any]) -> PeriodInfo:
    return PeriodInfo(
        code=row["code"],
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        response_deadline=row["response_deadline"],
    )


def _grouped(rows: list[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _items(scope: Scope, rows: dict[str, list[dict[str, Any]]], levels: dict[int, Level]) -> list[Item]:
    """Every recommendation of the scope as an Item, measures nested under their parent."""
    context = _Context(scope, rows, levels)
    ordered = sorted(rows["recommendations"], key=_order_key)
    ids = {row["id"] for row in ordered}
    children = _grouped(ordered, "parent")

    def build(row: dict[str, Any]) -> Item:
        return context.item(row, [build(child) for child in children.get(row["id"], [])])

    return [build(row) for row in ordered if row["parent"] not in ids]


def _order_key(row: dict[str, Any]) -> tuple[Any, ...]:
    position = row["provision_position"]
    position = position if position is not None else 10**6
    reference = rules.natural_key(row["reference"])
    if row["mechanism_code"] in rules.BY_PROVISION:
        return (position, row["cycle_id"], reference)
    return (row["cycle_id"], position, reference)


class _Context:
    """Rows of one report indexed by recommendation, to build Items without more queries."""

    def __init__(self, scope: Scope, rows: dict[str, list[dict[str, Any]]], levels: dict[int, Level]) -> None:
        self.scope, self.levels = scope, levels
        self.assignments = _grouped(rows["assignments"], "recommendation")
        accepted = [r for r in rows["responses"] if r["state"] == ResponseState.ACCEPTED]
        self.answers = {r["assignment"]: r for r in accepted}
        self.assessments = _grouped(rows["assessments"], "recommendation")
        self.evidence = _grouped(rows["evidence"], "recommendation")
        self._words: dict[tuple[str, str], Bilingual] = {}
        self.values = {
            v["code"]: Named(code=v["code"], name=Bilingual(es=v["title_es"], en=v["title_en"]))
            for v in rows["ogp_values"]
        }
        self.links: dict[int, list[Link]] = defaultdict(list)
        for link in rows["links"]:
            self.links[link["a"]].append(
                Link(code=link["b_code"], mechanism=link["b_mechanism"], kind=link["kind"])
            )
            self.links[link["b"]].append(
                Link(code=link["a_code"], mechanism=link["a_mechanism"], kind=link["kind"])
            )

    def words(self, es: str | None, en: str | None) -> Bilingual:
        """One shared label per pair of words (frozen, so thousands of entries may share it)."""
        key = (es or "", en or "")
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = Bilingual(es=key[0], en=key[1])
        return found

    def item(self, row: dict[str, Any], children: list[Item]) -> Item:
        assignments = sorted(
            self.assignments.get(row["id"], []),
            key=lambda a: (a["role"] != AssignmentRole.LEAD, a["agency_code"]),
        )
        ratings = self.ratings(row["id"])
        before = ratings.self_previous.level if ratings.self_previous else None
        after = ratings.self_current.level if ratings.self_current else None
        return Item(
            code=row["code"],
            reference=row["reference"],
            mechanism=row["mechanism_code"],
            cycle=row["cycle_code"],
            title=row["title"],
            text=row["text"],
            language=row["language"],
            translations=_translations(row),
            verbatim_status=row["verbatim_status"],
            kind=row["kind"],
            rated=kinds.is_rated(row["mechanism_code"], row["kind"]),
            starts_on=row["starts_on"],
            ends_on=row["ends_on"],
            ogp_values=[
                self.values[code] for code in kinds.split_list(row["ogp_values"]) if code in self.values
            ],
            project=row["project"],
            procuring_entity=row["procuring_entity"],
            stage=row["stage"],
            disclosure_rate=row["disclosure_rate"],
            counterpart=row["counterpart"],
            workstreams=kinds.split_list(row["workstreams"]),
            theme=row["theme"],
            provision=row["provision_code"] or "",
            provision_title=self.words(row["provision_es"], row["provision_en"]),
            group=row["group"] or "",
            group_title=self.words(row["group_es"], row["group_en"]),
            issued_on=row["issued_on"],
            due_on=row["due_on"],
            source_title=row["source_title"],
            source_url=row["source_url"],
            sample=row["sample"],
            agencies=[
                AgencyRole(
                    code=a["agency_code"],
                    role=a["role"],
                    name=self.words(a["agency_es"], a["agency_en"]),
                )
                for a in assignments
            ],
            answers=[
                _answer(a["agency_code"], self.answers[a["id"]])
                for a in assignments
                if a["id"] in self.answers
            ],
            ratings=ratings,
            movement=rules.movement(before, after),
            evidence=[_evidence(e) for e in self.evidence.get(row["id"], [])],
            links=sorted(self.links.get(row["id"], []), key=lambda link: link.code),
            children=children,
        )

    def ratings(self, recommendation_id: int) -> Ratings:
        rows = self.assessments.get(recommendation_id, [])
        by_source = {source: [r for r in rows if r["source"] == source] for source in Source}
        previous = self.scope.previous
        previous_end = previous["ends_on"] if previous else None
        current_end = self.scope.period["ends_on"]
        return Ratings(
            self_current=rules.latest_rating(by_source[Source.SELF], current_end, self.levels),
            self_previous=rules.latest_rating(by_source[Source.SELF], previous_end, self.levels),
            reviewer_current=rules.latest_rating(by_source[Source.REVIEWER], current_end, self.levels),
            reviewer_previous=rules.latest_rating(by_source[Source.REVIEWER], previous_end, self.levels),
        )


def _translations(row: dict[str, Any]) -> dict[str, Translation]:
    """The row's translation slots that hold a text (the original's language has none)."""
    return {
        lang: Translation(title=row[title], text=row[text], state=row[state])
        for lang, (title, text, state) in SLOT_FIELDS.items()
        if lang != row["language"] and (row[text] or row[title])
    }


def _answer(agency: str, row: dict[str, Any]) -> Answer:
    return Answer(
        agency=agency,
        actions_taken=row["actions_taken"],
        challenges=row["challenges"],
        assistance_needed=row["assistance_needed"],
        next_steps=row["next_steps"],
        target_date=row["target_date"],
    )


def _evidence(row: dict[str, Any]) -> EvidenceItem:
    return EvidenceItem(
        title=row["title"],
        kind=row["kind"],
        evidence_date=row["evidence_date"],
        url=row["url"],
        file_name=row["file_name"],
        sha256_short=(row["file_sha256"] or "")[:12],
        visibility=row["visibility"],
        verification=row["verification"],
    )


def _sections(
    scope: Scope, rows: dict[str, list[dict[str, Any]]], levels: dict[int, Level], items: list[Item]
) -> list[Section]:
    level_rows, scale_rows = rows["levels"], rows["scales"]
    sections = []
    for mechanism in scope.mechanisms:
        own = [item for item in items if item.mechanism == mechanism["code"]]
        if not own and scope.mechanism == CONSOLIDATED:
            continue  # a consolidated report lists only the mechanisms it has items for
        used = {item.cycle for item in own}
        cycles = [
            c
            for c in scope.cycles
            if c["mechanism"] == mechanism["id"] and (c["code"] in used or scope.cycle)
        ]
        scales = [s for s in scale_rows if s["mechanism"] == mechanism["id"]]
        first = scales[0]["id"] if scales else None
        wanted = {c["scale"] or first for c in cycles} or {first}
        by_id = {s["id"]: s for s in scales}
        sections.append(
            Section(
                mechanism=mechanism["code"],
                name=Bilingual(es=mechanism["name_es"], en=mechanism["name_en"]),
                body=Bilingual(es=mechanism["body_es"], en=mechanism["body_en"]),
                cycles=[_cycle(c, by_id.get(c["scale"] or first)) for c in cycles],
                # The levels of the scales its cycles use (one, but for every cycle of EITI).
                scale=[
                    levels[r["id"]]
                    for s in scales
                    if s["id"] in wanted
                    for r in level_rows
                    if r["scale"] == s["id"]
                ],
                scales=[
                    ScaleInfo(
                        code=s["code"],
                        name=Bilingual(es=s["name_es"], en=s["name_en"]),
                        levels=[levels[r["id"]] for r in level_rows if r["scale"] == s["id"]],
                    )
                    for s in scales
                    if s["id"] in wanted
                ],
                provisions=[
                    ProvisionInfo(
                        code=p["code"],
                        title=Bilingual(es=p["title_es"], en=p["title_en"]),
                        group=Bilingual(es=p["group_title_es"], en=p["group_title_en"]),
                    )
                    for p in rows["provisions"]
                    if p["mechanism"] == mechanism["id"]
                ],
                items=own,
            )
        )
    return sections


def _cycle(row: dict[str, Any], scale: dict[str, Any] | None) -> CycleInfo:
    return CycleInfo(
        code=row["code"],
        name=Bilingual(es=row["name_es"], en=row["name_en"]),
        report_title=row["report_title"] or "",
        report_url=row["report_url"] or "",
        adopted_on=row["adopted_on"],
        scale=scale["code"] if scale else "",
    )


def _agencies(
    scope: Scope, rows: dict[str, list[dict[str, Any]]], internal: bool, as_of: dt.date
) -> list[AgencyFigures]:
    """Per agency: its assignments in the report, answers this period and overdue work."""
    states = {r["assignment"]: r["state"] for r in rows["responses"]}
    focal = _grouped(rows["focal_points"], "agency")
    deadline = scope.period["response_deadline"]
    figures = []
    for agency_id, assigned in sorted(
        _grouped(rows["assignments"], "agency").items(), key=lambda pair: pair[1][0]["agency_code"]
    ):
        answered = [a for a in assigned if states.get(a["id"]) in ANSWERED]
        first = assigned[0]
        figures.append(
            AgencyFigures(
                code=first["agency_code"],
                name=Bilingual(es=first["agency_es"], en=first["agency_en"]),
                assignments=len(assigned),
                lead=sum(a["role"] == AssignmentRole.LEAD for a in assigned),
                answered=len(answered),
                accepted=sum(states.get(a["id"]) == ResponseState.ACCEPTED for a in assigned),
                overdue=sum(
                    rules.is_overdue(a["due_on"], deadline, states.get(a["id"]) in ANSWERED, as_of)
                    for a in assigned
                ),
                focal_points=sorted(filter(None, (_contact(f, internal) for f in focal.get(agency_id, [])))),
            )
        )
    return figures


def _contact(row: dict[str, Any], internal: bool) -> str:
    # Addresses of officials appear only in internal reports; public ones show names.
    name = row["display_name"] if row["display_name"] != row["email"] else ""
    if internal:
        return f"{name} <{row['email']}>" if name else row["email"]
    return name

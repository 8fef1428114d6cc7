"""Who may read what: one predicate per entity, the instance's country always included.

Each predicate turns an Actor into a query condition; services and queries alike filter by it,
so "who may see this evidence" is answered by `evidence()` and nowhere else. Everything here
belongs to the configured country (COMMITMENTS_COUNTRY): a regional body may keep many countries
in one database and each instance sees its own. Shared reference data (mechanisms, their scales
and provisions) belongs to no country. What anyone may read without signing in is decided by
`commitments.publicity`.

Roles (DESIGN §4): the commission (admins, analysts) reads everything of its country; a focal
point reads what is assigned to its agency; a reviewer reads recommendations, statuses, public
evidence and issued reports, never the agencies' work (assignments, responses); a civil-society
member reads what a reviewer reads but reports (published on the portal).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from piccolo.custom_types import Combinable
from piccolo.query import Select
from piccolo.table import Table

from commitments.actor import Actor
from commitments.errors import Forbidden, NotFound
from commitments.i18n import _
from commitments.settings import get_settings
from commitments.tables import (
    Agency,
    Assignment,
    AuditEvent,
    Country,
    Cycle,
    Evidence,
    Membership,
    Organisation,
    Period,
    Recommendation,
    Report,
    Response,
    ReviewDocument,
    Roundtable,
    ScorecardContest,
    ScorecardScore,
    ScorecardYear,
)
from commitments.vocabulary import ReportState, ResponseState, ScorecardState, Visibility

ISSUED = (ReportState.FINAL, ReportState.SENT)


def country() -> Select:
    """The configured country's id, as a subquery (one indexed lookup inside the statement)."""
    return Country.select(Country.id).where(Country.iso2 == get_settings().country)


def _never(table: type[Table]) -> Combinable:
    # A condition no row meets: an id is never null.
    return table._meta.primary_key.is_null()


def _agency_recommendations(actor: Actor) -> Select:
    return Assignment.select(Assignment.recommendation).where(Assignment.agency == actor.agency_id)


def recommendations(actor: Actor) -> Combinable:
    """Recommendations the actor may read: its country's; a focal point's, only its agency's."""
    actor.require_authenticated()
    where: Combinable = Recommendation.country.is_in(country())
    if actor.is_focal_point:
        where &= Recommendation.id.is_in(_agency_recommendations(actor))
    return where


def sees_whole_catalogue(actor: Actor) -> bool:
    """Whether `recommendations(actor)` keeps every recommendation of the country."""
    return not actor.is_focal_point


def _outside_the_work(actor: Actor) -> bool:
    # Reviewers and civil society read statuses, never the agencies' work.
    return actor.is_reviewer or actor.is_civil_society


def assignments(actor: Actor) -> Combinable:
    """Assignments: the commission's country; a focal point its agency's; a reviewer or a
    civil-society member none."""
    actor.require_authenticated()
    if _outside_the_work(actor):
        return _never(Assignment)
    where: Combinable = Assignment.recommendation._.country.is_in(country())
    if actor.is_focal_point:
        where &= Assignment.agency == actor.agency_id
    return where


def responses(actor: Actor) -> Combinable:
    """Agencies' responses, by the same rule as their assignments."""
    actor.require_authenticated()
    if _outside_the_work(actor):
        return _never(Response)
    where: Combinable = Response.assignment._.recommendation._.country.is_in(country())
    if actor.is_focal_point:
        where &= Response.assignment._.agency == actor.agency_id
    return where


def evidence(actor: Actor) -> Combinable:
    """Evidence on recommendations the actor may read: all of it for the commission; public
    evidence for reviewers; for a focal point, public evidence plus what its agency's people
    submitted or attached to its agency's responses."""
    actor.require_authenticated()
    where = Evidence.recommendation._.country.is_in(country())
    if actor.is_commission:
        return where
    # Public evidence attached to an agency's response is seen by others only once that response
    # is submitted: a draft is still the agency's own.
    settled = Evidence.response.is_null() | Evidence.response._.state.is_in(
        [ResponseState.SUBMITTED, ResponseState.ACCEPTED]
    )
    public = (Evidence.visibility == Visibility.PUBLIC) & settled
    if not actor.is_focal_point:
        return where & public
    own_responses = Response.select(Response.id).where(Response.assignment._.agency == actor.agency_id)
    own_people = Membership.select(Membership.user).where(Membership.agency == actor.agency_id)
    return (
        where
        & Evidence.recommendation.is_in(_agency_recommendations(actor))
        & (public | Evidence.response.is_in(own_responses) | Evidence.submitted_by.is_in(own_people))
    )


def may_read_reports(actor: Actor) -> None:
    """Reports are for the commission and reviewers (Forbidden for anyone else)."""
    actor.require_authenticated()
    if not (actor.is_commission or actor.is_reviewer):
        raise Forbidden(_("los informes son para la comisión y los revisores"))


def reports(actor: Actor) -> Combinable:
    """Reports: every one of the country for the commission; for a reviewer the issued ones
    that are not internal (an internal report cites non-public evidence and focal points'
    addresses; a reviewer may not learn that a draft exists)."""
    may_read_reports(actor)
    where: Combinable = Report.country.is_in(country())
    if not actor.is_commission:
        where &= Report.state.is_in(list(ISSUED)) & Report.internal.eq(False)
    return where


def periods(actor: Actor) -> Combinable:
    """Reporting periods of the country, for anyone signed in."""
    actor.require_authenticated()
    return Period.country.is_in(country())


def cycles() -> Combinable:
    """Review cycles of the country (reference data: the portal shows them too)."""
    return Cycle.country.is_in(country())


def review_documents() -> Combinable:
    """Documents the mechanisms issued on the country (public documents: the portal cites them)."""
    return ReviewDocument.country.is_in(country())


def agencies() -> Combinable:
    """Agencies of the country (reference data: the portal names them)."""
    return Agency.country.is_in(country())


def organisations() -> Combinable:
    """Civil-society organisations of the country (the portal names them)."""
    return Organisation.country.is_in(country())


def members() -> Combinable:
    """Memberships of the country: only these users may act in this instance."""
    return Membership.country.is_in(country())


def users(actor: Actor) -> Combinable:
    """Users and their memberships: admins only, their country's."""
    actor.require_admin()
    return members()


def audit_events(actor: Actor) -> Combinable:
    """The audit trail names people and internal work: the commission, its country's events."""
    actor.require_commission()
    return AuditEvent.country == get_settings().country


def roundtables(actor: Actor) -> Combinable:
    """Technical roundtables of the country, for anyone signed in (the public reads them by
    `commitments.publicity.roundtables`)."""
    actor.require_authenticated()
    return Roundtable.country.is_in(country())


def may_change_roundtable(actor: Actor, coordinator_id: int | None) -> None:
    """A roundtable's plan is changed by its coordinator or an admin (by any member of the
    commission while it has no coordinator)."""
    actor.require_commission()
    if may_edit_roundtable(actor, coordinator_id):
        return
    raise Forbidden(_("solo quien coordina la mesa técnica o un administrador puede cambiarla"))


def may_edit_roundtable(actor: Actor, coordinator_id: int | None) -> bool:
    """Whether `may_change_roundtable` lets the actor through (for showing the forms)."""
    return actor.is_commission and (actor.is_admin or coordinator_id in (None, actor.user_id))


# What each role sees of the transparency rating: the commission everything; an agency's focal
# point the years shared for review (its own scores only) and the published ones; a reviewer the
# published years; an anonymous visitor the published years that are not demo samples (the
# public rule, commitments.publicity.scorecard_years).
SHARED_WITH_AGENCIES = (ScorecardState.REVIEW, ScorecardState.PUBLISHED)


def scorecard_years(actor: Actor) -> Combinable:
    """Years of the transparency rating the actor may read."""
    where: Combinable = ScorecardYear.country.is_in(country())
    if actor.is_commission:
        return where
    if actor.is_focal_point:
        return where & ScorecardYear.state.is_in(list(SHARED_WITH_AGENCIES))
    where &= ScorecardYear.state == ScorecardState.PUBLISHED
    return where & ScorecardYear.sample.eq(False) if actor.is_anonymous else where


def scorecard_scores(actor: Actor) -> Combinable:
    """Scores the actor may read: the commission all; a focal point its agency's once shared,
    and every agency's once published; anyone else the published ones."""
    where: Combinable = ScorecardScore.scorecard._.country.is_in(country())
    if actor.is_commission:
        return where
    published = ScorecardScore.scorecard._.state == ScorecardState.PUBLISHED
    if actor.is_focal_point:
        shared = ScorecardScore.scorecard._.state.is_in(list(SHARED_WITH_AGENCIES))
        return where & (published | (shared & (ScorecardScore.agency == actor.agency_id)))
    where &= published
    return where & ScorecardScore.scorecard._.sample.eq(False) if actor.is_anonymous else where


def scorecard_contests(actor: Actor) -> Combinable:
    """Contests: the commission all of its country's; a focal point its agency's; nobody else."""
    actor.require_authenticated()
    where: Combinable = ScorecardContest.scorecard._.country.is_in(country())
    if actor.is_commission:
        return where
    if actor.is_focal_point:
        return where & (ScorecardContest.agency == actor.agency_id)
    return _never(ScorecardContest)


@dataclass(frozen=True)
class Entity:
    """An entity's table, its predicate and what a caller who may not see one is told."""

    table: type[Table]
    visible: Callable[[Actor], Combinable]
    missing: str  # msgid of the NotFound


RECOMMENDATION = Entity(Recommendation, recommendations, _("recomendación no encontrada"))
ASSIGNMENT = Entity(Assignment, assignments, _("asignación no encontrada"))
RESPONSE = Entity(Response, responses, _("respuesta no encontrada"))
EVIDENCE = Entity(Evidence, evidence, _("evidencia no encontrada"))


# Objects found visible within one read that asks the same question several times (a page
# showing a recommendation with its responses, evidence, history and links). Only inside
# `remembering_visibility()`, which a read-only handler wraps around its queries, and for the
# same Actor object; outside it every check asks the database.
_seen: ContextVar[set[tuple[int, str, int]] | None] = ContextVar("policy_seen", default=None)


@contextmanager
def remembering_visibility() -> Iterator[None]:
    """Within the block, an object once found visible to an actor is not looked up again."""
    token = _seen.set(set())
    try:
        yield
    finally:
        _seen.reset(token)


def remember_visible(actor: Actor, entity: Entity, object_id: int) -> None:
    """Record that the caller has just read the object under `entity.visible(actor)`."""
    seen = _seen.get()
    if seen is not None:
        seen.add((id(actor), entity.table._meta.tablename, object_id))


async def ensure_visible(actor: Actor, entity: Entity, object_id: int) -> None:
    """NotFound unless the object exists and the actor may read it (one query, none when
    already found visible inside `remembering_visibility()`)."""
    table = entity.table
    seen = _seen.get()
    if seen is not None and (id(actor), table._meta.tablename, object_id) in seen:
        return
    if not await table.exists().where(table._meta.primary_key == object_id, entity.visible(actor)):
        raise NotFound(entity.missing)
    remember_visible(actor, entity, object_id)


async def ensure_commission_may_change(actor: Actor, entity: Entity, object_id: int) -> None:
    """For a change only the commission may make: a focal point learns nothing of another
    agency's object (404) before being refused (403); for the commission an object outside its
    country does not exist (404)."""
    actor.require_authenticated()
    if actor.is_focal_point:
        await ensure_visible(actor, entity, object_id)
    actor.require_commission()
    await ensure_visible(actor, entity, object_id)

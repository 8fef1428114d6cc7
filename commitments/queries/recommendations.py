"""Listing and reading recommendations, filtered by what the actor may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from piccolo.query import OrderByRaw

from commitments import clock, kinds, policy
from commitments.actor import Actor
from commitments.db import concurrently
from commitments.errors import NotFound
from commitments.i18n import _
from commitments.item_rules import SLOT_FIELDS, TRANSLATION_FIELDS, translation_language
from commitments.kinds import KIND_FIELDS
from commitments.queries import refcache
from commitments.queries.models import (
    AgencyRole,
    LevelOut,
    LinkOut,
    RecommendationDetail,
    RecommendationSummary,
    SearchPage,
    TranslationOut,
)
from commitments.rules import is_overdue, state_of
from commitments.search import (
    count_matches,
    last_word_is_partial,
    matching_ids,
    search_recommendations,
    snippets_for,
)
from commitments.sorting import parse_sort
from commitments.suggest import suggestions
from commitments.tables import Assignment, Recommendation, RecommendationLink
from commitments.vocabulary import AssignmentRole

MAX_PAGE_SIZE = 200
# A search ranks this many matches (40 pages of 25): ranking costs about the same for any
# limit, but fetching and filtering the ranked ids does not. Further matches still count in
# the total and are listed after them, by id.
RANKED = 1_000


def level_columns(level: Any) -> tuple[Any, ...]:
    """A rating level's columns (`level` is a foreign key path to RatingLevel) under the
    aliases `level_out` reads."""
    return (
        level.code.as_alias("level_code"),
        level.label_es.as_alias("level_label_es"),
        level.label_en.as_alias("level_label_en"),
        level.state.as_alias("level_state"),
        level.progress.as_alias("level_progress"),
    )


_SUMMARY_COLUMNS = (
    Recommendation.id,
    Recommendation.code,
    Recommendation.reference,
    Recommendation.title,
    Recommendation.text,
    Recommendation.language,
    Recommendation.theme,
    Recommendation.kind,
    Recommendation.due_on,
    Recommendation.version,
    Recommendation.cycle._.code.as_alias("cycle"),
    Recommendation.cycle._.mechanism._.code.as_alias("mechanism"),
    *level_columns(Recommendation.current_level),
)
# What a detail page adds to a list item, internal and public alike (aliased to the detail
# models' field names).
DETAIL_COLUMNS = (
    Recommendation.cycle.as_alias("cycle_id"),
    *(getattr(Recommendation, name) for name in TRANSLATION_FIELDS),
    *(getattr(Recommendation, name) for name in KIND_FIELDS),
    Recommendation.issued_on,
    Recommendation.source_title,
    Recommendation.source_url,
    Recommendation.verbatim_status,
    Recommendation.parent.as_alias("parent_id"),
    Recommendation.provision._.code.as_alias("provision"),
    Recommendation.provision._.title_es.as_alias("provision_title_es"),
    Recommendation.provision._.title_en.as_alias("provision_title_en"),
    Recommendation.cycle._.name_es.as_alias("cycle_name_es"),
    Recommendation.cycle._.name_en.as_alias("cycle_name_en"),
)


@dataclass(frozen=True)
class RecommendationFilter:
    """What the list can be narrowed by (all optional)."""

    mechanism: str | None = None
    cycle: str | None = None
    agency: str | None = None
    state: str | None = None
    q: str | None = None
    # A column to order by, `-` first for descending (see SORTS); a search ranks best first.
    sort: str | None = None


# The orders a list may be sorted in, by the name the URL carries. Empty dates sort last on both
# engines (their NULL orders differ), then the code breaks ties.
SORTS: dict[str, Any] = {
    "code": Recommendation.code,
    "issued_on": Recommendation.issued_on,
    "due_on": Recommendation.due_on,
    "updated": Recommendation.updated_at,
}


def sort_order(sort: str | None) -> tuple[str, bool]:
    """(column name, ascending) of a sort parameter; unknown names are refused."""
    return parse_sort(sort, SORTS, "code")


def _ordered(query: Any, sort: str | None) -> Any:
    name, ascending = sort_order(sort)
    column = SORTS[name]
    if name != "code":
        query = query.order_by(OrderByRaw(f'"recommendation"."{column._meta.db_column_name}" IS NULL'))
        query = query.order_by(column, ascending=ascending)
        return query.order_by(Recommendation.code)
    return query.order_by(column, ascending=ascending)


async def _conditions(actor: Actor, f: RecommendationFilter) -> list[Any]:
    return [policy.recommendations(actor), *await filter_conditions(f)]


async def filter_conditions(f: RecommendationFilter) -> list[Any]:
    """The filter's narrowing (mechanism, cycle, agency, state) as query conditions; the text
    query `q` is matched by the search index instead (see `matching_page`).

    Codes are turned into ids with the worker's reference data (commitments.queries.refcache),
    so the statement reads only the recommendation and assignment tables and their indexes: a
    join to a reference table leaves the planner guessing how many rows it keeps (PostgreSQL
    holds no statistics for a table too small for autovacuum to analyse), and a wrong guess
    turned a 1 ms count into a 10-30 ms nested loop (bench/RESULTS.md). An unknown code
    matches nothing."""
    conditions: list[Any] = []
    if f.state == "not_assessed":
        conditions.append(Recommendation.current_level.is_null())
    rated = f.state not in (None, "", "not_assessed")
    if not (f.mechanism or f.cycle or f.agency or rated):
        return conditions  # no code to look up: no stamp read
    ref = await refcache.current()
    if f.mechanism:
        conditions.append(_one_of(Recommendation.cycle, [c.id for c in await ref.cycles(f.mechanism)]))
    if f.cycle:
        conditions.append(
            _one_of(Recommendation.cycle, [c.id for c in await ref.cycles() if c.code == f.cycle])
        )
    if f.agency:
        agency = (await ref.agency_ids()).get(f.agency.upper())
        conditions.append(
            Recommendation.id.is_in(
                Assignment.select(Assignment.recommendation).where(Assignment.agency == agency)
            )
            if agency is not None
            else Recommendation.id.is_null()
        )
    if rated:
        conditions.append(_one_of(Recommendation.current_level, await ref.level_ids(f.state or "")))
    return conditions


def _one_of(column: Any, ids: list[int]) -> Any:
    # A condition no row meets when there is nothing to match: an id is never null.
    return column.is_in(ids) if ids else Recommendation.id.is_null()


def _where(query: Any, conditions: list[Any]) -> Any:
    return query.where(*conditions) if conditions else query


async def list_recommendations(
    actor: Actor, f: RecommendationFilter, page: int = 1, page_size: int = 50
) -> SearchPage[RecommendationSummary]:
    """One page of recommendations matching the filter, with level and agencies; with `q`,
    ranked best first with highlighted snippets, and when nothing matches, suggested queries
    among what the actor may see. A fixed number of queries however many rows."""
    sort_order(f.sort)  # an unknown order is refused even where a search ranks the list
    unfiltered = not (f.mechanism or f.cycle or f.agency or f.state)
    whole_country = unfiltered and policy.sees_whole_catalogue(actor)
    found = await matching_page(
        await _conditions(actor, f), f.q, page, page_size, whole_country=whole_country, sort=f.sort
    )
    agencies = await agencies_of([row["id"] for row in found.rows])
    items = [
        summary(row, agencies.get(row["id"], []), found.snippets.get(row["id"], "")) for row in found.rows
    ]
    return found.as_page(SearchPage[RecommendationSummary], items)


EXPORT_LIMIT = 50_000


async def export_rows(actor: Actor, f: RecommendationFilter) -> list[RecommendationSummary]:
    """Every recommendation the list shows with this filter and order (a search: best first),
    up to EXPORT_LIMIT, for a spreadsheet."""
    sort_order(f.sort)
    conditions = await _conditions(actor, f)
    rows: list[dict[str, Any]] = []
    if f.q and f.q.strip():
        page = 1
        while len(rows) < EXPORT_LIMIT:
            found = await matching_page(conditions, f.q, page, MAX_PAGE_SIZE)
            rows += found.rows
            if len(found.rows) < MAX_PAGE_SIZE:
                break
            page += 1
    else:
        rows = list(
            await _ordered(_where(Recommendation.select(*_SUMMARY_COLUMNS), conditions), f.sort).limit(
                EXPORT_LIMIT
            )
        )
    agencies: dict[int, list[AgencyRole]] = {}
    ids = [row["id"] for row in rows]
    for start in range(0, len(ids), 900):
        agencies.update(await agencies_of(ids[start : start + 900]))
    return [summary(row, agencies.get(row["id"], [])) for row in rows]


P = TypeVar("P", bound=SearchPage[Any])


@dataclass(frozen=True)
class FoundPage:
    """One page of recommendation rows, the total, search snippets by id (safe HTML) and, for
    a search that found nothing, suggested queries."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    page_size: int
    snippets: dict[int, str]
    suggestions: tuple[str, ...] = ()

    def as_page(self, page_type: type[P], items: list[Any]) -> P:
        """The API's page of `items` made from these rows, with this page's counts and suggestions."""
        return page_type(
            items=items,
            total=self.total,
            page=self.page,
            page_size=self.page_size,
            suggestions=list(self.suggestions),
        )


async def matching_page(
    conditions: list[Any],
    q: str | None,
    page: int,
    page_size: int,
    columns: tuple[Any, ...] = _SUMMARY_COLUMNS,
    whole_country: bool = False,
    sort: str | None = None,
) -> FoundPage:
    """Rows of `columns` meeting `conditions`, one page: by code, or, with a search query,
    best match first (3 to 6 queries whatever the page size), with suggestions when nothing
    matches (see commitments.suggest: near words the conditions keep, so a suggestion never
    shows a word of a recommendation the caller may not see). `whole_country` says the
    conditions keep every recommendation of the country, which the search index counts alone."""
    page, page_size = max(page, 1), min(max(page_size, 1), MAX_PAGE_SIZE)
    offset = (page - 1) * page_size
    if q is None or not q.strip():
        # The page's ids are chosen first, from the indexes where they cover the filter and
        # the order, and only those rows are read whole (a "deferred join"): on PostgreSQL,
        # 10,000 items, a filtered page went from ~10 to ~2 ms (bench/RESULTS.md).
        chosen = (
            _ordered(_where(Recommendation.select(Recommendation.id), conditions), sort)
            .limit(page_size)
            .offset(offset)
        )
        total, rows = await concurrently(
            _where(Recommendation.count(), conditions),
            _ordered(Recommendation.select(*columns).where(Recommendation.id.is_in(chosen)), sort),
        )
        return FoundPage(rows, total, page, page_size, {})
    # Whether the last word is typed part-way: looked up once for the whole page.
    partial = await last_word_is_partial(q)
    total, shown = await _search_page(conditions, q, offset, page_size, whole_country, partial)
    if not shown:
        offered = await suggestions(q, conditions) if total == 0 else []
        return FoundPage([], total, page, page_size, {}, tuple(offered))
    by_id = {
        row["id"]: row for row in await Recommendation.select(*columns).where(Recommendation.id.is_in(shown))
    }
    rows = [by_id[i] for i in shown if i in by_id]
    return FoundPage(rows, total, page, page_size, await snippets_for(q, shown, partial))


async def _search_page(
    conditions: list[Any], q: str, offset: int, limit: int, whole_country: bool, partial: bool
) -> tuple[int, list[int]]:
    """How many recommendations meet the conditions and match `q`, and the ids of one page:
    the best RANKED matches first, by rank, then any others by id."""
    subquery = await matching_ids(q, partial)
    if subquery is None:
        return 0, []  # nothing searchable in the query (only punctuation, say)
    # The full-text match runs as a subquery next to the filters, so the total stays exact
    # without fetching every matching id (60,000 for a common word in 100,000 rows).
    matching = [*conditions, Recommendation.id.is_in(subquery)]
    total, hits = await concurrently(
        count_matches(q, partial) if whole_country else Recommendation.count().where(*matching),
        search_recommendations(q, RANKED, snippets=False, partial=partial),
    )
    ranked = [hit.id for hit in hits]
    if not whole_country and ranked:  # the ranking is the country's already
        kept = {
            row["id"]
            for row in await Recommendation.select(Recommendation.id).where(
                *conditions, Recommendation.id.is_in(ranked)
            )
        }
        ranked = [i for i in ranked if i in kept]
    shown = ranked[offset : offset + limit]
    if len(shown) < limit and total > len(ranked):  # a page past the ranked ones
        rest = (
            await Recommendation.select(Recommendation.id)
            .where(*matching, *([Recommendation.id.not_in(ranked)] if ranked else []))
            .order_by(Recommendation.id)
            .offset(max(0, offset - len(ranked)))
            .limit(limit - len(shown))
        )
        shown += [row["id"] for row in rest]
    return total, shown


async def agencies_of(recommendation_ids: list[int]) -> dict[int, list[AgencyRole]]:
    """Assigned agencies per recommendation, lead first (one query)."""
    if not recommendation_ids:
        return {}
    rows = (
        await Assignment.select(
            Assignment.recommendation,
            Assignment.agency._.code.as_alias("agency"),
            Assignment.role,
            Assignment.state,
            Assignment.due_on,
        )
        .where(Assignment.recommendation.is_in(recommendation_ids))
        .order_by(Assignment.id)
    )
    today = clock.today()
    result: dict[int, list[AgencyRole]] = {}
    for row in sorted(rows, key=lambda r: r["role"] != AssignmentRole.LEAD):
        result.setdefault(row["recommendation"], []).append(
            AgencyRole(
                agency=row["agency"],
                role=row["role"],
                state=row["state"],
                due_on=row["due_on"],
                overdue=is_overdue(row["due_on"], row["state"], today),
            )
        )
    return result


def level_out(row: dict[str, Any], prefix: str = "level_") -> LevelOut | None:
    """A level from aliased columns, or None when there is none."""
    if row.get(f"{prefix}code") is None:
        return None
    return rated_level(row, prefix)


def rated_level(row: dict[str, Any], prefix: str = "level_") -> LevelOut:
    """The level of a row that always has one (an assessment's), from aliased columns."""
    return LevelOut(
        code=row[f"{prefix}code"],
        label_es=row[f"{prefix}label_es"],
        label_en=row[f"{prefix}label_en"],
        state=row[f"{prefix}state"],
        progress=row[f"{prefix}progress"],
    )


def summary(row: dict[str, Any], agencies: list[AgencyRole], snippet: str = "") -> RecommendationSummary:
    """A list item from a row of _SUMMARY_COLUMNS (with a search snippet, safe HTML)."""
    level = level_out(row)
    state = state_of(level.state if level else None)
    return RecommendationSummary.model_validate(
        {**row, "state": state, "level": level, "agencies": agencies, "snippet": snippet}
    )


async def get_recommendation(actor: Actor, recommendation_id: int) -> RecommendationDetail:
    """One recommendation with its source, provision, family, agencies and links."""
    conditions = [Recommendation.id == recommendation_id, policy.recommendations(actor)]
    row = (
        await Recommendation.select(*_SUMMARY_COLUMNS, *DETAIL_COLUMNS, Recommendation.sample)
        .where(*conditions)
        .first()
    )
    if not row:
        raise NotFound(_("recomendación no encontrada"))
    policy.remember_visible(actor, policy.RECOMMENDATION, recommendation_id)
    agencies = (await agencies_of([recommendation_id])).get(recommendation_id, [])
    assignments = await Assignment.select(Assignment.id, Assignment.agency._.code.as_alias("agency")).where(
        Assignment.recommendation == recommendation_id, policy.assignments(actor)
    )
    return RecommendationDetail.model_validate(
        {
            **row,
            **summary(row, agencies).model_dump(),
            **await _family(recommendation_id, row["parent_id"]),
            **translations_of(row),
            "provision_title_es": row["provision_title_es"] or "",
            "provision_title_en": row["provision_title_en"] or "",
            "assignment_ids": {a["agency"]: a["id"] for a in assignments},
            "rated": kinds.is_rated(row["mechanism"], row["kind"]),
        }
    )


def translations_of(row: dict[str, Any]) -> dict[str, Any]:
    """A row's translation slots (all but its original language's) and, for scripts that read
    the older single slot, `text_translated`."""
    slots = {
        lang: TranslationOut(title=row[title], text=row[text], state=row[state])
        for lang, (title, text, state) in SLOT_FIELDS.items()
        if lang != row["language"]
    }
    legacy = slots.get(translation_language(row["language"]))
    return {"translations": slots, "text_translated": legacy.text if legacy else ""}


async def _family(recommendation_id: int, parent_id: int | None) -> dict[str, Any]:
    columns = (Recommendation.id, Recommendation.code, Recommendation.title)
    parent = None
    if parent_id:
        row = await Recommendation.select(*columns).where(Recommendation.id == parent_id).first()
        if row:  # a parent cannot be deleted while a child points at it (restrict)
            parent = LinkOut(id=row["id"], code=row["code"], kind="parent", title=row["title"])
    children = (
        await Recommendation.select(*columns)
        .where(Recommendation.parent == recommendation_id)
        .order_by(Recommendation.code)
    )
    return {
        "parent": parent,
        "children": [LinkOut(id=c["id"], code=c["code"], kind="child", title=c["title"]) for c in children],
    }


async def links_of(actor: Actor, recommendation_id: int) -> list[LinkOut]:
    """Recommendations linked to this one (either side of the pair)."""
    await policy.ensure_visible(actor, policy.RECOMMENDATION, recommendation_id)
    rows = await RecommendationLink.select(
        RecommendationLink.kind,
        RecommendationLink.a._.id.as_alias("a_id"),
        RecommendationLink.a._.code.as_alias("a_code"),
        RecommendationLink.a._.title.as_alias("a_title"),
        RecommendationLink.b._.id.as_alias("b_id"),
        RecommendationLink.b._.code.as_alias("b_code"),
        RecommendationLink.b._.title.as_alias("b_title"),
    ).where((RecommendationLink.a == recommendation_id) | (RecommendationLink.b == recommendation_id))
    links = []
    for row in rows:
        side = "b" if row["a_id"] == recommendation_id else "a"
        links.append(
            LinkOut(
                id=row[f"{side}_id"], code=row[f"{side}_code"], kind=row["kind"], title=row[f"{side}_title"]
            )
        )
    return links

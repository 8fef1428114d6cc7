"""Reference data kept per worker: mechanisms, cycles, scales' levels, agencies, periods and
review documents, which pages read on every request and which change rarely.

Correct with any number of workers and hosts: the table `reference_stamp` holds one value that
database triggers change in the same transaction as any insert, update or delete of those tables
(migration 2026-12-06T19:40, whoever writes: a service, an import, the seeds, a restore or SQL
by hand). A request reads the stamp first (one primary-key lookup, only when it needs reference
data) and uses the worker's copy only if it was loaded under that same stamp; otherwise it loads
afresh. So a worker never serves reference data older than a write committed before the request
read the stamp, on this worker or any other. Data loaded after the stamp is at least as new as
the stamp (it may include a later write; the next request then sees a new stamp and reloads).
The stamp is random, not a counter: two databases (copies of one template, a restored backup)
cannot share a stamp with different contents, and a write rolled back leaves its stamp unseen.

Chosen over a time-to-live (serves stale data for its length) and over the head of the audit
chain (not every write of these tables is an audited service call: imports, seeds and
migrations write them too). Values are shared between requests: callers must not change them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from piccolo.querystring import QueryString

from commitments.actor import Actor
from commitments.db import engine
from commitments.queries import reference
from commitments.queries.models import (
    AgencyOut,
    CycleOut,
    LevelOut,
    MechanismOut,
    PeriodOut,
    ReviewDocumentOut,
)
from commitments.settings import get_settings

T = TypeVar("T")

# (engine, country) -> (stamp, values by key). An engine and a country keep their own copies,
# since tests (and a process that switches databases) run one after another in one process.
_copies: dict[tuple[int, str], tuple[int, dict[Any, Any]]] = {}


async def read_stamp() -> int:
    """The reference data's current stamp (one indexed query)."""
    rows = await engine().run_querystring(QueryString('SELECT "stamp" FROM "reference_stamp" WHERE "id" = 1'))
    return int(rows[0]["stamp"]) if rows else 0


class Reference:
    """Reference data as of one stamp; each value is loaded at most once per stamp and worker."""

    def __init__(self, values: dict[Any, Any]) -> None:
        self._values = values

    async def _get(self, key: Any, load: Callable[[], Awaitable[T]]) -> T:
        if key not in self._values:
            self._values[key] = await load()
        value = self._values[key]
        return list(value) if isinstance(value, list) else value  # type: ignore[return-value]

    async def mechanisms(self) -> list[MechanismOut]:
        return await self._get("mechanisms", reference.list_mechanisms)

    async def cycles(self, mechanism: str | None = None) -> list[CycleOut]:
        code = (mechanism or "").upper() or None
        return await self._get(("cycles", code), lambda: reference.list_cycles(code))

    async def cycle_levels(self, cycle_id: int) -> list[LevelOut]:
        return await self._get(("cycle_levels", cycle_id), lambda: reference.cycle_levels(cycle_id))

    async def agencies(self, active_only: bool = False) -> list[AgencyOut]:
        return await self._get(("agencies", active_only), lambda: reference.list_agencies(active_only))

    async def agency_ids(self) -> dict[str, int]:
        return await self._get("agency_ids", reference.agency_ids)

    async def level_ids(self, state: str) -> list[int]:
        by_state = await self._get("level_ids", reference.level_ids_by_state)
        return list(by_state.get(state, ()))

    async def periods(self, actor: Actor) -> list[PeriodOut]:
        actor.require_authenticated()  # policy.periods: the same list for anyone signed in
        return await self._get("periods", lambda: reference.list_periods(actor))

    async def review_documents(self, mechanism: str | None = None) -> list[ReviewDocumentOut]:
        code = (mechanism or "").upper() or None
        return await self._get(("review_documents", code), lambda: reference.list_review_documents(code))


# The reference data already checked within one read (see `one_check`), by engine and country.
_checked: ContextVar[dict[tuple[int, str], Reference] | None] = ContextVar("refcache_checked", default=None)


@contextmanager
def one_check() -> Iterator[None]:
    """Within the block, the stamp is read once: a read-only page whose parts each need
    reference data (the list's filters, then its drop-downs) checks it once, not once per part.
    Only around reads: a write inside the block would not be seen by a later part."""
    token = _checked.set({})
    try:
        yield
    finally:
        _checked.reset(token)


async def current() -> Reference:
    """This worker's reference data, checked against the database's stamp now (once per
    `one_check` block)."""
    key = (id(engine()), get_settings().country)
    checked = _checked.get()
    if checked is not None and key in checked:
        return checked[key]
    # The stamp is read before any value is loaded, so a value stored under it is never older.
    stamp = await read_stamp()
    copy = _copies.get(key)
    if copy is None or copy[0] != stamp:
        copy = (stamp, {})
        _copies[key] = copy
    found = Reference(copy[1])
    if checked is not None:
        checked[key] = found
    return found


def forget() -> None:
    """Drop every copy (tests; never needed for correctness)."""
    _copies.clear()

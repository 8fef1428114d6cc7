"""Database engine selection: SQLite (embedded default) or PostgreSQL (production)."""

from __future__ import annotations

import asyncio
import fcntl
import os
import re
import sqlite3
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import aiosqlite
from piccolo.columns import Column
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, dict_factory

from commitments.errors import Conflict, is_integrity_error
from commitments.i18n import _
from commitments.settings import Settings

# Each connection gets these. WAL lets readers run beside one writer; synchronous=FULL makes
# an acknowledged commit survive a power cut; the busy timeout makes a second writer wait.
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = FULL",
    "PRAGMA busy_timeout = 30000",
)


class DurableSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine with the pragmas above on every connection, and a pool of open
    connections for statements outside transactions.

    Piccolo opens a connection (and a thread) per query; reusing idle ones removes ~2 ms from
    every query. Connections are in autocommit mode, so a pooled one never holds a transaction.
    """

    POOL_SIZE = 8
    WRITER_WAIT = 30.0  # as long as the busy timeout

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._idle: list[aiosqlite.Connection] = []
        # One line per event loop (tests run several), one lock file per process (a forked
        # child must not share its parent's open file, or flock would not tell them apart).
        self._writer_lines: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._writer_file: tuple[int, int] | None = None

    def queued_write_transaction(self) -> QueuedWriteTransaction:
        """An IMMEDIATE transaction taken in turn (see QueuedWriteTransaction)."""
        return QueuedWriteTransaction(self)

    async def take_writer_turn(self) -> Callable[[], None]:
        """Wait for this writer's turn: first in this process (an asyncio lock, first come
        first served), then among processes (an exclusive `flock` on `<database>-writer.lock`,
        polled every few milliseconds, so a cancelled wait leaves nothing behind). Returns the
        function that ends the turn. `database is locked` after WRITER_WAIT seconds."""
        line = self._writer_lines.setdefault(asyncio.get_running_loop(), asyncio.Lock())
        await line.acquire()
        try:
            if self._writer_file is None or self._writer_file[0] != os.getpid():
                fd = os.open(f"{self.path}-writer.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
                self._writer_file = (os.getpid(), fd)
            fd = self._writer_file[1]
            await _take_file_lock(fd, self.WRITER_WAIT)
        except BaseException:
            line.release()
            raise

        def end_turn() -> None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            line.release()

        return end_turn

    async def borrow(self) -> aiosqlite.Connection:
        """An open connection from the idle pool, or a new one."""
        return self._idle.pop() if self._idle else await self.get_connection()

    async def give_back(self, connection: aiosqlite.Connection, healthy: bool = True) -> None:
        """Return a connection (outside any transaction) to the pool, or close it."""
        if healthy and len(self._idle) < self.POOL_SIZE:
            self._idle.append(connection)
        else:
            await connection.close()

    async def get_connection(self) -> aiosqlite.Connection:
        connection = aiosqlite.connect(**self.connection_kwargs)
        # aiosqlite's worker thread is not a daemon: an idle pooled connection must not keep
        # the process alive at exit.
        connection._thread.daemon = True
        await connection
        connection.row_factory = dict_factory  # type: ignore[assignment]
        for pragma in SQLITE_PRAGMAS:
            await connection.execute(pragma)
        return connection

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        connection = await self.borrow()
        try:
            async with connection.execute(query, args or []) as cursor:
                rows = await cursor.fetchall()
        except sqlite3.DatabaseError:
            await connection.close()
            raise
        await self.give_back(connection)
        return rows


class QueuedWriteTransaction(SQLiteTransaction):
    """Piccolo's IMMEDIATE transaction, but on a pooled connection and begun only in turn
    (`DurableSQLiteEngine.take_writer_turn`): the connection is opened before the wait, so
    the turn lasts just the transaction, and writers queue in line instead of on SQLite's busy
    handler, which polls with growing sleeps and lets newcomers overtake a writer that has
    waited for seconds."""

    def __init__(self, engine: DurableSQLiteEngine) -> None:
        from piccolo.engine.sqlite import TransactionType

        super().__init__(engine, transaction_type=TransactionType.immediate)
        self.pool = engine
        self.end_turn: Callable[[], None] | None = None

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        self.connection = await self.pool.borrow()
        try:
            self.end_turn = await self.pool.take_writer_turn()
            await self.begin()
        except BaseException:
            if self.end_turn:
                self.end_turn()
            await self.pool.give_back(self.connection, healthy=False)
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        healthy = False
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
            healthy = True
        finally:
            if self.end_turn:
                self.end_turn()
            await self.pool.give_back(self.connection, healthy=healthy)
            self.engine.current_transaction.reset(self.context)
        return exception is None


async def _take_file_lock(fd: int, seconds: float) -> None:
    """An exclusive flock on fd, retried every 1–5 ms; `database is locked` after `seconds`."""
    deadline = asyncio.get_running_loop().time() + seconds
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if asyncio.get_running_loop().time() > deadline:
                raise sqlite3.OperationalError("database is locked") from None
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.005)


def by_name(values: Mapping[str, Any]) -> dict[Column | str, Any]:
    """Column values keyed by column name, as Piccolo's `update()` takes them."""
    return {name: value for name, value in values.items()}


def enable_wal(path: str) -> None:
    """Switch the SQLite file to WAL mode (persistent in the file; done once at start)."""
    with sqlite3.connect(path, timeout=30) as connection:
        connection.execute("PRAGMA journal_mode = WAL")


def sqlite_path(url: str) -> str:
    """The file path of a sqlite:/// URL."""
    return url.removeprefix("sqlite:///")


def make_engine(settings: Settings) -> Engine:
    """Build the Piccolo engine the settings ask for."""
    url = settings.resolved_database_url
    if url.startswith("sqlite:///"):
        path = sqlite_path(url)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        enable_wal(path)
        return DurableSQLiteEngine(path=path, timeout=30)
    parsed = urlparse(url)
    if parsed.scheme in ("postgres", "postgresql"):
        return PostgresEngine(config={"dsn": url.replace("postgres://", "postgresql://", 1)})
    raise ValueError(f"unsupported database URL {url!r}: use sqlite:///PATH or postgresql://...")


async def _keep_session(connection: Any) -> None:
    """What a pooled PostgreSQL connection needs on its way back to the pool: nothing more than
    asyncpg does anyway (roll back a transaction left open). Its default also sends RESET ALL,
    CLOSE ALL, UNLISTEN * and pg_advisory_unlock_all(), one more round trip after every query,
    for session state this code never leaves behind (settings are SET LOCAL, advisory locks
    are transaction locks, nothing LISTENs on these pools)."""


async def start_pool(db: PostgresEngine, min_size: int, max_size: int) -> None:
    """Open the process's bounded asyncpg pool (without one, Piccolo connects per query)."""
    await db.start_connection_pool(min_size=min_size, max_size=max_size, reset=_keep_session)


def engine() -> Engine:
    """The engine Piccolo's tables use (from PICCOLO_CONF)."""
    from commitments.tables import Country

    return Country._meta.db


def is_postgres_engine(db: Engine | None = None) -> bool:
    """Whether the active engine is PostgreSQL."""
    return (db or engine()).engine_type == "postgres"


def write_transaction() -> Any:
    """A transaction for read-then-write work.

    On SQLite it is IMMEDIATE: it takes the write lock at BEGIN, so two such transactions queue
    instead of failing with SQLITE_BUSY when the reader upgrades to writer, and they queue in
    line (QueuedWriteTransaction). Nested calls join the outer transaction.
    """
    db = engine()
    if isinstance(db, DurableSQLiteEngine) and db.current_transaction.get() is None:
        return db.queued_write_transaction()
    if isinstance(db, SQLiteEngine):
        from piccolo.engine.sqlite import TransactionType

        return db.transaction(transaction_type=TransactionType.immediate)
    return db.transaction()


@asynccontextmanager
async def writing() -> AsyncIterator[None]:
    """One unit of work: a write transaction whose integrity errors become `Conflict`."""
    try:
        async with write_transaction():
            yield
    except Exception as exc:
        if is_integrity_error(exc):
            raise Conflict(_("el cambio choca con un registro existente")) from exc
        raise


async def migrate() -> int:
    """Apply pending migrations; return how many ran."""
    return await migrate_to(None)


async def migrate_to(migration_id: str | None) -> int:
    """Apply pending migrations up to `migration_id` (None: all); return how many ran."""
    import os

    os.environ.setdefault("PICCOLO_CONF", "commitments.piccolo_conf")
    import contextlib
    import io

    from piccolo.apps.migrations.commands.forwards import run_forwards

    applied = await applied_migrations()
    if migration_id is not None and migration_id in applied:
        return 0
    if migration_id is None and set(known_migrations()) <= set(applied):
        return 0  # up to date: every command starts with this check, so it stays cheap
    before = len(applied)
    with contextlib.redirect_stdout(io.StringIO()):  # Piccolo prints progress for its own CLI
        result = await run_forwards(app_name="commitments", migration_id=migration_id or "all", fake=False)
    if not result.success:
        raise RuntimeError(f"migration failed: {result.message}")
    if migration_id is None or migration_id == max(known_migrations()):
        while _after_migrations:
            async with writing():
                await _after_migrations.pop(0)()
    return len(await applied_migrations()) - before


# Work a migration asks for once every pending migration has run: code of this version (the
# search index's, say) cannot run against the schema of a migration part-way through.
_after_migrations: list[Callable[[], Awaitable[None]]] = []


def after_migrations(work: Callable[[], Awaitable[None]]) -> None:
    """Run `work` (once) in a write transaction when the schema is whole."""
    if work not in _after_migrations:
        _after_migrations.append(work)


async def applied_migrations() -> list[str]:
    """IDs of the migrations applied to the database (empty if none)."""
    from piccolo.apps.migrations.tables import Migration

    if not await Migration.table_exists():
        return []
    rows = await Migration.select(Migration.name).where(Migration.app_name == "commitments")
    return [row["name"] for row in rows]


# A migration's file is named after its ID: commitments_2026_12_06t22_20_00_000000.py holds
# ID "2026-12-06T22:20:00:000000" (tests/test_model_and_seeds.py checks every file).
_MIGRATION_FILE = re.compile(r"^commitments_(\d{4})_(\d{2})_(\d{2})t(\d{2})_(\d{2})_(\d{2})_(\d{6})$")


def known_migrations() -> list[str]:
    """IDs of the migrations shipped with this version, read from their file names (importing
    every migration to read its ID cost each command ~0.15 s at start); a file named otherwise
    is imported."""
    import importlib
    import pkgutil

    from commitments import piccolo_migrations

    ids = []
    for info in pkgutil.iter_modules(piccolo_migrations.__path__):
        named = _MIGRATION_FILE.match(info.name)
        if named:
            ids.append("{}-{}-{}T{}:{}:{}:{}".format(*named.groups()))
        else:
            ids.append(importlib.import_module(f"commitments.piccolo_migrations.{info.name}").ID)
    return sorted(ids)


async def pending_migrations() -> list[str]:
    """Migrations shipped but not yet applied."""
    applied = set(await applied_migrations())
    return [m for m in known_migrations() if m not in applied]


async def concurrently(*queries: Any) -> list[Any]:
    """Run independent read queries at once, each on its own pooled connection.

    Inside a transaction they share one connection, which (asyncpg) refuses concurrent use, so
    there they run one after another.
    """
    import asyncio

    if engine().current_transaction.get() is not None:
        return [await query for query in queries]
    return list(await asyncio.gather(*queries))

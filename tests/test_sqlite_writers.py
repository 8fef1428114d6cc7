"""On SQLite, write transactions take turns: first come first served within a process, one
process at a time through a lock file, a cancelled wait leaves nothing behind, and a writer
that never gets its turn fails with `database is locked` instead of hanging."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from commitments.db import DurableSQLiteEngine, engine

pytestmark = pytest.mark.engine_independent


@pytest.fixture
def sqlite_engine() -> DurableSQLiteEngine:
    db = engine()
    if not isinstance(db, DurableSQLiteEngine):
        pytest.skip("the writers' queue is SQLite's (PostgreSQL has row locks)")
    return db


def _holder(path: str, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the writers' lock file for `seconds`."""
    code = textwrap.dedent(
        f"""
        import fcntl, os, sys, time
        fd = os.open({path!r} + "-writer.lock", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        print("held", flush=True)
        time.sleep({seconds})
        """
    )
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


async def test_writers_in_one_process_go_in_the_order_they_asked(sqlite_engine):
    order: list[int] = []

    async def writer(n: int) -> None:
        await asyncio.sleep(n * 0.002)  # ask in order 0, 1, 2, …
        end = await sqlite_engine.take_writer_turn()
        order.append(n)
        await asyncio.sleep(0.005)
        end()

    await asyncio.gather(*(writer(n) for n in range(20)))
    assert order == list(range(20))


async def test_another_process_holding_the_lock_makes_writers_wait_then_go(sqlite_engine):
    holder = _holder(sqlite_engine.path, 0.5)
    loop = asyncio.get_running_loop()
    started = loop.time()
    end = await sqlite_engine.take_writer_turn()
    waited = loop.time() - started
    end()
    holder.wait(timeout=10)
    assert 0.3 < waited < 5, waited


async def test_a_cancelled_wait_leaves_the_line_free(sqlite_engine):
    holder = _holder(sqlite_engine.path, 0.4)
    waiter = asyncio.create_task(sqlite_engine.take_writer_turn())
    await asyncio.sleep(0.1)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    end = await asyncio.wait_for(sqlite_engine.take_writer_turn(), timeout=10)
    end()
    holder.wait(timeout=10)


async def test_a_writer_that_never_gets_its_turn_is_told_the_database_is_locked(sqlite_engine, monkeypatch):
    holder = _holder(sqlite_engine.path, 1.5)
    monkeypatch.setattr(sqlite_engine, "WRITER_WAIT", 0.2)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await sqlite_engine.take_writer_turn()
    holder.wait(timeout=10)
    end = await sqlite_engine.take_writer_turn()  # the line was not left taken
    end()

"""The PostgreSQL pool the server and the worker open (commitments.db.start_pool) skips
asyncpg's reset query on release; a connection must still come back without a transaction left
open by whoever had it, and without the rows that transaction wrote."""

from __future__ import annotations

import pytest
from piccolo.engine.postgres import PostgresEngine

from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.postgres


@pytest.fixture
async def pool_engine():
    if not TEST_DATABASE_URL:
        pytest.skip("needs PostgreSQL: set COMMITMENTS_TEST_DATABASE_URL (CI's PostgreSQL pass runs it)")
    from commitments.db import start_pool

    db = PostgresEngine(config={"dsn": TEST_DATABASE_URL})
    await start_pool(db, min_size=1, max_size=1)  # one connection: every acquire gets the same one
    await db._run_in_pool("CREATE TABLE IF NOT EXISTS pool_probe (n INTEGER)")
    try:
        yield db
    finally:
        await db._run_in_pool("DROP TABLE IF EXISTS pool_probe")
        await db.close_connection_pool()


async def test_a_connection_left_in_a_transaction_comes_back_rolled_back(pool_engine) -> None:
    pool = pool_engine.pool
    async with pool.acquire() as connection:
        backend = await connection.fetchval("SELECT pg_backend_pid()")
        await connection.execute("BEGIN")
        await connection.execute("INSERT INTO pool_probe (n) VALUES (1)")
        await connection.execute("SET LOCAL statement_timeout = '1234ms'")
    async with pool.acquire() as connection:
        assert await connection.fetchval("SELECT pg_backend_pid()") == backend
        assert not connection.is_in_transaction()
        assert await connection.fetchval("SELECT count(*) FROM pool_probe") == 0
        assert await connection.fetchval("SHOW statement_timeout") != "1234ms"


async def test_a_released_connection_gets_no_reset_query(pool_engine) -> None:
    import asyncpg

    async with pool_engine.pool.acquire() as connection:
        backend = await connection.fetchval("SELECT pg_backend_pid()")
    await pool_engine._run_in_pool("SELECT 41 + 1")
    observer = await asyncpg.connect(TEST_DATABASE_URL)
    try:
        # The backend's last statement: the query itself, not asyncpg's RESET ALL after it.
        last = await observer.fetchval("SELECT query FROM pg_stat_activity WHERE pid = $1", backend)
    finally:
        await observer.close()
    assert last == "SELECT 41 + 1", last

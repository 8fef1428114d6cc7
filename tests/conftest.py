"""Test setup: a scratch database (SQLite by default, PostgreSQL when
COMMITMENTS_TEST_DATABASE_URL names one), migrated and seeded once; every test runs inside a
transaction that is rolled back, so tests never see each other's writes.

Time: the clock starts at TEST_NOW in this process and in every subprocess a test starts.

The cast: an admin, an analyst, the MINFIN focal point, the SAT focal point (who must never see
MINFIN's work), a reviewer, members of two civil-society organisations and an anonymous visitor.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="commitments-tests-"))
os.environ["COMMITMENTS_DATA_DIR"] = str(_TMP / "data")
os.environ["COMMITMENTS_SECRET_KEY"] = "test-secret-key-0123456789abcdef0123456789"
os.environ.pop("COMMITMENTS_REDIS_URL", None)
os.environ.pop("COMMITMENTS_QUEUE_URL", None)  # jobs run in-process unless a test configures a queue
os.environ["COMMITMENTS_LOCALE"] = "es"
os.environ["COMMITMENTS_COUNTRY"] = "GT"
os.environ.pop("COMMITMENTS_TIMEZONE", None)
# Every test, and every command or server a test starts, reads time through the project's
# clock, started at this instant. CI runs the suite a second time with the clock a year after
# the day it runs (COMMITMENTS_TEST_NOW), so a test that only passes on one date fails there.
TEST_NOW = os.environ.get("COMMITMENTS_TEST_NOW") or "2026-11-25T10:00:00-06:00"
os.environ["COMMITMENTS_CLOCK_AT"] = TEST_NOW
TEST_DATABASE_URL = os.environ.get("COMMITMENTS_TEST_DATABASE_URL", "")
if TEST_DATABASE_URL:
    os.environ["COMMITMENTS_DATABASE_URL"] = TEST_DATABASE_URL
else:
    os.environ.pop("COMMITMENTS_DATABASE_URL", None)
os.environ["PICCOLO_CONF"] = "commitments.piccolo_conf"

import pytest  # noqa: E402

from commitments.actor import ANONYMOUS, SYSTEM, Actor  # noqa: E402
from commitments.db import engine, migrate  # noqa: E402
from commitments.settings import get_settings  # noqa: E402
from tests.cast import CAST, PASSWORD  # noqa: E402


def pytest_sessionfinish(session, exitstatus) -> None:
    from tests.clirun import drop_demo_templates

    drop_demo_templates()


def _check_engine() -> None:
    db = engine()
    if TEST_DATABASE_URL:
        assert db.engine_type == "postgres", "tests must run on the test PostgreSQL database"
        assert db.config["dsn"].endswith(TEST_DATABASE_URL.rsplit("/", 1)[-1])
    else:
        assert str(db.path).startswith(str(_TMP)), f"tests must not touch {db.path}"


@pytest.fixture(scope="session")
async def seeded() -> dict[str, Actor]:
    """Migrate, load the seeds and create the cast once for the whole session."""
    from commitments.reference import load_reference
    from commitments.services.users import actor_for_user, create_user
    from commitments.tables import User

    _check_engine()
    await migrate()
    await load_reference()
    cast: dict[str, Actor] = {}
    for name, (email, role, group) in CAST.items():
        row = await User.select(User.id).where(User.email == email).first()
        # A focal point's group is its agency; a civil-society member's, its organisation.
        where = (None, "", group) if role == "civil_society" else (group,)
        user_id = row["id"] if row else await create_user(SYSTEM, email, PASSWORD, role, *where)
        actor = await actor_for_user(user_id)
        assert actor is not None
        cast[name] = actor
    cast["anonymous"] = ANONYMOUS
    return cast


@pytest.fixture
async def db(seeded: dict[str, Actor]):
    """A transaction around the test, rolled back afterwards."""
    transaction = engine().transaction()
    await transaction.__aenter__()
    try:
        yield seeded
    finally:
        await transaction.rollback()
        await transaction.__aexit__(None, None, None)


@pytest.fixture
def cast(db: dict[str, Actor]) -> dict[str, Actor]:
    """The named actors, inside the per-test transaction."""
    return db


@pytest.fixture
def settings():
    return get_settings()


@pytest.fixture
def tmp_data_dir() -> Path:
    return _TMP


@pytest.fixture
def cli_env(tmp_path: Path):
    """Environment for CLI subprocesses: a fresh SQLite data dir, or a scratch PostgreSQL DB."""
    from tests.clirun import base_env, drop_postgres, scratch_postgres

    url = scratch_postgres(TEST_DATABASE_URL) if TEST_DATABASE_URL else None
    try:
        yield base_env(tmp_path / "data", url)
    finally:
        if url:
            drop_postgres(url)


@pytest.fixture
async def client(db):
    """An HTTP client calling the app in this test's event loop and transaction."""
    import httpx

    from server.app import create_app

    app = create_app(manage_pool=False, render_inline=True)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http

"""At most one reporting period is open per country: opening a second one is refused with the
name of the open one (service, API, page), and two commission members opening two periods at
the same moment never leave both open (a unique index holds it)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from commitments.errors import Conflict
from commitments.schemas import PeriodIn
from commitments.services.periods import create_period, set_open
from commitments.tables import Period
from tests.clirun import call, run_cli, served, user_token
from tests.test_pages_helpers import world_fixture  # noqa: F401  (provides `world`)
from tests.web import csrf, login


def _period(code: str, year: int) -> PeriodIn:
    return PeriodIn(
        code=code,
        starts_on=f"{year}-01-01",
        ends_on=f"{year}-06-30",
        response_deadline=f"{year}-07-01",
    )


async def test_a_second_open_period_is_refused_by_name_and_closing_the_first_allows_it(cast):
    analyst = cast["analyst"]
    await create_period(analyst, _period("2050-S1", 2050), open_now=True)
    await create_period(analyst, _period("2050-S2", 2050))
    with pytest.raises(Conflict) as refused:
        await set_open(analyst, "2050-S2", True)
    assert refused.value.params == {"code": "2050-S1"}
    with pytest.raises(Conflict):
        await create_period(analyst, _period("2051-S1", 2051), open_now=True)
    assert not await Period.exists().where(Period.code == "2051-S1")  # nothing half-written
    await set_open(analyst, "2050-S1", False)
    await set_open(analyst, "2050-S2", True)
    assert [p["code"] for p in await Period.select(Period.code).where(Period.is_open.eq(True))] == ["2050-S2"]


async def test_the_api_answers_409_in_the_callers_language(client, cast):
    await create_period(cast["analyst"], _period("2052-S1", 2052), open_now=True)
    await create_period(cast["analyst"], _period("2052-S2", 2052))
    await login(client, "analyst")
    refused = await client.patch("/api/v1/periods/2052-S2?lang=en", json={"open": True}, headers=csrf(client))
    assert refused.status_code == 409
    assert "2052-S1 is still open" in refused.json()["detail"], refused.json()


async def test_the_periods_page_explains_instead_of_switching(client, cast):
    await create_period(cast["analyst"], _period("2053-S1", 2053), open_now=True)
    await create_period(cast["analyst"], _period("2053-S2", 2053))
    await login(client, "analyst")
    await client.get("/periods")
    page = await client.post("/periods/2053-S2/open", data={"_csrf_token": client.cookies.get("csrftoken")})
    assert page.status_code == 409
    assert "el periodo 2053-S1 sigue abierto" in page.text
    assert not await Period.exists().where((Period.code == "2053-S2") & Period.is_open.eq(True))


def _patch(base: str, token: str, code: str, is_open: bool) -> int:
    body = json.dumps({"open": is_open}).encode()
    return call(base, token, "PATCH", f"/api/v1/periods/{code}", body, "application/json")[0]


def _create(base: str, token: str, code: str, year: int) -> None:
    body = json.dumps(_period(code, year).model_dump(mode="json")).encode()
    assert call(base, token, "POST", "/api/v1/periods", body, "application/json")[0] == 201


def test_a_hundred_races_to_open_two_periods_leave_one_open(cli_env):
    env = {**cli_env, "COMMITMENTS_SECRET_KEY": "one-open-race-0123456789abcdef0123456789abcdef"}
    assert run_cli(env, "init").returncode == 0
    token = user_token(env, "periods.race@test.gt", "analyst")
    with served(env, "--workers", "2") as base, ThreadPoolExecutor(max_workers=2) as pool:
        for round_ in range(100):
            year = 2100 + round_
            codes = [f"{year}-S1", f"{year}-S2"]
            for code in codes:
                _create(base, token, code, year)
            answers = sorted(pool.map(_patch, [base] * 2, [token] * 2, codes, [True, True]))
            assert answers == [200, 409], (round_, answers)
            for code in codes:
                assert _patch(base, token, code, False) == 200


async def test_work_left_in_a_closed_period_stays_in_the_inbox_of_its_agency_only(client, world):
    from commitments.schemas import ResponseIn, ReviewIn
    from commitments.services.responses import review_response, save_response
    from tests.test_pages_helpers import get_page, page_login

    analyst, minfin, sat = (await _actors()).values()
    await save_response(
        minfin, world.minfin_assignment, ResponseIn(period=world.period, actions_taken="Borrador")
    )
    sent = await save_response(
        sat, world.sat_assignment, ResponseIn(period=world.period, actions_taken="Hecho", submit=True)
    )
    await review_response(analyst, sent.id, ReviewIn(decision="return", comment="Falta el acta firmada"))
    await set_open(analyst, world.period, False)
    await create_period(analyst, _period("2031-S1", 2031), open_now=True)

    await page_login(client, "minfin")
    inbox = await get_page(client, "/inbox")
    rows = inbox.rows("unfinished")
    assert len(rows) == 1 and rows[0][0].endswith("PAGES-MINFIN") and rows[0][1] == world.period, rows
    await page_login(client, "sat")
    rows = (await get_page(client, "/inbox?lang=en")).rows("unfinished")
    assert len(rows) == 1 and world.period in rows[0][1] and "Falta el acta firmada" in rows[0][2], rows
    assert "Unfinished in closed periods" in (await client.get("/inbox?lang=en")).text


async def _actors():
    from commitments.services.users import actor_for_user
    from commitments.tables import User
    from tests.cast import CAST

    found = {}
    for who in ("analyst", "minfin", "sat"):
        row = await User.select(User.id).where(User.email == CAST[who][0]).first()
        found[who] = await actor_for_user(row["id"])
    return found

"""Reference data cached per worker (commitments/queries/refcache.py) is never older than a
committed write: the next request on the same worker and a request to another server see it."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.request

from commitments.queries import refcache
from commitments.schemas import RecommendationIn
from commitments.services.recommendations import create_recommendation
from tests.clirun import call, run_cli, served, user_token
from tests.web import csrf, login

AGENCY = {"code": "CACHEX", "name_es": "Agencia de la caché"}
CYCLE = {"mechanism": "OGP", "code": "CACHE-CYCLE", "name": "Ciclo de la caché"}
PERIOD = {
    "code": "2091-S1",
    "starts_on": "2091-01-01",
    "ends_on": "2091-06-30",
    "response_deadline": "2091-07-15",
}


async def test_a_write_is_seen_by_the_next_request_of_the_same_worker(client, cast):
    rec = await create_recommendation(
        cast["analyst"], RecommendationIn(mechanism="OGP", cycle="AP3", reference="RC-1", text="t")
    )
    await login(client, "admin")
    listed, detail, reports = "/recommendations", f"/recommendations/{rec}", "/reports"
    # Loaded into the cache first, so what follows must replace the cached copies.
    for path in (listed, detail, reports):
        page = (await client.get(path)).text
        assert "CACHEX" not in page and "CACHE-CYCLE" not in page and "2091-S1" not in page

    assert (await client.post("/api/v1/agencies", json=AGENCY, headers=csrf(client))).status_code == 201
    assert 'value="CACHEX"' in (await client.get(listed)).text
    assert 'value="CACHEX"' in (await client.get(detail)).text  # the assign form: active agencies

    assert (await client.post("/api/v1/cycles", json=CYCLE, headers=csrf(client))).status_code == 201
    assert "CACHE-CYCLE" in (await client.get(listed)).text
    assert "CACHE-CYCLE" in (await client.get(reports)).text

    assert (await client.post("/api/v1/periods", json=PERIOD, headers=csrf(client))).status_code == 201
    assert "2091-S1" in (await client.get(reports)).text

    deactivated = await client.patch("/api/v1/agencies/CACHEX", json={"active": False}, headers=csrf(client))
    assert deactivated.status_code == 200, deactivated.text
    assert 'value="CACHEX"' not in (await client.get(detail)).text  # no longer active


async def test_the_stamp_changes_with_every_write_of_reference_data(cast):
    from commitments.schemas import AgencyIn
    from commitments.services.agencies import create_agency

    before = await refcache.read_stamp()
    await create_agency(cast["admin"], AgencyIn(code="STAMPX", name_es="Sello"))
    after = await refcache.read_stamp()
    assert after != before


def _session(base: str, email: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    body = json.dumps({"email": email, "password": "correct horse battery"}).encode()
    request = urllib.request.Request(
        base + "/api/v1/auth/login", data=body, headers={"Content-Type": "application/json"}
    )
    assert opener.open(request, timeout=30).status == 200
    return opener


def _page(opener: urllib.request.OpenerDirector, url: str) -> str:
    with opener.open(url, timeout=30) as response:
        return response.read().decode()


def test_a_write_on_one_server_is_seen_at_once_by_another(cli_env):
    env = {**cli_env, "COMMITMENTS_SECRET_KEY": "refcache-two-servers-0123456789abcdef0123456789"}
    assert run_cli(env, "init").returncode == 0
    token = user_token(env, "cache.admin@test.gt", "admin")
    with served(env) as first, served(env) as second:
        # Sessions live in the shared data dir (or database): one sign-in serves both.
        browser = _session(second, "cache.admin@test.gt")
        for base in (first, second):
            assert "CACHEX" not in _page(browser, base + "/recommendations")
            assert "2091-S1" not in _page(browser, base + "/reports")

        def post(path: str, body: dict[str, str]) -> None:
            sent = call(first, token, "POST", path, json.dumps(body).encode(), "application/json")
            assert sent[0] == 201, sent

        post("/api/v1/agencies", AGENCY)
        assert 'value="CACHEX"' in _page(browser, second + "/recommendations")
        post("/api/v1/cycles", CYCLE)
        assert "CACHE-CYCLE" in _page(browser, second + "/recommendations")
        post("/api/v1/periods", PERIOD)
        assert "2091-S1" in _page(browser, second + "/reports")

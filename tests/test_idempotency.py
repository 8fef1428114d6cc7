"""A retried write after a lost answer does not happen twice: the same Idempotency-Key from the
same caller replays the first answer."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from commitments.actor import SYSTEM
from commitments.services.users import create_token
from commitments.tables import Evidence, Period, Recommendation
from tests.clirun import call, init_demo, multipart, served, user_token
from tests.web import csrf, login


async def _rec() -> int:
    row = (
        await Recommendation.select(Recommendation.id).where(Recommendation.code == "OGP-AP3-GT0079").first()
    )
    return row["id"]


async def test_a_retried_upload_with_the_same_key_creates_one_evidence_row(client, cast):
    bearer = {"Authorization": f"Bearer {await create_token(SYSTEM, 'analista@test.gt')}"}
    url = f"/api/v1/recommendations/{await _rec()}/evidence"
    files = {"file": ("acta.pdf", b"%PDF-1.4 acta idempotente")}
    before = await Evidence.count()
    first = await client.post(
        url, headers={**bearer, "Idempotency-Key": "upload-1"}, files=files, data={"title": "Acta"}
    )
    again = await client.post(
        url, headers={**bearer, "Idempotency-Key": "upload-1"}, files=files, data={"title": "Acta"}
    )
    assert first.status_code == 201 and again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert await Evidence.count() == before + 1
    other = await client.post(
        url, headers={**bearer, "Idempotency-Key": "upload-2"}, files=files, data={"title": "Acta"}
    )
    assert other.status_code == 201 and await Evidence.count() == before + 2


async def test_a_key_reused_for_another_request_is_refused(client, cast):
    bearer = {"Authorization": f"Bearer {await create_token(SYSTEM, 'analista@test.gt')}"}
    period = {
        "code": "2041-S1",
        "starts_on": "2041-01-01",
        "ends_on": "2041-06-30",
        "response_deadline": "2041-07-01",
    }
    key = {**bearer, "Idempotency-Key": "period-1"}
    assert (await client.post("/api/v1/periods", headers=key, json=period)).status_code == 201
    changed = await client.post("/api/v1/periods", headers=key, json={**period, "code": "2041-S2"})
    assert changed.status_code == 422
    assert not await Period.exists().where(Period.code == "2041-S2")


async def test_the_same_key_from_another_caller_is_another_request(client, cast):
    period = {
        "code": "2042-S1",
        "starts_on": "2042-01-01",
        "ends_on": "2042-06-30",
        "response_deadline": "2042-07-01",
    }
    analyst = {
        "Authorization": f"Bearer {await create_token(SYSTEM, 'analista@test.gt')}",
        "Idempotency-Key": "k",
    }
    admin = {"Authorization": f"Bearer {await create_token(SYSTEM, 'admin@test.gt')}", "Idempotency-Key": "k"}
    assert (await client.post("/api/v1/periods", headers=analyst, json=period)).status_code == 201
    second = await client.post("/api/v1/periods", headers=admin, json=period)
    assert second.status_code == 409 and "idempotent-replayed" not in second.headers  # really ran: duplicate


async def test_a_refused_write_is_replayed_too_and_a_browser_session_has_keys(client, cast):
    await login(client, "minfin")
    headers = {**csrf(client), "Idempotency-Key": "refused-1"}
    first = await client.post("/api/v1/periods", headers=headers, json={"code": "x"})
    again = await client.post("/api/v1/periods", headers=headers, json={"code": "x"})
    assert first.status_code == again.status_code and again.headers.get("idempotent-replayed") == "true"


async def test_a_malformed_key_is_400(client, cast):
    bearer = {"Authorization": f"Bearer {await create_token(SYSTEM, 'analista@test.gt')}"}
    response = await client.post("/api/v1/periods", headers={**bearer, "Idempotency-Key": "x" * 201}, json={})
    assert response.status_code == 400


def _call(base: str, token: str, path: str, key: str = "", form: dict[str, str] | None = None):
    """(status, JSON) of a GET, or of a multipart POST of `form` with a fresh random boundary."""
    if form is None:
        status, body = call(base, token, "GET", path)
    else:
        data, content_type = multipart(form)  # each retry a new boundary, as real clients do
        status, body = call(base, token, "POST", path, data, content_type, {"Idempotency-Key": key})
    return status, json.loads(body) if status < 400 else None


def test_a_hundred_bursts_of_one_key_each_add_one_evidence_link(cli_env):
    """Each round sends one evidence link five times at once, as a client that retried too
    eagerly. Nothing in the data forbids two equal links, so only the key keeps it to one row."""
    env = {**cli_env, "COMMITMENTS_SECRET_KEY": "idempotency-race-0123456789abcdef0123456789abcdef"}
    assert init_demo(env).returncode == 0
    token = user_token(env, "race@test.gt", "analyst")
    with served(env) as base:
        status, page = _call(base, token, "/api/v1/recommendations?page_size=1")
        assert status == 200 and page["items"], page
        rec = page["items"][0]["id"]
        path = f"/api/v1/recommendations/{rec}/evidence"
        before = len(_call(base, token, path)[1])
        answers: list[int] = []
        with ThreadPoolExecutor(max_workers=5) as pool:
            for round_ in range(100):
                form = {
                    "title": f"Enlace {round_}",
                    "kind": "link",
                    "url": f"https://example.org/acta/{round_}",
                }
                burst = pool.map(
                    _call, [base] * 5, [token] * 5, [path] * 5, [f"round-{round_}"] * 5, [form] * 5
                )
                answers += [status for status, _body in burst]
        assert set(answers) <= {201, 409}, sorted(set(answers))
        titles = [e["title"] for e in _call(base, token, path)[1]]
        assert len(titles) - before == 100 and len(set(titles)) == len(titles), len(titles) - before

"""Typed work is never lost: drafts save themselves, a draft may be incomplete, several files
go in one save, and a form posted after the session expired opens again after signing in."""

from __future__ import annotations

import re

import httpx

from commitments.tables import Evidence, Response
from tests.test_pages_helpers import (  # noqa: F401  (world_fixture provides `world`)
    World,
    get_page,
    page_login,
    token,
    world_fixture,
)
from tests.test_pages_workflow import answer

PDF = b"%PDF-1.4\n% a test document\n"


async def _autosave(client: httpx.AsyncClient, assignment: int, **fields: str) -> httpx.Response:
    files = {k: (None, v) for k, v in fields.items()}
    files["_csrf_token"] = (None, token(client))
    return await client.post(f"/inbox/{assignment}/draft", files=files)


async def test_the_page_saves_a_draft_by_itself_and_keeps_versions_straight(client, world: World):
    await page_login(client, "minfin")
    first = await _autosave(client, world.minfin_assignment, challenges="Falta presupuesto")
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 1
    assert re.match(r"Borrador guardado a las \d\d:\d\d GMT-06:00", first.json()["message"])
    second = await _autosave(
        client, world.minfin_assignment, challenges="Falta presupuesto y personal", version="1"
    )
    assert second.json()["version"] == 2
    stale = await _autosave(client, world.minfin_assignment, challenges="Otra", version="1")
    assert (
        stale.status_code == 409
        and "Otra persona" in stale.json()["detail"]
        or "otra persona" in stale.json()["detail"]
    )
    saved = await Response.select(Response.challenges, Response.actions_taken, Response.state).first()
    assert saved == {"challenges": "Falta presupuesto y personal", "actions_taken": "", "state": "draft"}
    client.cookies.set("lang", "en")
    english = await _autosave(client, world.minfin_assignment, challenges="x", version="2")
    assert english.json()["message"].startswith("Draft saved at ")


async def test_autosave_never_reaches_another_agencys_work(client, world: World):
    await page_login(client, "sat")
    refused = await _autosave(client, world.minfin_assignment, challenges="intruso")
    assert refused.status_code == 404 and refused.headers["content-type"].startswith("application/json")
    assert not await Response.exists()


async def test_a_draft_may_leave_every_field_empty_and_take_several_files(client, world: World):
    await page_login(client, "minfin")
    empty = await answer(client, world.minfin_assignment, "draft")
    assert empty.status_code == 303
    files = [
        ("file", ("acta.pdf", PDF, "application/pdf")),
        ("file", ("oficio.pdf", PDF + b"2", "application/pdf")),
        ("action", (None, "draft")),
        ("_csrf_token", (None, token(client))),
    ]
    both = await client.post(f"/inbox/{world.minfin_assignment}", files=files)
    assert both.status_code == 303, both.text
    names = sorted(
        r["file_name"]
        for r in await Evidence.select(Evidence.file_name).where(Evidence.response.is_not_null())
    )
    assert names == ["acta.pdf", "oficio.pdf"]
    form = await get_page(client, f"/inbox/{world.minfin_assignment}")
    assert "multiple" in form.doc.one("input", name="file").attrs
    assert "required" not in form.doc.one("textarea", name="actions_taken").attrs


async def test_a_form_posted_after_the_session_expired_opens_again_after_signing_in(client, world: World):
    await page_login(client, "minfin")
    csrf_token = token(client)
    client.cookies.delete("session")  # the server forgot it (idle timeout)
    files = {
        "actions_taken": (None, "Texto largo que no debe perderse 4417"),
        "challenges": (None, "Sin personal"),
        "action": (None, "draft"),
        "_csrf_token": (None, csrf_token),
    }
    expired = await client.post(f"/inbox/{world.minfin_assignment}", files=files)
    assert expired.status_code in (302, 303)
    target = expired.headers["location"]
    assert target.startswith("/login?next=") and "expired=1" in target
    login_page = await client.get(target)
    assert "Lo que escribió se guardó" in login_page.text
    await page_login(client, "minfin")
    from urllib.parse import parse_qs, urlparse

    back = parse_qs(urlparse(target).query)["next"][0]
    assert back.startswith(f"/inbox/{world.minfin_assignment}?restore=")
    restored = await get_page(client, back)
    assert restored.doc.one("textarea", name="actions_taken").text == "Texto largo que no debe perderse 4417"
    assert restored.doc.one("textarea", name="challenges").text == "Sin personal"
    assert "Recuperamos lo que escribió" in restored.response.text
    assert not await Response.exists()  # nothing saved until the person saves it
    again = await get_page(client, back)  # given back once
    assert again.doc.one("textarea", name="actions_taken").text == ""
    assert "Recuperamos" not in again.response.text

"""The finish of the pages: errors in the page's language, language links that work after a
form, and an activity list in words with links."""

from __future__ import annotations

from commitments.schemas import AssignmentIn
from commitments.services.assignments import assign
from tests.test_pages_helpers import (  # noqa: F401  (world_fixture provides `world`)
    World,
    get_page,
    page_login,
    token,
    world_fixture,
)


async def test_framework_errors_read_in_the_pages_language(client, world: World):
    await page_login(client, "analyst")
    missing = await client.get("/no-such-page")
    assert missing.status_code == 404 and "No encontramos esta página" in missing.text
    assert "Not Found" not in missing.text
    english = await client.get("/no-such-page?lang=en")
    assert "Not Found" not in english.text and 'lang="en"' in english.text
    wrong_method = await client.get("/users/1/active")
    assert wrong_method.status_code == 405
    assert (
        "Esta dirección no admite esa acción" in wrong_method.text
        and "Method Not Allowed" not in wrong_method.text
    )
    bad_query = await client.get("/recommendations?page=0")
    assert bad_query.status_code == 400 and "Validation failed" not in bad_query.text


async def test_the_language_switch_after_a_refused_form_goes_to_the_forms_page(client, world: World):
    await page_login(client, "admin")
    refused = await client.post(
        "/users",
        data={"email": "x@test.gt", "role": "reviewer", "password": "123", "_csrf_token": token(client)},
        headers={"Referer": "http://testserver/users"},
    )
    assert refused.status_code == 422
    assert 'href="/users?lang=en"' in refused.text
    assert (await client.get("/users?lang=en")).status_code == 200


async def test_the_activity_list_names_things_in_words_with_links(client, cast, world: World):
    await assign(cast["analyst"], world.sat_rec, AssignmentIn(agency="MINFIN", role="support"))
    await page_login(client, "analyst")
    page = await get_page(client, "/")
    activity = page.doc.one("ol", cls="activity")
    assert "(assignment" not in activity.text and "asignación" in activity.text
    links = [a.attrs["href"] for a in activity.all("a")]
    assert any(href.startswith("/inbox/") for href in links)
    english = await get_page(client, "/?lang=en")
    assert "assignment" in english.doc.one("ol", cls="activity").text


def test_every_table_in_the_templates_is_wrapped_so_phones_never_scroll_sideways():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    unwrapped = []
    for template in sorted(root.glob("*.html")):
        text = template.read_text("utf-8")
        if text.count("<table") != text.count('class="table-wrap"'):
            unwrapped.append(template.name)
    assert not unwrapped, f"tables outside a .table-wrap: {unwrapped}"


async def test_an_applied_import_result_has_its_own_address(client, world: World):
    await page_login(client, "analyst")
    missing = await client.get("/imports/result/abcdefghijklmnopqrstuvwx")
    assert missing.status_code == 404 and "ya no se conserva" in missing.text
    await page_login(client, "minfin")
    assert (await client.get("/imports/result/abcdefghijklmnopqrstuvwx")).status_code == 403

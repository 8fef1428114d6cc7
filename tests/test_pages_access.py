"""Who may open which page: anonymous visitors go to login, other agencies' work is 404,
forms without the CSRF token are refused, and SAT never sees MINFIN's work."""

from __future__ import annotations

import pytest

from tests.test_pages_helpers import (  # noqa: F401  (world_fixture provides `world`)
    MINFIN_TEXT,
    World,
    forget_failed_logins,
    get_page,
    page_login,
    token,
    world_fixture,
)

PAGES = ["/", "/recommendations", "/inbox", "/review", "/periods", "/users"]


async def test_anonymous_visitors_are_sent_to_login_from_every_page(client, world: World):
    paths = [
        *PAGES,
        f"/recommendations/{world.minfin_rec}",
        f"/inbox/{world.minfin_assignment}",
        "/recommendations?mechanism=OGP",
    ]
    for path in paths:
        response = await client.get(path)
        assert response.status_code in (302, 303), path
        assert response.headers["location"].startswith("/login?next=/"), path
    page = await get_page(client, "/login?next=/inbox")
    assert page.doc.one("input", name="next").attrs["value"] == "/inbox"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""]
)
async def test_login_never_returns_to_another_site(client, cast, target):
    page = await get_page(client, f"/login?next={target}")
    assert page.doc.one("input", name="next").attrs["value"] == "/"
    response = await client.post(
        "/login",
        data={
            "email": "minfin@test.gt",
            "password": "correct horse battery",
            "next": target,
            "_csrf_token": token(client),
        },
    )
    assert response.status_code == 303 and response.headers["location"] == "/"


async def test_login_with_a_good_password_goes_to_the_page_asked_for(client, cast):
    await get_page(client, "/login")
    response = await client.post(
        "/login",
        data={
            "email": "minfin@test.gt",
            "password": "correct horse battery",
            "next": "/inbox",
            "_csrf_token": token(client),
        },
    )
    assert response.status_code == 303 and response.headers["location"] == "/inbox"
    page = await get_page(client, "/inbox")
    assert "minfin@test.gt" in page.doc.one("header").text


async def test_login_with_a_wrong_password_says_so_in_the_page_language(client, cast):
    await get_page(client, "/login?lang=en")
    response = await client.post(
        "/login", data={"email": "nobody@test.gt", "password": "wrong password", "_csrf_token": token(client)}
    )
    assert response.status_code == 401
    assert "Wrong email or password." in response.text
    # The throttle counts failures for 15 minutes: leave none behind for other tests.
    await forget_failed_logins("nobody@test.gt")


async def test_logout_ends_the_session(client, cast):
    await page_login(client, "minfin")
    response = await client.post("/logout", data={"_csrf_token": token(client)})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert (await client.get("/inbox")).status_code in (302, 303)


async def test_a_form_post_without_the_csrf_token_is_refused(client, world: World):
    await page_login(client, "minfin")
    response = await client.post(
        f"/inbox/{world.minfin_assignment}", files={"actions_taken": (None, "x"), "action": (None, "draft")}
    )
    assert response.status_code == 403
    response = await client.post("/logout", data={})
    assert response.status_code == 403


async def test_focal_point_gets_404_for_another_agencys_assignment_and_recommendation(client, world: World):
    await page_login(client, "sat")
    await get_page(client, f"/inbox/{world.minfin_assignment}", 404)
    page = await get_page(client, f"/recommendations/{world.minfin_rec}", 404)
    assert page.h1 == "Error 404"
    response = await client.post(
        f"/inbox/{world.minfin_assignment}",
        files={"actions_taken": (None, "x"), "action": (None, "draft"), "_csrf_token": (None, token(client))},
    )
    assert response.status_code == 404


async def test_focal_point_may_not_open_commission_pages(client, world: World):
    await page_login(client, "minfin")
    for path in ("/review", "/periods", "/users", f"/recommendations/{world.minfin_rec}/edit"):
        await get_page(client, path, 403)


async def test_reviewer_reads_but_has_no_forms_to_change_things(client, world: World):
    await page_login(client, "reviewer")
    page = await get_page(client, f"/recommendations/{world.minfin_rec}")
    actions = [f.attrs.get("action", "") for f in page.forms()]
    assert actions == ["/logout"]
    assert "Respuestas de las instituciones" not in page.headings()


async def test_sat_focal_point_sees_none_of_minfins_work_on_any_page(client, world: World):
    await page_login(client, "minfin")
    response = await client.post(
        f"/inbox/{world.minfin_assignment}",
        files={
            "actions_taken": (None, "Acción secreta de MINFIN 7731"),
            "action": (None, "submit"),
            "file": ("oficio-minfin-7731.pdf", b"%PDF-1.4 minfin", "application/pdf"),
            "_csrf_token": (None, token(client)),
        },
    )
    assert response.status_code == 303, response.text[:400]
    await page_login(client, "sat")
    secrets = ("7731", "PAGES-MINFIN", MINFIN_TEXT[:40], f"/inbox/{world.minfin_assignment}")
    for path in [
        *PAGES,
        "/recommendations?q=Finanzas",
        "/recommendations?agency=MINFIN",
        "/recommendations?q=PAGES",
        f"/recommendations/{world.sat_rec}",
        f"/inbox/{world.sat_assignment}",
        "/?lang=en",
        "/inbox?lang=en",
    ]:
        response = await client.get(path)
        assert response.status_code in (200, 403), path
        for secret in secrets:
            assert secret not in response.text, (path, secret)

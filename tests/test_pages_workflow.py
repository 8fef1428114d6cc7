"""The daily work through the pages' plain forms (no JavaScript): answer, review, resubmit,
accept; concurrent edits; the analyst's forms; periods and users."""

from __future__ import annotations

import httpx

from commitments.tables import Assessment, Evidence, Response
from tests.report_helpers import document_id
from tests.test_pages_helpers import (  # noqa: F401  (world_fixture provides `world`)
    Page,
    World,
    get_page,
    page_login,
    parse,
    token,
    world_fixture,
)

PDF = b"%PDF-1.4\n% a test document\n"


async def answer(client: httpx.AsyncClient, assignment: int, action: str, **fields: object) -> httpx.Response:
    """Post the response form as a browser would (multipart, token in a field)."""
    files: dict[str, object] = {k: (None, str(v)) for k, v in fields.items() if k != "file"}
    if "file" in fields:
        files["file"] = fields["file"]
    files.update(action=(None, action), _csrf_token=(None, token(client)))
    return await client.post(f"/inbox/{assignment}", files=files)


async def post_form(client: httpx.AsyncClient, path: str, **fields: str) -> httpx.Response:
    return await client.post(path, data={**fields, "_csrf_token": token(client)})


async def test_answer_return_resubmit_accept_through_the_pages(client, world: World):
    await page_login(client, "minfin")
    response = await answer(
        client,
        world.minfin_assignment,
        "submit",
        actions_taken="Se publicó el portal.",
        proposed_level="substantial",
        file=("oficio.pdf", PDF, "application/pdf"),
    )
    assert response.status_code == 303 and response.headers["location"] == "/inbox"
    inbox = await get_page(client, "/inbox")
    assert "Respuesta enviada a la comisión." in inbox.doc.one("p", cls="notice").text
    row = next(r for r in inbox.rows("inbox") if "OGP" in r[0] and "PAGES-MINFIN" in r[0])
    assert "Enviada" in row[4]

    await page_login(client, "analyst")
    queue = await get_page(client, "/review")
    item = queue.doc.one("article", cls="review-item")
    response_id = int(item.attrs["id"].split("-")[1])
    refused = await post_form(client, f"/review/{response_id}", decision="return", comment="")
    assert refused.status_code == 422
    assert "indique por qué se devuelve la respuesta" in refused.text
    returned = await post_form(
        client, f"/review/{response_id}", decision="return", comment="Adjunte el acta de publicación."
    )
    assert returned.status_code == 303

    await page_login(client, "minfin")
    form = await get_page(client, f"/inbox/{world.minfin_assignment}")
    assert "Adjunte el acta de publicación." in form.doc.one("div", cls="returned").text
    assert "Devuelta" in form.badges()
    assert [li.text for li in form.doc.one("section", aria_labelledby="attached-heading").all("li")]
    version = form.doc.one("input", name="version").attrs["value"]
    response = await answer(
        client,
        world.minfin_assignment,
        "submit",
        version=version,
        actions_taken="Se publicó el portal y el acta.",
        proposed_level="substantial",
    )
    assert response.status_code == 303

    await page_login(client, "analyst")
    accepted = await post_form(client, f"/review/{response_id}", decision="accept", level="substantial")
    assert accepted.status_code == 303
    assert (await Response.select(Response.state).where(Response.id == response_id).first())[
        "state"
    ] == "accepted"
    detail = await get_page(client, f"/recommendations/{world.minfin_rec}")
    assert "Avance sustancial" in detail.doc.one("p", cls="status-line").text
    board = await get_page(client, "/")
    ogp = board.doc.one("tr", data_mechanism="OGP")
    assert ogp.one("td", data_state="substantial").text != "0"


async def test_saving_a_stale_response_says_someone_else_changed_it(client, world: World):
    await page_login(client, "minfin")
    await answer(client, world.minfin_assignment, "draft", actions_taken="Primera versión")
    form = await get_page(client, f"/inbox/{world.minfin_assignment}")
    version = form.doc.one("input", name="version").attrs["value"]
    await answer(client, world.minfin_assignment, "draft", version=version, actions_taken="Colega")
    stale = await answer(client, world.minfin_assignment, "draft", version=version, actions_taken="Mía")
    assert stale.status_code == 409
    page = Page(stale, parse(stale.text))
    assert "Otra persona modificó este registro" in page.doc.one("div", role="alert").text
    assert page.doc.one("textarea", name="actions_taken").text == "Mía"
    saved = await Response.select(Response.actions_taken).first()
    assert saved["actions_taken"] == "Colega"


async def test_a_refused_file_leaves_the_draft_usable(client, world: World):
    await page_login(client, "minfin")
    refused = await answer(
        client,
        world.minfin_assignment,
        "submit",
        actions_taken="Hecho",
        file=("virus.pdf", b"MZ\x90\x00binary", "application/pdf"),
    )
    assert refused.status_code == 415
    assert "no se acepta este tipo de archivo" in refused.text
    assert not await Response.exists()


async def test_submitting_without_actions_marks_the_field(client, world: World):
    await page_login(client, "minfin")
    refused = await answer(client, world.minfin_assignment, "submit", actions_taken="", target_date="mañana")
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in refused.text
    assert "Escriba una fecha válida (AAAA-MM-DD)." in refused.text


async def test_stale_recommendation_edit_answers_409_with_a_clear_message(client, world: World):
    await page_login(client, "analyst")
    edit = await get_page(client, f"/recommendations/{world.sat_rec}/edit")
    version = edit.doc.one("input", name="version").attrs["value"]
    fields = {"text": "Texto nuevo", "title": "Uno", "version": version}
    assert (await post_form(client, f"/recommendations/{world.sat_rec}/edit", **fields)).status_code == 303
    stale = await post_form(client, f"/recommendations/{world.sat_rec}/edit", **{**fields, "title": "Dos"})
    assert stale.status_code == 409
    assert "Otra persona modificó este registro" in stale.text
    assert "Cargar la versión actual" in stale.text


async def test_analyst_assigns_assesses_adds_and_verifies_evidence(client, world: World):
    await page_login(client, "analyst")
    base = f"/recommendations/{world.sat_rec}"
    assert (
        await post_form(client, f"{base}/assignments", agency="MINFIN", role="support")
    ).status_code == 303
    duplicate = await post_form(client, f"{base}/assignments", agency="MINFIN", role="support")
    assert duplicate.status_code == 409 and "ya está asignada" in duplicate.text
    document = str(await document_id("OGP"))
    for source, level, cited in (("self", "limited", ""), ("reviewer", "not_started", document)):
        response = await post_form(
            client,
            f"{base}/assessments",
            period=world.period,
            source=source,
            level=level,
            document=cited,
            narrative=f"Valoración {source}",
        )
        assert response.status_code == 303
    response = await client.post(
        f"{base}/evidence",
        files={
            "title": (None, "Acuerdo publicado"),
            "kind": (None, "law"),
            "visibility": (None, "public"),
            "url": (None, "https://www.example.gt/acuerdo"),
            "_csrf_token": (None, token(client)),
        },
    )
    assert response.status_code == 303
    evidence = await Evidence.select(Evidence.id).where(Evidence.recommendation == world.sat_rec).first()
    response = await post_form(
        client, f"{base}/evidence/{evidence['id']}/verification", verification="verified"
    )
    assert response.status_code == 303
    page = await get_page(client, base)
    assert page.rows("assignments")[1][:2] == ["MINFIN", "Apoyo"]
    history = page.rows("history")
    assert history[0][0] == world.period and "Limitado" in history[0][1] and "No iniciado" in history[0][2]
    assert "Verificada" in page.badges()
    assert await Assessment.count().where(Assessment.recommendation == world.sat_rec) == 2


async def test_review_decision_through_htmx_swaps_only_the_item(client, world: World):
    await page_login(client, "minfin")
    await answer(client, world.minfin_assignment, "submit", actions_taken="Hecho", proposed_level="limited")
    await page_login(client, "analyst")
    response_id = (await Response.select(Response.id).first())["id"]
    response = await client.post(
        f"/review/{response_id}",
        data={"decision": "accept"},
        headers={"HX-Request": "true", "X-CSRFToken": token(client)},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<article") and "<html" not in response.text
    assert "Respuesta aceptada." in response.text


async def test_analyst_creates_opens_and_closes_periods(client, cast):
    await page_login(client, "analyst")
    bad = await post_form(
        client,
        "/periods",
        code="2031-S1",
        starts_on="2031-07-01",
        ends_on="2031-01-01",
        response_deadline="2031-08-01",
    )
    assert bad.status_code == 422 and "el periodo no puede terminar antes de empezar" in bad.text
    made = await post_form(
        client,
        "/periods",
        code="2031-S1",
        starts_on="2031-01-01",
        ends_on="2031-06-30",
        response_deadline="2031-07-31",
    )
    assert made.status_code == 303
    assert (await post_form(client, "/periods/2031-S1/open")).status_code == 303
    page = await get_page(client, "/periods")
    row = next(r for r in page.rows("periods") if r[0] == "2031-S1")
    assert "Abierto" in row[4]
    assert (await post_form(client, "/periods/2031-S1/close")).status_code == 303
    assert (await post_form(client, "/periods/2031-S1/reopen")).status_code == 404


async def test_admin_adds_a_focal_point_and_an_agency_and_deactivates_a_user(client, cast):
    await page_login(client, "admin")
    weak = await post_form(
        client, "/users", email="nuevo@test.gt", role="focal_point", agency="MINFIN", password="123"
    )
    assert weak.status_code == 422 and "al menos 8 caracteres" in weak.text
    assert 'value="123"' not in weak.text
    made = await post_form(
        client,
        "/users",
        email="nuevo@test.gt",
        role="focal_point",
        agency="MINFIN",
        password="una clave bastante larga",
    )
    assert made.status_code == 303
    page = await get_page(client, "/users")
    row = next(r for r in page.rows("users") if r[0] == "nuevo@test.gt")
    assert row[2:5] == ["Enlace institucional", "MINFIN", "Activo"]
    user_id = next(f.attrs["action"] for f in page.forms() if "nuevo@test.gt" in f.text).split("/")[2]
    assert (await post_form(client, f"/users/{user_id}/active", active="0")).status_code == 303
    assert (
        await post_form(client, "/agencies", code="ONSEC2", name_es="Oficina Nacional", branch="executive")
    ).status_code == 303
    page = await get_page(client, "/users")
    assert ["ONSEC2", "Oficina Nacional", "Ejecutivo", "Activa"] in [r[:4] for r in page.rows("agencies")]
    # Sign-off: the agency requires its authority's approval; a focal point becomes one.
    assert (await post_form(client, "/agencies/ONSEC2/signoff", requires_signoff="1")).status_code == 303
    onsec = next(r for r in (await get_page(client, "/users")).rows("agencies") if r[0] == "ONSEC2")
    assert onsec[4].startswith("Requerida")
    row = next(r for r in page.rows("users") if r[0] == "nuevo@test.gt")
    assert row[:5] == ["nuevo@test.gt", "", "Enlace institucional", "MINFIN", "Desactivado"]
    assert row[5].endswith("Reactivar nuevo@test.gt")
    # Edit: another agency and mail language, from the row's own form.
    edited = await post_form(
        client,
        f"/users/{user_id}",
        display_name="Nueva Persona",
        role="focal_point",
        agency="SAT",
        locale="en",
    )
    assert edited.status_code == 303
    row = next(r for r in (await get_page(client, "/users")).rows("users") if r[0] == "nuevo@test.gt")
    assert row[1:4] == ["Nueva Persona", "Enlace institucional", "SAT"]
    await post_form(client, f"/users/{user_id}", role="focal_point", agency="SAT", approver="1")
    from commitments.tables import Membership

    assert (await Membership.select(Membership.approver).where(Membership.user == int(user_id)).first())[
        "approver"
    ]
    refused = await post_form(client, f"/users/{user_id}", role="focal_point", agency="")
    assert refused.status_code == 422 and "necesita una institución" in refused.text

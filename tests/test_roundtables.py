"""Technical roundtables: the commission's plans (objectives, diagnosis, products, how, why,
activities, timeline), who may change them, their links to recommendations, the public portal,
and the OGP self-assessment's roundtables part in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from commitments.actor import SYSTEM
from commitments.errors import Conflict, Forbidden, InvalidInput, NotFound
from commitments.roundtables.queries import get_roundtable, public_roundtables, roundtables_serving
from commitments.roundtables.schemas import ActivityIn, ActivityPatch, RoundtableIn, RoundtablePatch
from commitments.roundtables.service import (
    add_activity,
    create_roundtable,
    update_activity,
    update_roundtable,
)
from commitments.services.users import actor_for_user, create_user
from tests.report_helpers import recommendation_id
from tests.test_pages_helpers import get_page, page_login, token
from tests.web import csrf, login

PLAN = {
    "code": "CONS-TEST",
    "topic_es": "Mesa técnica de contrataciones (prueba)",
    "topic_en": "Procurement roundtable (test)",
    "general_objective_es": "Creación de una metodología de colaboración entre gobierno e iniciativa privada.",
    "specific_objectives_es": ["Creación de una bitácora de experiencias", "Creación de una campaña"],
    "diagnosis_es": ["Procesos de licitación", "Junta calificadora"],
    "products_es": ["Actualización de procedimientos"],
    "methods_es": ["Aplicación de metodología participativa"],
    "purposes_es": ["Deducir responsables y responsabilidades"],
    "resources_es": ["Firmar convenio de cooperación"],
    "duration_es": "24 meses",
    "duration_en": "24 months",
    "participants": [
        {"sector": "business", "organisation": "Gremios empresariales"},
        {"sector": "civil_society", "organisation": "Acción Ciudadana"},
    ],
    "recommendations": ["OGP-AP1-C3.1", "COST-AR7-F-1"],
}


async def _roundtable(actor, **changes) -> int:
    return await create_roundtable(actor, RoundtableIn(**{**PLAN, **changes}))


async def _other_analyst():
    user = await create_user(SYSTEM, "otra.analista@test.gt", "a long passphrase 1", "analyst")
    return await actor_for_user(user)


async def test_a_roundtable_keeps_its_whole_plan_and_its_creator_coordinates_it(cast):
    roundtable = await _roundtable(cast["analyst"])
    await add_activity(
        cast["analyst"],
        roundtable,
        ActivityIn(
            description_es="Estudio crítico de la Ley de Contrataciones del Estado",
            responsible="Lic. Sebastián Herrera",
            starts_on=dt.date(2027, 1, 10),
            ends_on=dt.date(2027, 3, 31),
        ),
    )
    plan = await get_roundtable(cast["reviewer"], roundtable)  # anyone signed in reads it
    assert plan.coordinator and plan.coordinator.email == "analista@test.gt"
    assert plan.specific_objectives_es == PLAN["specific_objectives_es"]
    assert [(p.sector, p.organisation) for p in plan.participants][0] == ("business", "Gremios empresariales")
    assert [r.code for r in plan.recommendations] == sorted(PLAN["recommendations"])
    assert (
        plan.activities[0].state == "planned" and plan.activities[0].responsible == "Lic. Sebastián Herrera"
    )


async def test_only_its_coordinator_or_an_admin_changes_a_plan(cast):
    roundtable = await _roundtable(cast["analyst"])
    other = await _other_analyst()
    with pytest.raises(Forbidden):
        await update_roundtable(other, roundtable, RoundtablePatch(version=1, duration_es="12 meses"))
    with pytest.raises(Forbidden):
        await update_roundtable(cast["minfin"], roundtable, RoundtablePatch(version=1, duration_es="x"))
    with pytest.raises(Forbidden):
        await add_activity(other, roundtable, ActivityIn(description_es="Otra"))
    version = await update_roundtable(
        cast["admin"], roundtable, RoundtablePatch(version=1, coordinator=other.email)
    )
    assert version == 2
    assert await update_roundtable(other, roundtable, RoundtablePatch(version=2, duration_es="12 meses")) == 3
    with pytest.raises(Forbidden):  # the first coordinator handed it over
        await update_roundtable(cast["analyst"], roundtable, RoundtablePatch(version=3, duration_es="x"))


async def test_focal_points_and_reviewers_cannot_start_a_roundtable(cast):
    for who in ("minfin", "reviewer"):
        with pytest.raises(Forbidden):
            await _roundtable(cast[who], code=f"X-{who}")


async def test_a_stale_version_unknown_codes_and_a_second_code_are_refused_and_nothing_changes(cast):
    roundtable = await _roundtable(cast["analyst"])
    await update_roundtable(cast["analyst"], roundtable, RoundtablePatch(version=1, duration_es="12 meses"))
    with pytest.raises(Conflict):
        await update_roundtable(
            cast["analyst"], roundtable, RoundtablePatch(version=1, duration_es="6 meses")
        )
    with pytest.raises(InvalidInput) as unknown:
        await update_roundtable(
            cast["analyst"], roundtable, RoundtablePatch(version=2, recommendations=["NO-SUCH"])
        )
    assert unknown.value.params == {"code": "NO-SUCH"}
    with pytest.raises(Conflict):
        await _roundtable(cast["analyst"])
    with pytest.raises(InvalidInput):  # a coordinator must be of the commission
        await _roundtable(cast["analyst"], code="X2", coordinator="minfin@test.gt")
    plan = await get_roundtable(cast["analyst"], roundtable)
    assert plan.duration_es == "12 meses" and len(plan.recommendations) == 2


async def test_an_activity_moves_through_its_states_and_its_dates_stay_in_order(cast):
    roundtable = await _roundtable(cast["analyst"])
    activity = await add_activity(cast["analyst"], roundtable, ActivityIn(description_es="Taller"))
    assert (
        await update_activity(
            cast["analyst"], roundtable, activity, ActivityPatch(version=1, state="in_progress")
        )
        == 2
    )
    with pytest.raises(InvalidInput):
        await update_activity(
            cast["analyst"],
            roundtable,
            activity,
            ActivityPatch(version=2, starts_on=dt.date(2027, 5, 1), ends_on=dt.date(2027, 4, 1)),
        )
    with pytest.raises(Conflict):
        await update_activity(cast["analyst"], roundtable, activity, ActivityPatch(version=1, state="done"))
    with pytest.raises(NotFound):
        await update_activity(
            cast["analyst"], roundtable, activity + 999, ActivityPatch(version=1, state="done")
        )


async def test_a_recommendation_knows_the_roundtables_that_serve_it(cast):
    roundtable = await _roundtable(cast["analyst"])
    rec = await recommendation_id("COST-AR7-F-1")
    assert [r.id for r in await roundtables_serving(cast["analyst"], rec)] == [roundtable]


async def test_the_api_creates_filters_and_changes_a_roundtable(client, cast):
    await login(client, "analyst")
    created = await client.post("/api/v1/roundtables", json=PLAN, headers=csrf(client))
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["diagnosis_es"] == PLAN["diagnosis_es"] and body["coordinator"]["email"] == "analista@test.gt"
    listed = (await client.get("/api/v1/roundtables", params={"recommendation": "OGP-AP1-C3.1"})).json()
    assert [r["code"] for r in listed["items"]] == ["CONS-TEST"] and listed["total"] == 1
    changed = await client.patch(
        f"/api/v1/roundtables/{body['id']}",
        json={"version": 1, "products_en": ["Updated procedures"], "active": False},
        headers=csrf(client),
    )
    assert changed.status_code == 200 and changed.json()["products_en"] == ["Updated procedures"]
    stale = await client.patch(f"/api/v1/roundtables/{body['id']}", json={"version": 1}, headers=csrf(client))
    assert stale.status_code == 409
    activity = await client.post(
        f"/api/v1/roundtables/{body['id']}/activities",
        json={"description_es": "Foro", "starts_on": "2027-02-01", "ends_on": "2027-01-01"},
        headers=csrf(client),
    )
    assert activity.status_code == 400  # ends before it starts


@pytest.mark.parametrize(
    "body",
    [
        {**PLAN, "diagnosis_es": ["x" * 100_000]},
        {**PLAN, "general_objective_es": "y" * 100_000},
        {**PLAN, "diagnosis_es": ["una\nlínea de más"]},
        {**PLAN, "topic_es": "nulo\x00"},
        {**PLAN, "diagnosis_es": ["control\x1b[31m"]},
        {**PLAN, "participants": [{"sector": "aliens", "organisation": "x"}]},
        {**PLAN, "recommendations": ["OGP-AP1-C1\x00"]},
    ],
    ids=[
        "100KB item",
        "100KB text",
        "newline in item",
        "NUL",
        "escape in item",
        "unknown sector",
        "NUL in a code",
    ],
)
async def test_hostile_plans_are_refused_with_a_clear_error_and_nothing_is_stored(client, cast, body):
    await login(client, "analyst")
    refused = await client.post("/api/v1/roundtables", json=body, headers=csrf(client))
    assert refused.status_code == 400, refused.text
    assert (await client.get("/api/v1/roundtables")).json()["total"] == 0


async def test_markup_in_a_plan_is_stored_as_text_and_shown_as_text(client, cast):
    script = "<script>alert('x')</script><b>negrita</b>"
    roundtable = await _roundtable(cast["analyst"], topic_es=script, diagnosis_es=[script])
    await page_login(client, "analyst")
    page = await get_page(client, f"/roundtables/{roundtable}")
    assert "<script>alert" not in page.response.text and "&lt;script&gt;" in page.response.text
    assert script in page.h1


async def test_the_roundtable_pages_in_both_languages(client, cast):
    roundtable = await _roundtable(cast["analyst"])
    await page_login(client, "minfin")
    listing = await get_page(client, "/roundtables?lang=en")
    assert listing.h1 == "Sectoral technical roundtables"
    assert listing.rows("roundtables")[0][:2] == ["CONS-TEST", "Procurement roundtable (test)"]
    assert not [f for f in listing.forms() if f.attrs.get("action") == "/roundtables"]  # no form for them
    plan = await get_page(client, f"/roundtables/{roundtable}?lang=es")
    assert "Objetivos específicos" in plan.headings("h3") and "Diagnóstico" in plan.headings("h3")
    assert not plan.forms()[1:]  # a focal point reads; only the logout form
    await page_login(client, "reviewer")
    rec = await get_page(client, f"/recommendations/{await recommendation_id('COST-AR7-F-1')}")
    assert "Mesas técnicas que la atienden" in rec.headings()
    assert f"/roundtables/{roundtable}" in rec.links()


async def test_the_coordinator_edits_the_plan_and_adds_activities_from_the_page(client, cast):
    await page_login(client, "analyst")
    await get_page(client, "/roundtables")
    created = await client.post(
        "/roundtables",
        data={"_csrf_token": token(client), "code": "PAGE-RT", "topic_es": "Mesa de la página"},
    )
    assert created.status_code == 303
    path = created.headers["location"]
    roundtable = int(path.rsplit("/", 1)[1])
    edited = await client.post(
        path,
        data={
            "_csrf_token": token(client),
            "version": "1",
            "topic_es": "Mesa de la página",
            "diagnosis_es": "Primero\n\nSegundo\n",
            "participants_academia": "Universidad del Valle de Guatemala",
            "recommendations": "OGP-AP1-C1, OGP-AP1-C2",
            "active": "1",
        },
    )
    assert edited.status_code == 303, edited.text
    added = await client.post(
        f"{path}/activities",
        data={
            "_csrf_token": token(client),
            "description_es": "Foro",
            "starts_on": "2027-01-15",
            "state": "planned",
        },
    )
    assert added.status_code == 303
    plan = await get_roundtable(cast["analyst"], roundtable)
    assert plan.diagnosis_es == ["Primero", "Segundo"]
    assert [p.organisation for p in plan.participants] == ["Universidad del Valle de Guatemala"]
    assert [r.code for r in plan.recommendations] == ["OGP-AP1-C1", "OGP-AP1-C2"]
    assert plan.activities[0].starts_on == dt.date(2027, 1, 15)
    too_long = await client.post(
        path,
        data={
            "_csrf_token": token(client),
            "version": "2",
            "topic_es": "t",
            "general_objective_es": "z" * 100_001,
        },
    )
    assert too_long.status_code == 422 and "Revise los campos marcados." in too_long.text


async def test_the_public_sees_real_roundtables_without_samples(client, cast):
    real = await _roundtable(cast["analyst"])
    await add_activity(cast["analyst"], real, ActivityIn(description_es="Actividad real"))
    await add_activity(cast["analyst"], real, ActivityIn(description_es="[Ejemplo] Inventada", sample=True))
    sample = await _roundtable(cast["analyst"], code="SAMPLE-RT", sample=True)
    assert [p.code for p in await public_roundtables()] == ["CONS-TEST"]
    client.cookies.clear()
    listing = await get_page(client, "/public/roundtables")
    assert f"/public/roundtables/{real}" in listing.links()
    detail = await get_page(client, f"/public/roundtables/{real}?lang=en")
    assert "Actividad real" in detail.response.text and "Inventada" not in detail.response.text
    assert "Part of this plan is shown in Spanish" in detail.response.text
    await get_page(client, f"/public/roundtables/{sample}", status=404)

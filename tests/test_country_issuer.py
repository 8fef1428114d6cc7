"""Who issues the country's reports: seeded once, read by anyone signed in, changed by an admin
through the API and the page, audited; bad input refused in the caller's language."""

from __future__ import annotations

import re

from commitments.tables import AuditEvent
from tests.web import csrf, login

COPRET = "Comisión Presidencial de Transparencia y Gobierno Electrónico"


async def test_the_seed_names_the_presidential_commission_and_anyone_signed_in_reads_it(client):
    await login(client, "reviewer")
    country = (await client.get("/api/v1/country")).json()
    assert country["iso2"] == "GT"
    assert country["issuer_es"] == COPRET
    assert country["issuer_en"] == "Presidential Commission for Transparency and Electronic Government"
    assert country["signatory_name"] == ""
    client.cookies.clear()
    assert (await client.get("/api/v1/country")).status_code == 401


async def test_an_admin_changes_the_issuer_and_the_change_is_audited(client):
    await login(client, "admin")
    changed = await client.patch(
        "/api/v1/country",
        headers=csrf(client),
        json={"signatory_name": "Ana Pérez", "contact_email": "informes@example.org"},
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["signatory_name"] == "Ana Pérez" and body["issuer_es"] == COPRET  # the rest unchanged
    event = await AuditEvent.select().where(AuditEvent.action == "country.update").first()
    assert event is not None and "Ana Pérez" in str(event["after"])


async def test_an_analyst_may_not_change_the_issuer(client):
    await login(client, "analyst")
    refused = await client.patch("/api/v1/country", headers=csrf(client), json={"issuer_es": "Otra"})
    assert refused.status_code == 403
    assert (await client.get("/api/v1/country")).json()["issuer_es"] == COPRET


async def test_bad_contact_details_are_refused_and_nothing_is_stored(client):
    await login(client, "admin")
    for body in (
        {"contact_email": "not-an-address"},
        {"contact_url": "javascript:alert(1)"},
        {"issuer_es": "x" * 301},
        {"signatory_name": "Ana\x00"},
        {"unknown": "field"},
    ):
        answer = await client.patch("/api/v1/country", headers=csrf(client), json=body)
        assert answer.status_code in (400, 422), (body, answer.text)
    country = (await client.get("/api/v1/country")).json()
    assert country["contact_email"] == "" and country["contact_url"] == ""


async def test_the_admin_page_shows_and_saves_the_issuer(client):
    await login(client, "admin")
    page = await client.get("/country")
    assert page.status_code == 200
    assert re.search(r"<h1>País y emisor de los informes</h1>", page.text)
    assert f'value="{COPRET}"' in page.text
    saved = await client.post(
        "/country",
        data={
            "_csrf_token": client.cookies.get("csrftoken", ""),
            "issuer_es": COPRET,
            "issuer_en": "Presidential Commission",
            "signatory_name": "Ana Pérez",
            "signatory_title_es": "Secretaria Ejecutiva",
            "signatory_title_en": "Executive Secretary",
            "contact_email": "informes@example.org",
            "contact_url": "https://comision.example.org/",
        },
    )
    assert saved.status_code in (200, 302, 303)
    country = (await client.get("/api/v1/country")).json()
    assert country["signatory_title_en"] == "Executive Secretary"
    refused = await client.post(
        "/country?lang=en",
        data={"_csrf_token": client.cookies.get("csrftoken", ""), "contact_url": "ftp://x"},
    )
    assert refused.status_code in (400, 422) and 'role="alert"' in refused.text
    assert (await client.get("/api/v1/country")).json()["contact_url"] == "https://comision.example.org/"


async def test_only_admins_see_the_issuer_page(client):
    await login(client, "analyst")
    assert (await client.get("/country")).status_code in (403, 404)

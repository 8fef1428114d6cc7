"""Civil society's own assessments: an organisation records and changes only its own; the
commission answers beside them and can never edit or hide them (service, API and page)."""

from __future__ import annotations

import datetime as dt

import pytest

from commitments.actor import SYSTEM
from commitments.errors import Conflict, Forbidden, InvalidInput, NotFound
from commitments.queries.civil_society import assessments_of
from commitments.schemas import CivilAssessmentIn, PeriodIn, ReplyIn
from commitments.services import civil_society
from commitments.services.organisations import create_organisation, derived_code
from commitments.services.periods import create_period
from commitments.services.users import create_user
from commitments.tables import AuditEvent, CivilSocietyAssessment, CivilSocietyReply, Membership, Organisation
from tests.report_helpers import OGP_ITEM, document_id, recommendation_id
from tests.test_pages_helpers import world_fixture  # noqa: F401  (provides `world`)
from tests.web import csrf, login

PERIOD = "2030-S1"


async def _period(cast) -> None:
    await create_period(
        cast["analyst"],
        PeriodIn(
            code=PERIOD,
            starts_on=dt.date(2030, 1, 1),
            ends_on=dt.date(2030, 6, 30),
            response_deadline=dt.date(2030, 7, 15),
        ),
    )


def _assessment(narrative: str = "El portal sigue sin datos de 2029.", **extra) -> CivilAssessmentIn:
    return CivilAssessmentIn(
        period=PERIOD,
        level="limited",
        narrative=narrative,
        evidence_urls=["https://observatorio.example.org/informe-2030"],
        **extra,
    )


@pytest.fixture
async def rated(cast):
    """Acción Ciudadana's assessment of an OGP commitment in 2030-S1."""
    await _period(cast)
    rec = await recommendation_id(OGP_ITEM)
    assessment = await civil_society.save_assessment(cast["civic"], rec, _assessment())
    return {"rec": rec, "assessment": assessment}


async def test_an_organisation_records_its_assessment_with_level_narrative_and_evidence(cast, rated):
    [found] = await assessments_of(cast["reviewer"], rated["rec"])
    assert (found.organisation_name, found.period, found.level.code) == (
        "Acción Ciudadana",
        PERIOD,
        "limited",
    )
    assert found.evidence_urls == ["https://observatorio.example.org/informe-2030"]
    assert found.version == 1 and found.reply is None
    event = await AuditEvent.select().order_by(AuditEvent.seq, ascending=False).first()
    assert (event["action"], event["actor"]) == ("civil_assessment.save", "accion@test.gt")


async def test_an_organisation_changes_its_own_assessment_naming_the_version(cast, rated):
    changed = _assessment("Ahora hay datos parciales.", version=1)
    await civil_society.save_assessment(cast["civic"], rated["rec"], changed)
    [found] = await assessments_of(cast["analyst"], rated["rec"])
    assert (found.narrative, found.version) == ("Ahora hay datos parciales.", 2)
    with pytest.raises(Conflict):  # someone changed it meanwhile: version 1 is stale
        await civil_society.save_assessment(cast["civic"], rated["rec"], changed)
    with pytest.raises(Conflict):  # a second "first" assessment of the same period
        await civil_society.save_assessment(cast["civic"], rated["rec"], _assessment())


async def test_another_organisation_writes_its_own_and_never_touches_the_first(cast, rated):
    await civil_society.save_assessment(cast["civic2"], rated["rec"], _assessment("Otra lectura.", version=1))
    found = {a.organisation_name: a for a in await assessments_of(cast["analyst"], rated["rec"])}
    assert found["Acción Ciudadana"].narrative == "El portal sigue sin datos de 2029."
    assert found["Acción Ciudadana"].version == 1
    assert found["Red Ciudadana"].narrative == "Otra lectura."


@pytest.mark.parametrize("who", ["analyst", "admin", "reviewer", "minfin"])
async def test_nobody_but_an_organisation_records_or_changes_an_assessment(cast, rated, who):
    with pytest.raises(Forbidden):
        await civil_society.save_assessment(cast[who], rated["rec"], _assessment("Cambiado.", version=1))
    row = (
        await CivilSocietyAssessment.select().where(CivilSocietyAssessment.id == rated["assessment"]).first()
    )
    assert (row["narrative"], row["version"]) == ("El portal sigue sin datos de 2029.", 1)


async def test_the_commission_answers_beside_the_assessment_which_does_not_change(cast, rated):
    rec = await civil_society.reply(
        cast["analyst"], rated["assessment"], ReplyIn(text="Los datos llegan en julio.")
    )
    assert rec == rated["rec"]
    [found] = await assessments_of(cast["civic"], rated["rec"])
    assert found.reply and found.reply.text == "Los datos llegan en julio." and not found.reply.outdated
    assert found.narrative == "El portal sigue sin datos de 2029." and found.version == 1
    await civil_society.save_assessment(cast["civic"], rated["rec"], _assessment("Actualizada.", version=1))
    [found] = await assessments_of(cast["civic"], rated["rec"])
    assert found.reply and found.reply.outdated  # it answered version 1
    with pytest.raises(Forbidden):
        await civil_society.reply(cast["civic"], rated["assessment"], ReplyIn(text="Nos respondemos."))
    assert await CivilSocietyReply.count() == 1


async def test_a_focal_point_of_another_agency_learns_nothing_of_a_hidden_recommendation(cast, rated):
    with pytest.raises(NotFound):
        await assessments_of(cast["sat"], rated["rec"])


async def test_levels_off_the_mechanisms_scale_and_unknown_periods_are_refused(cast, rated):
    with pytest.raises(InvalidInput):
        await civil_society.save_assessment(
            cast["civic2"],
            rated["rec"],
            CivilAssessmentIn(period=PERIOD, level="satisfactory", narrative="x"),
        )
    with pytest.raises(InvalidInput):
        await civil_society.save_assessment(
            cast["civic2"], rated["rec"], CivilAssessmentIn(period="1999-S1", level="limited", narrative="x")
        )


async def test_an_admin_registers_an_organisation_and_its_member_by_name_or_code(cast):
    assert derived_code("Acción Ciudadana") == "AC"
    created = await create_organisation(cast["admin"], "Observatorio de la Transparencia")
    assert created["code"] == "ODLT" or created["code"].startswith("OT")
    user = await create_user(
        SYSTEM, "obs@example.org", "a long passphrase", "civil_society", organisation=created["code"]
    )
    same = await create_user(
        SYSTEM,
        "obs2@example.org",
        "a long passphrase",
        "civil_society",
        organisation="observatorio de la transparencia",
    )
    rows = await Membership.select(Membership.organisation).where(Membership.user.is_in([user, same]))
    assert {r["organisation"] for r in rows} == {created["id"]}
    new = await create_user(
        SYSTEM, "nuevo@example.org", "a long passphrase", "civil_society", organisation="Mirador Electoral"
    )
    assert await Organisation.exists().where(Organisation.name == "Mirador Electoral")
    assert new
    with pytest.raises(Forbidden):
        await create_organisation(cast["analyst"], "Otra")
    with pytest.raises(InvalidInput):
        await create_user(SYSTEM, "x@example.org", "a long passphrase", "civil_society")
    with pytest.raises(InvalidInput):
        await create_user(SYSTEM, "y@example.org", "a long passphrase", "reviewer", organisation="AC")


async def test_over_the_api_the_commission_cannot_write_an_organisations_assessment(client, cast, rated):
    url = f"/api/v1/recommendations/{rated['rec']}/civil-society-assessments"
    body = {"period": PERIOD, "level": "complete", "narrative": "Reescrita.", "version": 1}
    await login(client, "analyst")
    assert (await client.post(url, json=body, headers=csrf(client))).status_code == 403
    for method in ("PUT", "PATCH", "DELETE"):
        response = await client.request(method, f"{url}/{rated['assessment']}", headers=csrf(client))
        assert response.status_code in (404, 405), method
    reply = await client.post(
        f"/api/v1/civil-society-assessments/{rated['assessment']}/reply",
        json={"text": "<script>alert(1)</script> Gracias."},
        headers=csrf(client),
    )
    assert reply.status_code == 200, reply.text
    await login(client, "civic")
    saved = await client.post(url, json=body, headers=csrf(client))
    assert saved.status_code == 201, saved.text
    [mine] = saved.json()
    assert (mine["narrative"], mine["version"], mine["reply"]["outdated"]) == ("Reescrita.", 2, True)
    assert mine["reply"]["text"] == "<script>alert(1)</script> Gracias."


async def test_on_the_page_the_commission_cannot_write_an_organisations_assessment(client, cast, rated):
    await login(client, "analyst")
    page = await client.get(f"/recommendations/{rated['rec']}")
    assert "Acción Ciudadana" in page.text and "Registrar la valoración de" not in page.text
    posted = await client.post(
        f"/recommendations/{rated['rec']}/civil-society-assessments",
        data={
            "period": PERIOD,
            "level": "complete",
            "narrative": "Reescrita.",
            "version": "1",
            "_csrf_token": client.cookies.get("csrftoken", ""),
        },
    )
    assert posted.status_code == 403
    row = (
        await CivilSocietyAssessment.select().where(CivilSocietyAssessment.id == rated["assessment"]).first()
    )
    assert (row["narrative"], row["version"]) == ("El portal sigue sin datos de 2029.", 1)


async def test_links_are_web_addresses_ten_at_most_and_the_narrative_has_a_limit():
    with pytest.raises(ValueError):
        CivilAssessmentIn(
            period=PERIOD, level="limited", narrative="x", evidence_urls=["javascript:alert(1)"]
        )
    with pytest.raises(ValueError):
        CivilAssessmentIn(
            period=PERIOD,
            level="limited",
            narrative="x",
            evidence_urls=[f"https://e.org/{n}" for n in range(11)],
        )
    with pytest.raises(ValueError):
        CivilAssessmentIn(period=PERIOD, level="limited", narrative="x" * 100_000)
    lines = CivilAssessmentIn(
        period=PERIOD, level="limited", narrative="x", evidence_urls="https://a.org\n\nhttps://b.org "
    )
    assert lines.evidence_urls == ["https://a.org", "https://b.org"]


async def test_one_assessment_per_organisation_recommendation_and_period_is_held_by_the_database(cast, rated):
    from commitments.db import writing

    row = (
        await CivilSocietyAssessment.select().where(CivilSocietyAssessment.id == rated["assessment"]).first()
    )
    copy = {k: v for k, v in row.items() if k != "id"}
    with pytest.raises(Conflict):
        async with writing():
            await CivilSocietyAssessment.insert(CivilSocietyAssessment(**copy))


async def test_the_open_data_labels_each_voice_and_keeps_government_narratives_private(client, cast, rated):
    from commitments.schemas import AssessmentIn
    from commitments.services.assessments import record_assessment

    await record_assessment(
        cast["analyst"], rated["rec"], AssessmentIn(period=PERIOD, level="substantial", narrative="SECRETO-1")
    )
    await civil_society.reply(cast["analyst"], rated["assessment"], ReplyIn(text='=HYPERLINK("x")'))
    client.cookies.clear()
    data = (await client.get("/api/v1/open-data/assessments.json")).json()
    rows = [r for r in data["assessments"] if r["code"] == OGP_ITEM and r["period"] == PERIOD]
    assert [(r["source"], r["organisation_name"], r["level"]) for r in rows] == [
        ("self", "", "substantial"),
        ("civil_society", "Acción Ciudadana", "limited"),
    ]
    assert rows[0]["narrative"] == "" and rows[1]["narrative"] == "El portal sigue sin datos de 2029."
    csv = (await client.get("/api/v1/open-data/assessments.csv")).content.decode("utf-8-sig")
    assert "SECRETO-1" not in csv and "Acción Ciudadana" in csv
    assert "'=HYPERLINK" in csv  # a formula never runs in a spreadsheet
    schema = (await client.get("/api/v1/open-data/assessments.schema.json")).json()
    assert schema["properties"]["assessments"]["items"]["properties"]["source"]["enum"] == [
        "self",
        "reviewer",
        "civil_society",
    ]


@pytest.mark.parametrize("locale", ["es", "en"])
async def test_a_report_prints_civil_societys_assessments_as_an_annex_when_chosen(client, cast, locale):
    import io

    import docx

    from commitments.services.reports import create_report, render_report, report_docx, report_pdf
    from tests.report_helpers import AS_OF, build_workflow, pdf_text

    await build_workflow(cast)
    rec = await recommendation_id(OGP_ITEM)
    hostile = "Sin avance <script>alert(1)</script> " + "y" * 3000
    mine = await civil_society.save_assessment(
        cast["civic"], rec, CivilAssessmentIn(period="2026-S2", level="limited", narrative=hostile)
    )
    await civil_society.reply(cast["analyst"], mine, ReplyIn(text="Se publicará en enero."))
    report = await create_report(cast["analyst"], "OGP", "AP3", "2026-S2", locale)
    await render_report(report, actor=cast["analyst"], as_of=AS_OF)
    title = (
        "Annex. Civil society assessments" if locale == "en" else "Anexo. Valoraciones de la sociedad civil"
    )
    assert title not in pdf_text(await report_pdf(cast["analyst"], report))  # not chosen yet
    await login(client, "analyst")
    chosen = await client.post(
        f"/reports/{report}/civil-society-annex",
        data={"include": "1", "_csrf_token": client.cookies.get("csrftoken", "")},
    )
    assert chosen.status_code == 303
    text = pdf_text(await report_pdf(cast["analyst"], report))
    assert title in text and "Acción Ciudadana" in text and "<script>alert(1)</script>" in text
    assert "Se publicará en enero." in text
    document = docx.Document(io.BytesIO(await report_docx(cast["analyst"], report)))
    words = "\n".join(p.text for p in document.paragraphs)
    assert title in words and "Se publicará en enero." in words
    page = await client.get(f"/reports/{report}")
    assert "Quitar el anexo" in page.text and 'data-section="civil_society_annex"' in page.text
    with pytest.raises(Forbidden):
        await civil_society.choose_annex(cast["civic"], report, False)


async def test_an_admin_registers_organisations_and_members_on_the_users_page(client, cast):
    await login(client, "admin")
    token = client.cookies.get("csrftoken", "")
    made = await client.post("/organisations", data={"name": "Mirador Electoral", "_csrf_token": token})
    assert made.status_code == 303
    page = await client.get("/users")
    assert "Mirador Electoral" in page.text and 'id="organisations"' in page.text
    user = await client.post(
        "/users",
        data={
            "email": "mirador@example.org",
            "role": "civil_society",
            "organisation": "ME",
            "password": "a long passphrase",
            "_csrf_token": token,
        },
    )
    assert user.status_code == 303, user.text
    refused = await client.post(
        "/users",
        data={
            "email": "sin@example.org",
            "role": "civil_society",
            "password": "a long passphrase",
            "_csrf_token": token,
        },
    )
    assert refused.status_code == 422 and "necesita una organización" in refused.text
    listed = (await client.get("/api/v1/users")).json()
    assert next(u for u in listed if u["email"] == "mirador@example.org")["organisation"] == "ME"
    again = await client.post(
        "/api/v1/organisations", json={"name": "Mirador Electoral"}, headers=csrf(client)
    )
    assert again.status_code == 409


HOSTILE = "<script>alert(1)</script> <b>fuerte</b> {{ 7*7 }} </font> & más"


@pytest.mark.parametrize("lang", ["es", "en"])
async def test_three_voices_side_by_side_with_hostile_text_shown_as_text(client, cast, lang):
    from commitments.schemas import AssessmentIn
    from commitments.services.assessments import record_assessment

    await _period(cast)
    rec = await recommendation_id(OGP_ITEM)
    await record_assessment(
        cast["analyst"], rec, AssessmentIn(period=PERIOD, level="substantial", source="self")
    )
    await record_assessment(
        cast["analyst"],
        rec,
        AssessmentIn(period=PERIOD, level="limited", source="reviewer", document=await document_id("OGP")),
    )
    mine = await civil_society.save_assessment(
        cast["civic"], rec, CivilAssessmentIn(period=PERIOD, level="not_started", narrative=HOSTILE)
    )
    await civil_society.reply(cast["analyst"], mine, ReplyIn(text="<img src=x onerror=alert(1)>"))
    heading = "Civil society" if lang == "en" else "Sociedad civil"
    pages = []
    await login(client, "reviewer")
    pages.append(await client.get(f"/recommendations/{rec}?lang={lang}"))
    client.cookies.clear()
    pages.append(await client.get(f"/public/recommendations/{rec}?lang={lang}"))
    for page in pages:
        assert page.status_code == 200
        row = page.text[page.text.index(f'<th scope="row">{PERIOD}') :]
        row = row[: row.index("</tr>")]
        assert row.count("<td") == 3 and heading in page.text  # government, mechanism, civil society
        assert "Acción Ciudadana" in row and "&lt;script&gt;alert(1)&lt;/script&gt;" in row
        assert "<script>alert" not in page.text and "<img src=x" not in page.text
        assert "&lt;img src=x onerror=alert(1)&gt;" in row  # the commission's reply, beside it
    too_big = {"period": PERIOD, "level": "limited", "narrative": "a" * 100_000, "version": 1}
    await login(client, "civic")
    refused = await client.post(
        f"/api/v1/recommendations/{rec}/civil-society-assessments", json=too_big, headers=csrf(client)
    )
    assert refused.status_code == 400 and "narrative" in refused.text
    form = await client.post(
        f"/recommendations/{rec}/civil-society-assessments?lang={lang}",
        data={**too_big, "version": "1", "_csrf_token": client.cookies.get("csrftoken", "")},
    )
    assert form.status_code == 422
    assert ("The text is too long." if lang == "en" else "El texto es demasiado largo.") in form.text


async def test_a_member_reads_statuses_writes_only_its_assessment_and_sees_no_agency_work(client, world):
    from tests.test_pages_helpers import get_page, page_login

    await page_login(client, "civic")
    page = await get_page(client, f"/recommendations/{world.minfin_rec}")
    actions = sorted({f.attrs.get("action", "") for f in page.forms()})
    assert actions == ["/logout", f"/recommendations/{world.minfin_rec}/civil-society-assessments"]
    assert "Respuestas de las instituciones" not in page.headings()
    for path in ("/review", "/periods", "/users", "/reports", f"/recommendations/{world.minfin_rec}/edit"):
        await get_page(client, path, 403)
    await get_page(client, f"/inbox/{world.minfin_assignment}", 404)
    for path in ("/", "/recommendations", "/inbox"):
        response = await client.get(path)
        assert response.status_code in (200, 403), path
        assert f"/inbox/{world.minfin_assignment}" not in response.text

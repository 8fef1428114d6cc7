"""The public consultation of a draft report: the commission opens it for two weeks, anyone
comments (plain text, throttled, length-limited), the commission answers or hides abusive
comments with a reason (the count stays public), and the final report carries the summary."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from commitments import clock
from commitments.errors import Conflict, Forbidden, InvalidInput, NotFound
from commitments.queries.consultations import (
    consultation_of_report,
    public_consultation,
    public_consultations,
)
from commitments.schemas import CommentIn, ConsultationIn, HideIn, ReplyIn, StatementIn
from commitments.services import consultations
from commitments.services.reports import create_report, finalize_report, render_report, report_pdf
from commitments.tables import AuditEvent, ConsultationComment
from tests.report_helpers import AS_OF, build_workflow, complete, pdf_text
from tests.web import csrf, login

HOSTILE = "<script>alert('x')</script> <b>negrita</b> {{ 7*7 }} [enlace](javascript:alert(1)) </font> & más"
CLIENT = "203.0.113.7"


async def _draft(cast, locale: str = "es", internal: bool = False) -> int:
    report_id = await create_report(cast["analyst"], "OGP", "AP3", "2026-S2", locale, internal)
    await render_report(report_id, actor=cast["analyst"], as_of=AS_OF)
    return report_id


@pytest.fixture
async def draft(cast):
    """A rendered OGP draft of 2026-S2 in Spanish (MINFIN's answers accepted)."""
    await build_workflow(cast)
    return await _draft(cast)


@pytest.fixture
async def opened(cast, draft):
    consultation_id = await consultations.open_consultation(cast["analyst"], draft, ConsultationIn())
    return {"report": draft, "consultation": consultation_id}


async def _comment(
    consultation_id: int, body: str = "Falta el dato de 2025.", client: str = CLIENT, **extra
) -> int:
    return await consultations.post_comment(consultation_id, CommentIn(body=body, **extra), client)


async def test_a_rendered_public_draft_opens_for_two_weeks_by_default(cast, opened):
    found = await consultation_of_report(cast["analyst"], opened["report"])
    assert found is not None and found.state == "open"
    assert found.closes_at - found.opens_at == dt.timedelta(days=14)
    assert [c.id for c in await public_consultations()] == [opened["consultation"]]
    with pytest.raises(Conflict):  # one consultation per report
        await consultations.open_consultation(cast["analyst"], opened["report"], ConsultationIn(days=7))
    event = await AuditEvent.select().where(AuditEvent.action == "consultation.open").first()
    assert event and json.loads(event["after"]) == {"days": 14, "report": opened["report"]}


async def test_internal_unrendered_and_other_peoples_drafts_are_not_opened(cast, draft):
    internal = await _draft(cast, internal=True)
    with pytest.raises(InvalidInput):
        await consultations.open_consultation(cast["analyst"], internal, ConsultationIn())
    unrendered = await create_report(cast["analyst"], "MESICIC", None, "2026-S2", "es")
    with pytest.raises(Conflict):
        await consultations.open_consultation(cast["analyst"], unrendered, ConsultationIn())
    for who in ("reviewer", "minfin", "civic"):
        with pytest.raises((Forbidden, NotFound)):
            await consultations.open_consultation(cast[who], draft, ConsultationIn())
    with pytest.raises(Exception):  # noqa: B017  (a schema refusal: more than 90 days)
        ConsultationIn(days=400)


async def test_anyone_comments_while_it_is_open_and_nobody_after_it_closes(cast, opened):
    first = await _comment(opened["consultation"], name="Ana", email="ana@example.org")
    await consultations.close_consultation(cast["analyst"], opened["report"])
    with pytest.raises(Conflict):
        await _comment(opened["consultation"], body="Tarde.")
    with pytest.raises(Conflict):
        await consultations.close_consultation(cast["analyst"], opened["report"])
    found = await public_consultation(opened["consultation"])
    assert found.state == "closed" and [c.id for c in found.comments] == [first]
    assert "ana@example.org" not in found.model_dump_json()  # addresses never reach the portal


async def test_a_consultation_closes_by_itself_at_its_end(cast, opened):
    found = await consultation_of_report(cast["analyst"], opened["report"])
    assert found is not None
    with clock.pinned(found.closes_at + dt.timedelta(seconds=1)), pytest.raises(Conflict):
        await _comment(opened["consultation"])


async def test_comments_are_throttled_per_client(cast, opened):
    for n in range(5):
        await _comment(opened["consultation"], body=f"Comentario {n}")
    with pytest.raises(Conflict) as refused:  # TooManyRequests: a 429 over HTTP
        await _comment(opened["consultation"], body="Uno más")
    assert getattr(refused.value, "retry_after", 0) > 0
    await _comment(opened["consultation"], body="Desde otra conexión", client="198.51.100.2")
    with clock.pinned(clock.now() + dt.timedelta(minutes=16)):
        await _comment(opened["consultation"], body="Un rato después")


async def test_the_commission_answers_and_hides_with_a_reason_and_the_count_stays_public(cast, opened):
    kept = await _comment(opened["consultation"], body="Buen avance, falta el presupuesto.")
    abusive = await _comment(opened["consultation"], body="Insulto grosero")
    later = await _comment(opened["consultation"], body="Otro punto.")
    event = (
        await AuditEvent.select()
        .where(AuditEvent.action == "comment.create")
        .order_by(AuditEvent.seq)
        .first()
    )
    assert event and event["actor"] == "anonymous" and len(json.loads(event["after"])["sha256"]) == 64
    await consultations.reply_to_comment(cast["analyst"], kept, ReplyIn(text="Se agregó el presupuesto."))
    await consultations.hide_comment(cast["analyst"], abusive, HideIn(reason="Lenguaje ofensivo"))
    with pytest.raises(Conflict):
        await consultations.hide_comment(cast["analyst"], abusive, HideIn(reason="Otra vez"))
    for who in ("civic", "minfin", "reviewer"):
        with pytest.raises((Forbidden, NotFound)):
            await consultations.hide_comment(cast[who], kept, HideIn(reason="No me gusta"))
    public = await public_consultation(opened["consultation"])
    assert (public.received, public.answered, public.hidden) == (3, 1, 1)
    assert [(c.number, c.text) for c in public.comments] == [
        (1, "Buen avance, falta el presupuesto."),
        (3, "Otro punto."),
    ]
    assert later in [c.id for c in public.comments]
    assert public.comments[0].reply == "Se agregó el presupuesto."
    commission = await consultation_of_report(cast["analyst"], opened["report"])
    assert commission is not None
    hidden = next(c for c in commission.comments if c.hidden)
    assert (hidden.text, hidden.hidden_reason, hidden.number) == ("Insulto grosero", "Lenguaje ofensivo", 2)
    row = await ConsultationComment.select().where(ConsultationComment.id == abusive).first()
    assert row["body"] == "Insulto grosero"  # kept, not deleted


async def test_finalize_waits_for_the_close_a_fresh_rendering_and_the_commissions_account(cast, opened):
    report, consultation = opened["report"], opened["consultation"]
    await complete(cast["analyst"], report)
    await _comment(consultation, body=HOSTILE, name="Red <i>Ciudadana</i>")
    with pytest.raises(Conflict, match="sigue abierta"):
        await finalize_report(cast["analyst"], report)
    await consultations.close_consultation(cast["analyst"], report)
    with pytest.raises(Conflict, match="genérelo de nuevo"):
        await finalize_report(cast["analyst"], report)
    await render_report(report, actor=cast["analyst"], as_of=AS_OF)
    with pytest.raises(InvalidInput, match="cómo se tuvieron en cuenta"):
        await finalize_report(cast["analyst"], report)
    found = await consultation_of_report(cast["analyst"], report)
    assert found is not None
    await consultations.write_statement(
        cast["analyst"], report, StatementIn(text="Se **corrigió** el cuadro 2.", revision=found.revision)
    )
    with pytest.raises(Conflict):  # the revision it named is stale now
        await consultations.write_statement(
            cast["analyst"], report, StatementIn(text="x", revision=found.revision)
        )
    [comment] = found.comments
    await consultations.reply_to_comment(cast["analyst"], comment.id, ReplyIn(text="Gracias, corregido."))
    await render_report(report, actor=cast["analyst"], as_of=AS_OF)
    final = await finalize_report(cast["analyst"], report)
    text = pdf_text(await report_pdf(cast["analyst"], final.id))
    assert "Consulta pública del borrador" in text
    assert "Comentarios recibidos 1" in text and "Comentarios respondidos 1" in text
    assert "Comentarios ocultados por abusivos 0" in text
    assert "Se corrigió el cuadro 2." in text and "Gracias, corregido." in text
    assert "<script>alert('x')</script>" in text and "Red <i>Ciudadana</i>" in text  # printed as typed
    with pytest.raises(Conflict):  # an issued report's consultation never changes
        await consultations.reply_to_comment(cast["analyst"], comment.id, ReplyIn(text="Más tarde."))


@pytest.mark.parametrize("locale", ["es", "en"])
async def test_hostile_comments_never_break_a_page_or_a_pdf(client, cast, locale):
    await build_workflow(cast)
    report = await _draft(cast, locale)
    consultation = await consultations.open_consultation(cast["analyst"], report, ConsultationIn())
    long_word = "x" * 4900
    for body in (HOSTILE, long_word, "línea\n" * 800):
        await _comment(consultation, body=body, name="<img src=x onerror=alert(1)>")
    await consultations.close_consultation(cast["analyst"], report)
    await render_report(report, actor=cast["analyst"], as_of=AS_OF)
    text = pdf_text(await report_pdf(cast["analyst"], report))
    title = "Public consultation of the draft" if locale == "en" else "Consulta pública del borrador"
    assert title in text and "<script>alert('x')</script>" in text
    page = await client.get(f"/public/consultations/{consultation}?lang={locale}")
    assert page.status_code == 200
    assert "<script>alert(" not in page.text and "&lt;script&gt;alert(" in page.text
    assert "<img src=x" not in page.text and "{{ 7*7 }}" in page.text


async def _anonymous(client) -> dict[str, str]:
    """An anonymous browser's CSRF header (any page hands out the cookie)."""
    client.cookies.clear()
    await client.get("/public/consultations")
    return {"X-CSRFToken": client.cookies.get("csrftoken", "")}


async def test_over_the_api_anyone_comments_and_hostile_input_is_refused_clearly(client, cast, opened):
    url = f"/api/v1/consultations/{opened['consultation']}/comments"
    headers = await _anonymous(client)
    posted = await client.post(
        url, json={"body": HOSTILE, "name": "Ana", "email": "ana@example.org"}, headers=headers
    )
    assert posted.status_code == 201, posted.text
    assert posted.json()["text"] == HOSTILE and posted.json()["number"] == 1 and "email" not in posted.json()
    assert (await client.post(url, json={"body": "x"})).status_code == 403  # no CSRF token
    too_long = await client.post(url, json={"body": "a" * 100_000}, headers=headers)
    assert too_long.status_code == 400 and "body" in too_long.text
    for bad in ({"body": "   "}, {"body": "hola\x00"}, {"body": "ok", "email": "no es correo"}):
        refused = await client.post(url, json=bad, headers=headers)
        assert refused.status_code in (400, 422), (bad, refused.text)
    listed = await client.get(f"/api/v1/consultations/{opened['consultation']}")
    assert [c["text"] for c in listed.json()["comments"]] == [HOSTILE]
    assert "ana@example.org" not in listed.text


async def test_a_flood_from_one_client_gets_429_with_retry_after_on_api_and_page(client, cast, opened):
    url = f"/api/v1/consultations/{opened['consultation']}/comments"
    headers = await _anonymous(client)
    answers = [
        (await client.post(url, json={"body": f"n {n}"}, headers=headers)).status_code for n in range(7)
    ]
    assert answers == [201] * 5 + [429] * 2
    flood = await client.post(url, json={"body": "otra"}, headers=headers)
    assert int(flood.headers["Retry-After"]) > 0 and "demasiados comentarios" in flood.json()["detail"]
    page = await client.post(
        f"/public/consultations/{opened['consultation']}/comments?lang=en",
        data={"body": "Desde el formulario", "_csrf_token": headers["X-CSRFToken"]},
    )
    assert page.status_code == 429 and "too many comments" in page.text
    assert "Desde el formulario" in page.text  # what was typed is shown again


async def test_the_portal_form_posts_a_comment_shown_as_text(client, cast, opened):
    headers = await _anonymous(client)
    form = f"/public/consultations/{opened['consultation']}"
    page = await client.get(form)
    assert 'name="_csrf_token"' in page.text and "Publicar comentario" in page.text
    sent = await client.post(
        f"{form}/comments",
        data={"body": HOSTILE, "name": "<b>Juan</b>", "_csrf_token": headers["X-CSRFToken"]},
    )
    assert sent.status_code == 303 and "sent=1" in sent.headers["location"]
    shown = await client.get(sent.headers["location"].split("#")[0])
    assert "Gracias: su comentario se publicó" in shown.text
    assert "&lt;script&gt;alert(" in shown.text and "<script>alert(" not in shown.text
    assert "&lt;b&gt;Juan&lt;/b&gt;" in shown.text
    empty = await client.post(f"{form}/comments", data={"body": "", "_csrf_token": headers["X-CSRFToken"]})
    assert empty.status_code == 422 and "Este campo es obligatorio." in empty.text
    long = await client.post(
        f"{form}/comments", data={"body": "z" * 5001, "_csrf_token": headers["X-CSRFToken"]}
    )
    assert long.status_code == 422 and "El texto es demasiado largo." in long.text
    forged = await client.post(f"{form}/comments", data={"body": "sin token"})
    assert forged.status_code == 403


async def test_anonymous_commenters_reach_nothing_else(client, cast, opened):
    headers = await _anonymous(client)
    report, consultation = opened["report"], opened["consultation"]
    comment = await _comment(consultation)
    for method, url in (
        ("GET", f"/api/v1/reports/{report}"),
        ("GET", f"/api/v1/reports/{report}/pdf"),
        ("GET", f"/api/v1/reports/{report}/consultation"),
        ("POST", f"/api/v1/reports/{report}/consultation/close"),
        ("POST", f"/api/v1/consultation-comments/{comment}/reply"),
        ("POST", f"/api/v1/consultation-comments/{comment}/hide"),
    ):
        response = await client.request(method, url, headers=headers, json={"text": "x", "reason": "xyz"})
        assert response.status_code == 401, (method, url)
    for url in (f"/reports/{report}", f"/reports/{report}/consultation"):
        assert (await client.get(url)).status_code in (302, 303), url
    other = await _draft(cast, "en")  # a draft that is not in consultation
    listed = (await client.get("/api/v1/consultations")).json()
    assert [c["report_id"] for c in listed] == [report] and other != report
    assert (await client.get(f"/public/consultations/{consultation + 1000}")).status_code == 404
    assert (await client.get(f"/public/reports/{report}/pdf")).status_code == 404  # a draft is no report
    pdf = await client.get(f"/public/consultations/{consultation}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_the_commission_runs_it_over_the_api(client, cast, draft):
    await login(client, "analyst")
    opened = await client.post(
        f"/api/v1/reports/{draft}/consultation", json={"days": 10}, headers=csrf(client)
    )
    assert opened.status_code == 201, opened.text
    body = opened.json()
    assert body["state"] == "open" and body["received"] == 0
    comment = await _comment(body["id"], email="vecina@example.org")
    detail = (await client.get(f"/api/v1/reports/{draft}/consultation")).json()
    assert detail["comments"][0]["email"] == "vecina@example.org"  # the commission may write back
    replied = await client.post(
        f"/api/v1/consultation-comments/{comment}/reply", json={"text": "Gracias."}, headers=csrf(client)
    )
    assert replied.status_code == 200 and replied.json()["answered"] == 1
    hidden = await client.post(
        f"/api/v1/consultation-comments/{comment}/hide", json={"reason": "Ofensivo"}, headers=csrf(client)
    )
    assert hidden.status_code == 200 and hidden.json()["hidden"] == 1
    statement = await client.put(
        f"/api/v1/reports/{draft}/consultation/statement",
        json={"text": "Se tomaron en cuenta.", "revision": hidden.json()["revision"]},
        headers=csrf(client),
    )
    assert statement.status_code == 200, statement.text
    closed = await client.post(f"/api/v1/reports/{draft}/consultation/close", headers=csrf(client))
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    report = (await client.get(f"/api/v1/reports/{draft}")).json()
    assert report["render_state"] == "ready"  # rendered again with the consultation as it stands
    model_text = pdf_text((await client.get(f"/api/v1/reports/{draft}/pdf")).content)
    assert "Se tomaron en cuenta." in model_text and "Comentarios ocultados por abusivos 1" in model_text
    assert "Falta el dato de 2025." not in model_text  # a hidden comment is counted, not printed


async def test_the_commission_runs_it_from_its_page_in_english(client, cast, draft):
    await login(client, "analyst")
    token = client.cookies.get("csrftoken", "")
    base = f"/reports/{draft}/consultation"
    page = await client.get(f"{base}?lang=en")
    assert "Publish the draft for comment" in page.text and 'value="14"' in page.text
    assert "Public consultation of the draft" in (await client.get(f"/reports/{draft}")).text  # the link
    opened = await client.post(base, data={"days": "14", "_csrf_token": token})
    assert opened.status_code == 303
    found = await consultation_of_report(cast["analyst"], draft)
    assert found is not None
    comment = await _comment(found.id, body="Revisen el compromiso 5.", name="Vecina")
    replied = await client.post(
        f"{base}/comments/{comment}/reply", data={"text": "Revisado.", "_csrf_token": token}
    )
    assert replied.status_code == 303
    refused = await client.post(f"{base}/comments/{comment}/hide", data={"reason": "", "_csrf_token": token})
    assert refused.status_code == 422  # a reason is required
    stale = await client.post(f"{base}/statement", data={"text": "x", "revision": "1", "_csrf_token": token})
    assert stale.status_code == 409 and "reload the page" in stale.text  # the language stuck
    closed = await client.post(f"{base}/close", data={"_csrf_token": token})
    assert closed.status_code == 303
    page = await client.get(f"{base}?lang=en")
    assert "Revisen el compromiso 5." in page.text and "Revisado." in page.text
    assert "Closed" in page.text and "Close the consultation now" not in page.text
    await login(client, "minfin")
    assert (await client.get(base)).status_code == 403

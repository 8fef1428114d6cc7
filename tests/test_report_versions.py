"""Re-issuing a report of the same scope makes its next version: the later supersedes the earlier
(both stay verifiable, the later says what it replaces, the portal lists the latest) and file
names say draft or version."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from commitments import clock
from commitments.i18n import format_date
from commitments.services.reports import (
    get_report,
    issue_report,
    public_reports,
    report_pdf,
    verify_pdf,
)
from tests.report_helpers import AS_OF, build_workflow, issue_complete, pdf_text
from tests.web import csrf, login


async def test_a_second_issue_of_a_scope_is_version_two_and_supersedes_the_first(cast):
    await build_workflow(cast)
    analyst = cast["analyst"]
    first = await issue_complete(analyst, "OGP", "2026-S2", "es")
    assert (first.edition, first.supersedes, first.superseded_by) == (1, None, None)
    second = await issue_complete(analyst, "OGP", "2026-S2", "es")
    assert (second.edition, second.supersedes) == (2, first.id)
    assert (await get_report(analyst, first.id)).superseded_by == second.id
    other_language = await issue_complete(analyst, "OGP", "2026-S2", "en")
    assert (other_language.edition, other_language.supersedes) == (1, None)

    text = pdf_text(await report_pdf(analyst, second.id))
    finalized = format_date(clock.local_date(first.finalized_at), "es")
    assert f"2: sustituye a la versión 1 (finalizada el {finalized}; identificador" in text
    assert first.snapshot_sha256[:16] in text
    assert "Versión 1" in pdf_text(await report_pdf(analyst, first.id))
    # Both stay verifiable; the earlier one says it was superseded.
    old = await verify_pdf(await report_pdf(analyst, first.id))
    assert old is not None and old.id == first.id and old.superseded_by == second.id
    assert (await verify_pdf(await report_pdf(analyst, second.id))).edition == 2
    listed = {r.id for r in await public_reports()}
    assert second.id in listed and first.id not in listed and other_language.id in listed


async def test_file_names_say_draft_or_version(client, cast):
    await build_workflow(cast)
    draft = await issue_report(cast["analyst"], "MESICIC", "ALL", "2026-S2", "es", final=False, as_of=AS_OF)
    final = await issue_complete(cast["analyst"], "OGP", "2026-S2", "en")
    await login(client, "analyst")
    named = {
        report_id: (await client.get(f"/api/v1/reports/{report_id}/pdf")).headers["content-disposition"]
        for report_id in (draft.id, final.id)
    }
    assert 'filename="MESICIC-all-2026-S2-es-draft.pdf"' in named[draft.id]
    assert 'filename="OGP-AP3-2026-S2-en-v1.pdf"' in named[final.id]
    public = await client.get(f"/public/reports/{final.id}/pdf")
    assert 'filename="OGP-AP3-2026-S2-en-v1.pdf"' in public.headers["content-disposition"]
    page = await client.get(f"/reports/{final.id}")
    assert 'data-edition="1"' in page.text
    detail = (await client.get(f"/api/v1/reports/{final.id}", headers=csrf(client))).json()
    assert detail["edition"] == 1 and detail["supersedes"] is None


def test_two_finalizations_of_one_scope_at_once_never_make_the_same_version(cli_env):
    """Against a real server on the demo, 12 rounds of two drafts of one scope finalized at the
    same time: the versions issued are 1, 2, 3, … with no number twice (a refused one is a 409)."""
    from tests.clirun import call, init_demo, served, user_token

    env = {**cli_env, "COMMITMENTS_SECRET_KEY": "versions-race-secret-0123456789abcdef0123456789"}
    assert init_demo(env).returncode == 0
    analyst = user_token(env, "versiones@test.gt", "analyst")
    body = json.dumps({"mechanism": "MESICIC", "period": "2026-S2", "locale": "es"}).encode()

    def draft() -> int:
        status, created = call(base, analyst, "POST", "/api/v1/reports", body, "application/json")
        assert status == 202, created
        report_id = json.loads(created)["id"]
        for _ in range(200):
            state = json.loads(call(base, analyst, "GET", f"/api/v1/reports/{report_id}")[1])["render_state"]
            if state == "ready":
                return report_id
            assert state != "failed"
            __import__("time").sleep(0.05)
        raise AssertionError("never rendered")

    def finalize(report_id: int) -> int:
        return call(base, analyst, "POST", f"/api/v1/reports/{report_id}/finalize")[0]

    with served(env) as base, ThreadPoolExecutor(max_workers=2) as pool:
        for _ in range(12):
            pair = [draft(), draft()]
            outcomes = list(pool.map(finalize, pair))
            assert set(outcomes) <= {200, 409} and 200 in outcomes, outcomes
        status, listed = call(base, analyst, "GET", "/api/v1/reports?state=final")
        editions = sorted(r["edition"] for r in json.loads(listed) if r["mechanism"] == "MESICIC")
        assert editions == list(range(1, len(editions) + 1)), editions
        assert len(editions) >= 12


async def test_the_word_copy_has_the_same_sections_headings_and_entries(client, cast):
    import io

    import docx

    from commitments.services.report_sections import save_section

    await build_workflow(cast)
    draft = await issue_report(cast["analyst"], "OGP", "AP3", "2026-S2", "es", final=False, as_of=AS_OF)
    await save_section(cast["analyst"], draft.id, "background", "Texto con **negrita** y\n\n- un punto", 1)
    from commitments.services.reports import render_report

    await render_report(draft.id, actor=cast["analyst"], as_of=AS_OF)
    await login(client, "analyst")
    got = await client.get(f"/api/v1/reports/{draft.id}/docx")
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument")
    assert 'filename="OGP-AP3-2026-S2-es-draft.docx"' in got.headers["content-disposition"]
    document = docx.Document(io.BytesIO(got.content))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Antecedentes e introducción") in headings
    assert ("Heading 1", "Implementación de los compromisos") in headings
    assert any(style == "Heading 3" and text.startswith("Compromiso GT0079") for style, text in headings)
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "negrita" in bold
    assert any(p.style.name == "List Bullet" and p.text == "un punto" for p in document.paragraphs)
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Se publicó el presupuesto abierto." in body and "BORRADOR" in body
    assert document.core_properties.language == "es"
    page = await client.get(f"/reports/{draft.id}")
    assert f'href="/reports/{draft.id}/docx"' in page.text
    assert (await client.get(f"/reports/{draft.id}/docx")).status_code == 200

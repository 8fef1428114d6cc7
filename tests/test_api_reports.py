"""Reports through the API: generate in the background, download, finalize, send, verify."""

import io

import pytest
from pypdf import PdfReader

from tests.report_helpers import complete_over_api, workflow_cycle
from tests.web import csrf, login

PERIOD = {
    "code": "2033-S1",
    "starts_on": "2033-01-01",
    "ends_on": "2033-06-30",
    "response_deadline": "2033-07-15",
}


async def _draft(client, mechanism="OGP", locale="es") -> dict:
    await login(client, "analyst")
    await client.post("/api/v1/periods", json=PERIOD, headers=csrf(client))
    created = await client.post(
        "/api/v1/reports",
        headers=csrf(client),
        json={
            "mechanism": mechanism,
            "cycle": workflow_cycle(mechanism),
            "period": "2033-S1",
            "locale": locale,
        },
    )
    assert created.status_code == 202, created.text
    assert created.json()["state"] == "draft"
    report = (await client.get(f"/api/v1/reports/{created.json()['id']}")).json()
    assert report["render_state"] == "ready", report
    return report


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


async def test_analyst_generates_downloads_finalizes_and_verifies(client):
    report = await _draft(client)
    pdf = await client.get(f"/api/v1/reports/{report['id']}/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"]
    assert "Página 1 de" in _text(pdf.content)
    await complete_over_api(client, report["id"])
    final = await client.post(f"/api/v1/reports/{report['id']}/finalize", headers=csrf(client))
    assert final.status_code == 200 and final.json()["state"] == "final"
    issued = (await client.get(f"/api/v1/reports/{report['id']}/pdf")).content
    verified = await client.post(
        "/api/v1/reports/verify", headers=csrf(client), files={"file": ("r.pdf", issued, "application/pdf")}
    )
    assert verified.json()["issued"] is True and verified.json()["report"]["id"] == report["id"]
    forged = await client.post(
        "/api/v1/reports/verify",
        headers=csrf(client),
        files={"file": ("r.pdf", issued + b"\n%", "application/pdf")},
    )
    assert forged.json() == {"issued": False, "report": None}
    raw = await client.post(
        "/api/v1/reports/verify", content=issued, headers={"Content-Type": "application/pdf"}
    )
    assert raw.status_code == 200 and raw.json()["issued"] is True
    sent = await client.post(
        f"/api/v1/reports/{report['id']}/sent",
        headers=csrf(client),
        json={
            "sent_to": "Secretaría Técnica del MESICIC",
            "sent_on": "2033-07-20",
            "transmittal_ref": "Oficio 12-2033",
        },
    )
    assert sent.json()["state"] == "sent" and sent.json()["transmittal_ref"] == "Oficio 12-2033"
    again = await client.post(f"/api/v1/reports/{report['id']}/finalize", headers=csrf(client))
    assert again.status_code == 409


async def test_english_consolidated_report(client):
    report = await _draft(client, mechanism="ALL", locale="en")
    text = _text((await client.get(f"/api/v1/reports/{report['id']}/pdf")).content)
    assert "Page 1 of" in text


async def test_reviewer_reads_final_reports_only_and_focal_points_none(client):
    report = await _draft(client)
    await login(client, "reviewer")
    assert (await client.get(f"/api/v1/reports/{report['id']}")).status_code == 404
    assert report["id"] not in [r["id"] for r in (await client.get("/api/v1/reports")).json()]
    await login(client, "analyst")
    await complete_over_api(client, report["id"])
    await client.post(f"/api/v1/reports/{report['id']}/finalize", headers=csrf(client))
    await login(client, "reviewer")
    assert (await client.get(f"/api/v1/reports/{report['id']}/pdf")).status_code == 200
    made = await client.post(
        "/api/v1/reports",
        headers=csrf(client),
        json={"mechanism": "OGP", "period": "2033-S1", "locale": "es"},
    )
    assert made.status_code == 403
    await login(client, "minfin")
    assert (await client.get(f"/api/v1/reports/{report['id']}")).status_code == 403


async def test_bad_report_requests(client):
    await login(client, "analyst")
    for body, status in (
        ({"mechanism": "NOPE", "period": "2033-S1"}, 422),
        ({"mechanism": "OGP", "period": "1999-S9"}, 422),
        ({"mechanism": "OGP", "period": "2033-S1", "locale": "fr"}, 422),
        ({"period": "2033-S1"}, 400),
    ):
        response = await client.post("/api/v1/reports", json=body, headers=csrf(client))
        assert response.status_code in (status, 404), (body, response.text)
    no_file = await client.post("/api/v1/reports/verify", headers=csrf(client), files={"other": ("x", b"x")})
    assert no_file.status_code == 422
    assert (await client.get("/api/v1/reports/999999")).status_code == 404


async def test_anyone_may_verify_but_only_the_commission_learns_who_generated(client):
    report = await _draft(client)
    await complete_over_api(client, report["id"])
    await client.post(f"/api/v1/reports/{report['id']}/finalize", headers=csrf(client))
    issued = (await client.get(f"/api/v1/reports/{report['id']}/pdf")).content
    client.cookies.clear()
    await client.get("/health")
    await client.get("/api/v1/auth/me")  # an anonymous visitor's csrftoken
    answer = await client.post(
        "/api/v1/reports/verify", headers=csrf(client), files={"file": ("r.pdf", issued, "application/pdf")}
    )
    assert answer.status_code == 200 and answer.json()["issued"] is True
    assert answer.json()["report"]["generated_by"] is None


async def test_a_draft_renders_again_from_the_current_data_but_a_final_report_never(client):
    report = await _draft(client)
    rec = (await client.get("/api/v1/recommendations", params={"q": "GT0079"})).json()["items"][0]
    await client.post(
        f"/api/v1/recommendations/{rec['id']}/assessments",
        headers=csrf(client),
        json={"period": "2033-S1", "level": "complete", "narrative": "Cumplido."},
    )
    again = await client.post(f"/api/v1/reports/{report['id']}/render", headers=csrf(client))
    assert again.status_code == 202
    fresh = (await client.get(f"/api/v1/reports/{report['id']}")).json()
    assert fresh["render_state"] == "ready"
    assert fresh["snapshot_sha256"] != report["snapshot_sha256"]  # the new rating is in it
    await complete_over_api(client, report["id"])
    await client.post(f"/api/v1/reports/{report['id']}/finalize", headers=csrf(client))
    frozen = await client.post(f"/api/v1/reports/{report['id']}/render", headers=csrf(client))
    assert frozen.status_code == 409


async def test_a_pdf_to_verify_is_hashed_as_it_arrives():
    import hashlib

    from commitments.uploads import TooLarge
    from server.streaming import streamed_digest

    chunk = b"%PDF-1.4 " + b"x" * (1024 * 1024 - 9)

    class Streaming:
        headers = {"content-type": "multipart/form-data; boundary=XyZ"}

        async def stream(self):
            yield b'--XyZ\r\nContent-Disposition: form-data; name="note"\r\n\r\nhola\r\n'
            yield b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n'
            for _ in range(64):  # 64 MB, one megabyte at a time
                yield chunk
            yield b"\r\n--XyZ--\r\n"

    digest = await streamed_digest(Streaming(), limit=100 * 1024 * 1024)
    assert digest.sha256 == hashlib.sha256(chunk * 64).hexdigest() and digest.file_name == "big.pdf"
    with pytest.raises(TooLarge):
        await streamed_digest(Streaming(), limit=10 * 1024 * 1024)


async def test_the_schema_is_served_without_viewers_from_other_sites(client):
    assert (await client.get("/schema/openapi.json")).status_code == 200
    for viewer in ("swagger", "redoc", "elements", "rapidoc"):
        assert (await client.get(f"/schema/{viewer}")).status_code == 404

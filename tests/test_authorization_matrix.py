"""Every API route × every role, aimed at objects of the MINFIN agency.

A focal point of another agency (SAT) touching MINFIN's assignment, response or internal
evidence gets 404; a reviewer writing gets 403; an anonymous caller gets 401. A member of a
civil-society organisation (Acción Ciudadana) reads what a reviewer reads but reports, writes
only its own organisation's assessment, and touches nothing else; nobody but the organisation
writes that assessment, the commission included.
"""

import datetime as dt

import pytest

from commitments import clock
from commitments.actor import SYSTEM
from commitments.roundtables.schemas import ActivityIn, RoundtableIn
from commitments.roundtables.service import add_activity, create_roundtable
from commitments.schemas import CivilAssessmentIn, CommentIn, ConsultationIn, EvidenceIn, PeriodIn, ResponseIn
from commitments.scorecard.schemas import ContestIn
from commitments.scorecard.scoring import contest
from commitments.services.civil_society import save_assessment
from commitments.services.consultations import open_consultation, post_comment
from commitments.services.evidence import upload_evidence
from commitments.services.periods import create_period
from commitments.services.reports import create_report, render_report
from commitments.services.responses import save_response
from commitments.services.users import create_token
from commitments.tables import Assignment, Recommendation, User
from server.app import create_app
from tests.cast import CAST
from tests.report_helpers import document_id
from tests.scorecard_world import scored_year

MATRIX_YEAR = 2098

ROLES = ("anonymous", "reviewer", "sat", "minfin", "analyst", "civic")
W = {"anonymous": 401, "reviewer": 403, "sat": 403, "minfin": 403, "civic": 403}  # commission-only writes
R = {"anonymous": 401, "reviewer": 200, "sat": 200, "minfin": 200, "analyst": 200, "civic": 200}  # open reads
OWN = {
    "anonymous": 401,
    "reviewer": 200,
    "sat": 404,
    "minfin": 200,
    "analyst": 200,
    "civic": 200,
}  # MINFIN's rec
DRAFT_REPORT = {"anonymous": 401, "reviewer": 404, "sat": 403, "minfin": 403, "analyst": 200, "civic": 403}
PRIVATE = {"anonymous": 401, "reviewer": 404, "sat": 404, "minfin": 200, "analyst": 200, "civic": 404}
PUBLIC = dict.fromkeys(ROLES, 200)  # open data: everybody, signed in or not
COMMISSION = {**W, "analyst": 200}
# Only the organisation writes its own assessment (the cast's civic member: Acción Ciudadana).
CIVIL_ASSESSMENT = {
    "anonymous": 401,
    "reviewer": 403,
    "sat": 404,
    "minfin": 403,
    "analyst": 403,
    "civic": 200,
}
# Anyone comments on a draft in consultation: five callers, the throttle's allowance per client.
COMMENT = {"anonymous": 200, "reviewer": 200, "sat": 200, "analyst": 200, "civic": 200}
# A rating year in review: shared with the agencies, not yet public.
SHARED = {"anonymous": 404, "reviewer": 404, "sat": 200, "minfin": 200, "analyst": 200}
DRAFT = {"anonymous": 404, "reviewer": 404, "sat": 404, "minfin": 404, "analyst": 200}
FIXED = {**W, "analyst": 409}

# (method, path, body, expected status per role); {rec}, {asg}, {resp}, {ev} are MINFIN's.
MATRIX = [
    ("GET", "/api/v1/auth/me", None, R),
    ("GET", "/api/v1/auth/mail", None, R),
    ("POST", "/api/v1/auth/locale", {"locale": "es"}, R),
    # A wrong current password: everybody signed in gets as far as the check.
    (
        "POST",
        "/api/v1/auth/password",
        {"current_password": "not it at all", "new_password": "a long passphrase"},
        {"anonymous": 401, "reviewer": 422, "sat": 422, "minfin": 422, "analyst": 422, "civic": 422},
    ),
    ("PATCH", "/api/v1/users/{usr}", {"locale": "en"}, {**W, "analyst": 403}),
    ("POST", "/api/v1/users/{usr}/password-reset", None, {**W, "analyst": 403}),
    ("GET", "/api/v1/mechanisms", None, R),
    ("GET", "/api/v1/mechanisms/OGP", None, R),
    ("GET", "/api/v1/agencies", None, R),
    ("POST", "/api/v1/agencies", {"code": "ZZ", "name_es": "Z"}, {**W, "analyst": 403}),
    ("PATCH", "/api/v1/agencies/MINFIN", {"active": True}, {**W, "analyst": 403}),
    ("GET", "/api/v1/country", None, R),
    ("PATCH", "/api/v1/country", {"contact_url": "https://x.example.org/"}, {**W, "analyst": 403}),
    ("GET", "/api/v1/cycles", None, R),
    ("POST", "/api/v1/cycles", {"mechanism": "OGP", "code": "AP9"}, W),
    ("GET", "/api/v1/review-documents", None, R),
    ("GET", "/api/v1/review-documents/{doc}", None, R),
    ("POST", "/api/v1/review-documents", {"mechanism": "OGP", "reference": "M-DOC"}, {**W, "analyst": 201}),
    ("PATCH", "/api/v1/review-documents/{doc}", {"version": 99}, {**W, "analyst": 409}),
    ("GET", "/api/v1/periods", None, R),
    (
        "POST",
        "/api/v1/periods",
        {
            "code": "2040-S1",
            "starts_on": "2040-01-01",
            "ends_on": "2040-06-30",
            "response_deadline": "2040-07-01",
        },
        W,
    ),
    ("PATCH", "/api/v1/periods/2035-S1", {"open": True}, W),
    ("GET", "/api/v1/users", None, {**W, "analyst": 403}),
    (
        "POST",
        "/api/v1/users",
        {"email": "z@test.gt", "password": "a long passphrase", "role": "reviewer"},
        {**W, "analyst": 403},
    ),
    ("GET", "/api/v1/recommendations", None, R),
    (
        "POST",
        "/api/v1/recommendations",
        {"mechanism": "OGP", "cycle": "AP3", "reference": "M-1", "text": "t"},
        W,
    ),
    ("GET", "/api/v1/recommendations/{rec}", None, OWN),
    ("PATCH", "/api/v1/recommendations/{rec}", {"version": 99}, W),
    ("PUT", "/api/v1/recommendations/{rec}/translations/en", {"text": "x", "version": 99}, W),
    ("GET", "/api/v1/recommendations/{rec}/assignments", None, OWN),
    ("POST", "/api/v1/recommendations/{rec}/assignments", {"agency": "SAT"}, W),
    ("GET", "/api/v1/recommendations/{rec}/responses", None, OWN),
    ("GET", "/api/v1/recommendations/{rec}/evidence", None, OWN),
    (
        "POST",
        "/api/v1/recommendations/{rec}/evidence",
        "multipart",
        {"anonymous": 401, "reviewer": 403, "sat": 404, "minfin": 201, "civic": 403},
    ),
    ("GET", "/api/v1/recommendations/{rec}/assessments", None, OWN),
    ("POST", "/api/v1/recommendations/{rec}/assessments", {"period": "2035-S1", "level": "limited"}, W),
    ("GET", "/api/v1/recommendations/{rec}/links", None, OWN),
    ("POST", "/api/v1/recommendations/{rec}/links", {"other": 1}, W),
    ("GET", "/api/v1/assignments", None, R),
    ("GET", "/api/v1/assignments/{asg}", None, PRIVATE),
    ("DELETE", "/api/v1/assignments/{asg}", None, {**W, "sat": 404}),
    ("GET", "/api/v1/assignments/{asg}/responses", None, PRIVATE),
    (
        "POST",
        "/api/v1/assignments/{asg}/responses",
        {"period": "2035-S1", "actions_taken": "x"},
        {"anonymous": 401, "reviewer": 403, "sat": 404, "minfin": 409, "civic": 403},
    ),
    (
        "POST",
        "/api/v1/assignments/{asg}/answer",
        "answer",
        {"anonymous": 401, "reviewer": 403, "sat": 404, "minfin": 409, "civic": 403},
    ),
    ("GET", "/api/v1/responses", None, R),
    ("GET", "/api/v1/responses/{resp}", None, PRIVATE),
    ("POST", "/api/v1/responses/{resp}/review", {"decision": "return", "comment": "x"}, {**W, "sat": 404}),
    # Only an agency's validating authority approves; nobody in the cast is one.
    (
        "POST",
        "/api/v1/responses/{resp}/approval",
        {"decision": "approve"},
        {"anonymous": 401, "reviewer": 403, "sat": 403, "minfin": 403, "analyst": 403, "civic": 403},
    ),
    ("GET", "/api/v1/evidence/{ev}", None, PRIVATE),
    ("GET", "/api/v1/evidence/{ev}/file", None, PRIVATE),
    ("POST", "/api/v1/evidence/{ev}/verification", {"verification": "verified"}, {**W, "sat": 404}),
    ("GET", "/api/v1/reports", None, {**R, "sat": 403, "minfin": 403, "civic": 403}),
    ("POST", "/api/v1/reports", {"mechanism": "OGP", "period": "2035-S1", "locale": "es"}, W),
    ("GET", "/api/v1/reports/{rep}", None, DRAFT_REPORT),
    ("GET", "/api/v1/reports/{rep}/pdf", None, DRAFT_REPORT),
    ("GET", "/api/v1/reports/{rep}/docx", None, DRAFT_REPORT),
    ("POST", "/api/v1/reports/{rep}/finalize", None, W),
    ("GET", "/api/v1/reports/{rep}/sections", None, DRAFT_REPORT),
    ("PUT", "/api/v1/reports/{rep}/sections/background", {"text": "x", "version": 1}, {**W, "analyst": 200}),
    ("POST", "/api/v1/reports/{rep}/render", None, W),
    ("POST", "/api/v1/reports/{rep}/sent", {"sent_to": "OEA", "sent_on": "2035-07-02"}, W),
    ("POST", "/api/v1/reports/verify", "verify", {**R, "anonymous": 200}),
    ("POST", "/api/v1/imports", "import", {**W, "analyst": 200}),
    ("GET", "/api/v1/open-data/recommendations.csv", None, PUBLIC),
    ("GET", "/api/v1/open-data/recommendations.json", None, PUBLIC),
    ("GET", "/api/v1/open-data/recommendations.schema.json", None, PUBLIC),
    # Civil society's voice (tests/test_civil_society.py, tests/test_consultation.py).
    ("GET", "/api/v1/organisations", None, R),
    ("POST", "/api/v1/organisations", {"name": "Otra Organización"}, {**W, "analyst": 403}),
    ("GET", "/api/v1/recommendations/{rec}/civil-society-assessments", None, OWN),
    (
        "POST",
        "/api/v1/recommendations/{rec}/civil-society-assessments",
        {"period": "2035-S1", "level": "limited", "narrative": "Sin datos.", "version": 1},
        CIVIL_ASSESSMENT,
    ),
    ("POST", "/api/v1/civil-society-assessments/{csa}/reply", {"text": "Gracias."}, COMMISSION),
    ("GET", "/api/v1/consultations", None, PUBLIC),
    ("GET", "/api/v1/consultations/{con}", None, PUBLIC),
    ("POST", "/api/v1/consultations/{con}/comments", {"body": "Falta un dato."}, COMMENT),
    ("GET", "/api/v1/reports/{rep}/consultation", None, COMMISSION),
    ("POST", "/api/v1/reports/{rep}/consultation", {"days": 14}, {**W, "analyst": 409}),
    (
        "PUT",
        "/api/v1/reports/{rep}/consultation/statement",
        {"text": "x", "revision": 999},
        {**W, "analyst": 409},
    ),
    ("POST", "/api/v1/consultation-comments/{com}/reply", {"text": "Gracias."}, COMMISSION),
    ("POST", "/api/v1/consultation-comments/{com}/hide", {"reason": "Ofensivo"}, COMMISSION),
    ("PUT", "/api/v1/reports/{rep}/civil-society-annex", {"include": True}, COMMISSION),
    ("POST", "/api/v1/reports/{rep}/consultation/close", None, COMMISSION),  # last: no comment after it
    ("GET", "/api/v1/open-data/assessments.csv", None, PUBLIC),
    ("GET", "/api/v1/open-data/assessments.json", None, PUBLIC),
    ("GET", "/api/v1/open-data/assessments.schema.json", None, PUBLIC),
    # Roundtables: anyone signed in reads them; the commission starts one; its coordinator (the
    # analyst, who is behind here: a stale version) changes it.
    ("GET", "/api/v1/roundtables", None, R),
    ("POST", "/api/v1/roundtables", {"code": "MATRIX", "topic_es": "Mesa"}, W),
    ("GET", "/api/v1/roundtables/{rt}", None, R),
    ("PATCH", "/api/v1/roundtables/{rt}", {"version": 99}, {**W, "analyst": 409}),
    ("POST", "/api/v1/roundtables/{rt}/activities", {"description_es": "Foro"}, W),
    ("PATCH", "/api/v1/roundtables/{rt}/activities/{act}", {"version": 99}, {**W, "analyst": 409}),
    # The transparency rating, year {yr} in review (MINFIN and SAT rated): its draft is the
    # commission's and, for its own scores, MINFIN's; its methodology is fixed (409).
    ("GET", "/api/v1/scorecards", None, PUBLIC),
    ("POST", "/api/v1/scorecards", {"year": 2097, "agencies": ["MINFIN"]}, W),
    ("GET", "/api/v1/scorecards/{yr}", None, SHARED),
    ("POST", "/api/v1/scorecards/{yr}/indicators", {"code": "5", "title_es": "Otro", "weight": 1}, FIXED),
    ("PATCH", "/api/v1/scorecards/{yr}/indicators/1", {"weight": 30}, FIXED),
    ("DELETE", "/api/v1/scorecards/{yr}/indicators/1", None, FIXED),
    (
        "POST",
        "/api/v1/scorecards/{yr}/criteria",
        {"indicator": "1", "code": "1.9", "title_es": "Otro", "weight": 1},
        FIXED,
    ),
    ("PATCH", "/api/v1/scorecards/{yr}/criteria/1.1", {"weight": 30}, FIXED),
    ("DELETE", "/api/v1/scorecards/{yr}/criteria/1.1", None, FIXED),
    ("GET", "/api/v1/scorecards/{yr}/ranking", None, DRAFT),
    ("GET", "/api/v1/scorecards/{yr}/pdf", None, DRAFT),
    ("GET", "/api/v1/scorecards/{yr}/agencies/MINFIN", None, {**DRAFT, "minfin": 200}),
    (
        "PUT",
        "/api/v1/scorecards/{yr}/agencies/MINFIN/scores",
        {"scores": [{"criterion": "1.1", "score": 50}]},
        W,
    ),
    (
        "POST",
        "/api/v1/scorecards/{yr}/agencies/MINFIN/contests",
        {"criterion": "1.1", "reason": "x"},
        {"anonymous": 401, "reviewer": 403, "sat": 404, "minfin": 201, "analyst": 403},
    ),
    ("GET", "/api/v1/scorecards/{yr}/contests", None, {**SHARED, "anonymous": 401}),
    ("POST", "/api/v1/scorecards/{yr}/contests/{ct}/answer", {"decision": "rejected", "answer": "No."}, W),
    (
        "POST",
        "/api/v1/scorecards/{yr}/review",
        {"contest_opens_on": "{today}", "contest_closes_on": "{today}"},
        W,
    ),
    ("POST", "/api/v1/scorecards/{yr}/publish", None, {**W, "analyst": 409}),
    ("GET", "/api/v1/scorecards/agencies/MINFIN", None, PUBLIC),
    ("GET", "/api/v1/open-data/scorecards.csv", None, PUBLIC),
    ("GET", "/api/v1/open-data/scorecards.json", None, PUBLIC),
    ("GET", "/api/v1/open-data/scorecards.schema.json", None, PUBLIC),
]


async def _minfin_objects(cast) -> dict[str, int]:
    await create_period(
        cast["analyst"],
        PeriodIn(
            code="2035-S1",
            starts_on=dt.date(2035, 1, 1),
            ends_on=dt.date(2035, 6, 30),
            response_deadline=dt.date(2035, 7, 1),
        ),
        open_now=True,
    )
    rec = (
        await Recommendation.select(Recommendation.id).where(Recommendation.code == "OGP-AP3-GT0079").first()
    )
    asg = (
        await Assignment.select(Assignment.id)
        .where((Assignment.recommendation == rec["id"]) & (Assignment.agency.code == "MINFIN"))
        .first()
    )
    resp = await save_response(
        cast["minfin"], asg["id"], ResponseIn(period="2035-S1", actions_taken="Hecho", submit=True)
    )
    ev = await upload_evidence(
        cast["minfin"],
        rec["id"],
        EvidenceIn(title="Interno", visibility="internal"),
        b"%PDF-1.4 test",
        "interno.pdf",
    )
    rep = await create_report(cast["analyst"], "OGP", None, "2035-S1", "es")
    await render_report(rep, actor=cast["analyst"])
    usr = await User.select(User.id).where(User.email == CAST["sat"][0]).first()
    csa = await save_assessment(
        cast["civic"], rec["id"], CivilAssessmentIn(period="2035-S1", level="limited", narrative="Sin datos.")
    )
    con = await open_consultation(cast["analyst"], rep, ConsultationIn())
    com = await post_comment(con, CommentIn(body="Un comentario."), "192.0.2.1")
    rt = await create_roundtable(
        cast["analyst"], RoundtableIn(code="MATRIX-RT", topic_es="Mesa de la matriz")
    )
    act = await add_activity(cast["analyst"], rt, ActivityIn(description_es="Foro"))
    await scored_year(cast["analyst"], MATRIX_YEAR, ["MINFIN", "SAT"])
    ct = await contest(cast["minfin"], MATRIX_YEAR, "MINFIN", ContestIn(criterion="1.2", reason="x"))
    ids = {"rec": rec["id"], "asg": asg["id"], "resp": resp.id, "ev": ev, "rep": rep, "usr": usr["id"]}
    civic = {"csa": csa, "con": con, "com": com, "doc": await document_id("OGP")}
    instruments = {"rt": rt, "act": act, "yr": MATRIX_YEAR, "ct": ct, "today": clock.today().isoformat()}
    return {**ids, **civic, **instruments}


def _body(body, ids):
    if isinstance(body, dict):  # dates of today, from the clock
        body = {k: v.format(**ids) if isinstance(v, str) and "{" in v else v for k, v in body.items()}
    if body == "multipart":
        return {"files": {"file": ("a.pdf", b"%PDF-1.4 x")}, "data": {"title": "t"}}
    if body == "import":  # a dry run: the matrix checks who may, not what it does
        return {
            "files": {"file": ("r.csv", b"mechanism,cycle,reference,text\nOGP,AP9,M-1,t\n")},
            "data": {"dry_run": "true"},
        }
    if body == "answer":  # MINFIN's response is already submitted: its agency gets 409
        return {
            "files": {"file": ("a.pdf", b"%PDF-1.4 x")},
            "data": {"period": "2035-S1", "actions_taken": "x"},
        }
    if body == "verify":
        return {"files": {"file": ("a.pdf", b"%PDF-1.4 x")}}
    return {"json": body} if body is not None else {}


def test_the_matrix_covers_every_api_route():
    app = create_app(manage_pool=False)
    routes = {
        (method, route.path)
        for route in app.routes
        if route.path.startswith("/api/v1")
        for method in getattr(route, "methods", set()) - {"HEAD", "OPTIONS"}
    }
    normalise = {
        "{rec}": "{rec_id:int}",
        "{asg}": "{assignment_id:int}",
        "{resp}": "{response_id:int}",
        "{ev}": "{evidence_id:int}",
        "{rep}": "{report_id:int}",
        "{usr}": "{user_id:int}",
        "{doc}": "{document_id:int}",
        "/translations/en": "/translations/{language:str}",
        "/MINFIN": "/{code:str}",
        "/OGP": "/{code:str}",
        "/2035-S1": "/{code:str}",
        "/background": "/{key:str}",
        "{csa}": "{assessment_id:int}",
        "{con}": "{consultation_id:int}",
        "{com}": "{comment_id:int}",
        "{rt}": "{roundtable_id:int}",
        "{act}": "{activity_id:int}",
        "{yr}": "{year:int}",
        "{ct}": "{contest_id:int}",
        "/indicators/1": "/indicators/{code:str}",
        "/criteria/1.1": "/criteria/{code:str}",
    }
    covered = set()
    for method, path, _, _ in MATRIX:
        for short, full in normalise.items():
            path = path.replace(short, full)
        covered.add((method, path))
    # Open to anyone by design, and tested on their own (tests/test_accounts.py).
    exempt = {
        ("POST", "/api/v1/auth/login"),
        ("POST", "/api/v1/auth/logout"),
        ("POST", "/api/v1/auth/password-reset"),
        ("POST", "/api/v1/auth/password-reset/confirm"),
    }
    missing = routes - covered - exempt
    assert not missing, f"routes missing from the matrix: {sorted(missing)}"


async def test_every_route_for_every_role(client, cast):
    ids = await _minfin_objects(cast)
    tokens = {who: await create_token(SYSTEM, CAST[who][0]) for who in ROLES if who != "anonymous"}
    await client.get("/api/v1/auth/me")  # an anonymous browser's csrftoken cookie
    failures = []
    for method, path, body, expected in MATRIX:
        url = path.format(**ids)
        for who in ROLES:
            if who not in expected:
                continue
            headers = (
                {"Authorization": f"Bearer {tokens[who]}"}
                if who != "anonymous"
                else {"X-CSRFToken": client.cookies.get("csrftoken", "")}
            )
            kwargs = _body(body, ids)
            if who != "anonymous":
                client.cookies.clear()
            response = await client.request(method, url, headers=headers, **kwargs)
            if who != "anonymous":
                await client.get("/api/v1/auth/me")
            ok = response.status_code == expected[who] or (
                expected[who] == 200 and method == "POST" and response.status_code == 201
            )
            if not ok:
                failures.append(f"{who} {method} {url}: {response.status_code} != {expected[who]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", ["sat", "reviewer", "civic"])
async def test_lists_never_show_minfins_work_to_others(client, cast, who):
    ids = await _minfin_objects(cast)
    token = await create_token(SYSTEM, CAST[who][0])
    headers = {"Authorization": f"Bearer {token}"}
    client.cookies.clear()
    assignments = (await client.get("/api/v1/assignments", headers=headers)).json()["items"]
    assert all(a["agency"] != "MINFIN" for a in assignments)
    responses = (await client.get("/api/v1/responses", headers=headers)).json()
    assert ids["resp"] not in [r["id"] for r in responses]
    if who == "sat":
        recs = (
            await client.get("/api/v1/recommendations", params={"page_size": 200}, headers=headers)
        ).json()["items"]
        assert ids["rec"] not in [r["id"] for r in recs]

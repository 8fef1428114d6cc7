"""Two countries in one database: Guatemala (the suite's instance) and Honduras, whose rows all
carry a marker that must never reach Guatemala's instance, and whose codes repeat Guatemala's
(an agency MINFIN, a cycle OGP AP3, a recommendation OGP-AP3-GT0079, a period 2026-S2) so that a
lookup by code that forgets the country is caught. No tests here."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from commitments.actor import SYSTEM, Actor
from commitments.imports import import_file
from commitments.reference import load_reference
from commitments.schemas import AgencyIn, AssessmentIn, EvidenceIn, PeriodIn, ResponseIn
from commitments.services.agencies import create_agency
from commitments.services.assessments import record_assessment
from commitments.services.evidence import upload_evidence, verify_evidence
from commitments.services.periods import create_period
from commitments.services.responses import save_response
from commitments.services.users import actor_for_user, create_token, create_user
from commitments.settings import get_settings
from commitments.tables import Assignment, Recommendation
from tests.report_helpers import issue_complete

MARK = "hondurasleak"  # lower case: bodies are compared lower-cased
HN_PASSWORD = "pasaporte largo de honduras"
HN_ANALYST = "analista.hondurasleak@hn.example.org"
HN_FOCAL = "finanzas.hondurasleak@hn.example.org"
HN_CSV = (
    "mechanism,cycle,reference,text,agencies,title\n"
    "OGP,AP3,GT0079,Compromiso HONDURASLEAK de contrataciones abiertas,MINFIN,Contrataciones HONDURASLEAK\n"
    "MESICIC,R4,III.9-COPRET-a,Recomendación HONDURASLEAK sobre conflictos de intereses,MINFIN,\n"
).encode()


@contextlib.contextmanager
def as_country(iso2: str) -> Iterator[None]:
    """Within the block this process is the instance of `iso2` (settings re-read)."""
    before = os.environ.get("COMMITMENTS_COUNTRY")
    os.environ["COMMITMENTS_COUNTRY"] = iso2
    get_settings.cache_clear()
    try:
        yield
    finally:
        os.environ["COMMITMENTS_COUNTRY"] = before or "GT"
        get_settings.cache_clear()


@dataclass
class Honduras:
    """Ids of Honduras's rows (all invisible from Guatemala) and its people's credentials."""

    recommendations: list[int]
    assignment: int
    response: int
    evidence: int
    report: int
    report_pdf: bytes
    analyst: Actor
    focal_point: Actor
    analyst_token: str


async def build_honduras() -> Honduras:
    """Honduras's instance, built through its own services (as Honduras)."""
    with as_country("HN"):
        loaded = await load_reference()
        assert not loaded.own_seeds and loaded.changes["agencies"] == 0
        await create_agency(SYSTEM, AgencyIn(code="MINFIN", name_es="Secretaría de Finanzas HONDURASLEAK"))
        analyst = await actor_for_user(await create_user(SYSTEM, HN_ANALYST, HN_PASSWORD, "analyst"))
        focal = await actor_for_user(
            await create_user(SYSTEM, HN_FOCAL, HN_PASSWORD, "focal_point", "MINFIN")
        )
        assert analyst and focal
        period = PeriodIn(
            code="2026-S2",
            starts_on=dt.date(2026, 7, 1),
            ends_on=dt.date(2026, 12, 31),
            response_deadline=dt.date(2027, 1, 15),
        )
        await create_period(analyst, period, open_now=True)
        result = await import_file(analyst, "honduras.csv", HN_CSV)
        assert not result.errors and result.created == 2
        rows = await Recommendation.select(Recommendation.id).where(Recommendation.country.iso2 == "HN")
        ids = sorted(row["id"] for row in rows)
        assignment = (
            await Assignment.select(Assignment.id).where(Assignment.recommendation == ids[0]).first()
        )["id"]
        response = await save_response(
            focal,
            assignment,
            ResponseIn(period="2026-S2", actions_taken="Acciones HONDURASLEAK", submit=False),
        )
        evidence = await upload_evidence(
            analyst,
            ids[0],
            EvidenceIn(title="Portal HONDURASLEAK", visibility="public"),
            b"%PDF-1.4 evidencia HONDURASLEAK",
            "hondurasleak.pdf",
        )
        await verify_evidence(analyst, evidence, "verified")
        await record_assessment(analyst, ids[0], AssessmentIn(period="2026-S2", level="substantial"))
        report = await issue_complete(analyst, "OGP", "2026-S2", "es")
        from commitments.services.reports import report_pdf

        pdf = await report_pdf(analyst, report.id)
        token = await create_token(SYSTEM, HN_ANALYST)
    return Honduras(ids, assignment, response.id, evidence, report.id, pdf, analyst, focal, token)


@pytest.fixture(name="honduras")
async def honduras_fixture(cast: dict[str, Actor]) -> Honduras:
    return await build_honduras()

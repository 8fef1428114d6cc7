"""Demo data: one user per role (the civil-society one in a sample organisation), two periods,
assignments, responses in every state, assessments (self and reviewer), evidence, the technical
roundtables and this year's transparency rating. Everything not real is marked as a sample."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from dataclasses import dataclass

from commitments import kinds, policy
from commitments.actor import SYSTEM, Actor
from commitments.db import writing
from commitments.demo_reports import load_sample_work
from commitments.errors import InvalidInput
from commitments.i18n import LOCALES, _
from commitments.item_rules import translation_language
from commitments.queries.reference import cycle_levels
from commitments.reference import read_seed
from commitments.roundtables.demo import load_roundtables
from commitments.schemas import (
    AssessmentIn,
    AssignmentIn,
    EvidenceIn,
    PeriodIn,
    ResponseIn,
    ReviewIn,
    TranslationIn,
)
from commitments.scorecard.demo import load_scorecard
from commitments.services.assessments import record_assessment
from commitments.services.assignments import assign
from commitments.services.evidence import register_evidence
from commitments.services.periods import create_period
from commitments.services.report_sections import save_section
from commitments.services.reports import create_report
from commitments.services.responses import review_response, save_response
from commitments.services.translations import save_translation
from commitments.services.users import actor_for_user, create_user
from commitments.settings import get_settings
from commitments.storage import store_bytes
from commitments.tables import Agency, Assessment, Assignment, Recommendation, Response, User
from commitments.vocabulary import (
    AssignmentRole,
    Decision,
    EvidenceKind,
    ResponseState,
    Role,
    Source,
    TranslationState,
    Visibility,
)

SAMPLE = "[Ejemplo] "
DEMO_DOMAIN = "demo.commitments.example"
DEMO_USERS = (
    ("admin", "admin", None),
    ("analista", "analyst", None),
    ("minfin", "focal_point", "MINFIN"),
    ("sat", "focal_point", "SAT"),
    ("revisor", "reviewer", None),
    ("sociedad", "civil_society", None),
)
DEMO_ORGANISATION = SAMPLE + "Observatorio Ciudadano"
PREVIOUS, CURRENT = "2025-S2", "2026-S2"
DEMO_COUNTRY = "GT"


@dataclass(frozen=True)
class DemoUser:
    email: str
    password: str
    role: str
    agency: str | None


def demo_email(name: str) -> str:
    """The address of a demo user."""
    return f"{name}@{DEMO_DOMAIN}"


async def demo_present() -> bool:
    """Whether demo data was already loaded."""
    return await User.exists().where(User.email == demo_email("admin"))


async def load_demo() -> list[DemoUser]:
    """Create the demo users and sample workflow data; return the credentials (shown once).
    The sample work is on Guatemala's seeded recommendations: another country has none."""
    country = get_settings().country
    if country != DEMO_COUNTRY:
        raise InvalidInput(
            _("los datos de demostración son de %(demo)s; %(country)s no los tiene"),
            demo=DEMO_COUNTRY,
            country=country,
        )
    async with writing():
        users = [
            DemoUser(demo_email(n), secrets.token_urlsafe(12), role, agency) for n, role, agency in DEMO_USERS
        ]
        ids = {}
        for user in users:
            group = DEMO_ORGANISATION if user.role == Role.CIVIL_SOCIETY else None
            ids[user.email] = await create_user(
                SYSTEM, user.email, user.password, user.role, user.agency, user.email, group
            )
        analyst = await actor_for_user(ids[demo_email("analista")])
        minfin = await actor_for_user(ids[demo_email("minfin")])
        sat = await actor_for_user(ids[demo_email("sat")])
        assert analyst and minfin and sat
        await _periods(analyst)
        rec = await _recommendation_ids()
        await _extra_assignments(analyst, rec)
        await _previous_period(analyst, rec)
        await _current_period(analyst, minfin, sat, rec)
        await load_sample_work(analyst, DEMO_COUNTRY, CURRENT)
        await _translations(analyst)
        await _accounts(analyst)
        await load_roundtables(analyst, DEMO_COUNTRY)
        await load_scorecard(analyst, minfin, DEMO_COUNTRY)
        await _draft_reports(analyst)
    return users


async def _periods(analyst: Actor) -> None:
    await create_period(
        analyst,
        PeriodIn(
            code=PREVIOUS,
            starts_on=dt.date(2025, 7, 1),
            ends_on=dt.date(2025, 12, 31),
            response_deadline=dt.date(2026, 1, 31),
        ),
    )
    await create_period(
        analyst,
        PeriodIn(
            code=CURRENT,
            starts_on=dt.date(2026, 7, 1),
            ends_on=dt.date(2026, 12, 31),
            response_deadline=dt.date(2027, 1, 15),
        ),
        open_now=True,
    )


async def _recommendation_ids() -> dict[str, int]:
    rows = await Recommendation.select(Recommendation.id, Recommendation.code).where(
        Recommendation.country.is_in(policy.country())
    )
    return {row["code"]: row["id"] for row in rows}


async def _extra_assignments(analyst: Actor, rec: dict[str, int]) -> None:
    # Sample assignments so each demo focal point has work in every state.
    for code, agency, role, due in (
        ("COST-AR7-F-1", "MINFIN", AssignmentRole.LEAD, dt.date(2026, 12, 15)),
        ("COST-AR7-F-2", "MINFIN", AssignmentRole.LEAD, dt.date(2026, 10, 31)),
        ("MESICIC-R1-III.1-1.1", "MINFIN", AssignmentRole.LEAD, dt.date(2027, 1, 15)),
        ("COST-AR7-F-2", "CIV", AssignmentRole.SUPPORT, None),
        ("EITI-VAL2020-F-1", "SAT", AssignmentRole.LEAD, dt.date(2026, 11, 1)),
    ):
        found = await Agency.select(Agency.id).where(Agency.code == agency, policy.agencies()).first()
        assert found is not None, agency  # the demo runs on Guatemala's seeds
        agency_id = found["id"]
        if not await Assignment.exists().where(
            (Assignment.recommendation == rec[code]) & (Assignment.agency == agency_id)
        ):
            await assign(analyst, rec[code], AssignmentIn(agency=agency, role=role, due_on=due))


async def _previous_period(analyst: Actor, rec: dict[str, int]) -> None:
    for code, level, source in (
        ("OGP-AP3-GT0079", "limited", Source.SELF),
        ("OGP-AP3-GT0078", "limited", Source.SELF),
        ("OGP-AP3-GT0082", "not_started", Source.SELF),
        ("MESICIC-R1-III.1-1.1", "additional_attention", Source.SELF),
        ("EITI-VAL2020-URGE-1", "inadequate", Source.SELF),
        ("MESICIC-R4-III.9-COPRET-a", "no_information", Source.SELF),
    ):
        await record_assessment(
            analyst,
            rec[code],
            AssessmentIn(
                period=PREVIOUS,
                level=level,
                source=source,
                narrative=SAMPLE + "Valoración de ejemplo del periodo anterior.",
            ),
        )


async def _current_period(analyst: Actor, minfin: Actor, sat: Actor, rec: dict[str, int]) -> None:
    answered = await _answer(minfin, rec["OGP-AP3-GT0079"], "substantial", submit=True)
    await review_response(analyst, answered, ReviewIn(decision=Decision.ACCEPT, comment=SAMPLE + "Conforme."))
    # CoST findings state figures: answered, never rated.
    await _answer(minfin, rec["COST-AR7-F-1"], None, submit=True)
    returned = await _answer(minfin, rec["COST-AR7-F-2"], None, submit=True)
    await review_response(
        analyst,
        returned,
        ReviewIn(decision=Decision.RETURN, comment=SAMPLE + "Adjunte el oficio de publicación y el enlace."),
    )
    await _answer(minfin, rec["MESICIC-R1-III.1-1.1"], "additional_attention", submit=False)
    await _answer(sat, rec["OGP-AP3-GT0082"], "limited", submit=True)
    for code, level, source in (
        ("OGP-AP3-GT0078", "substantial", Source.SELF),
        ("EITI-VAL2020-URGE-1", "meaningful", Source.SELF),
    ):
        await record_assessment(
            analyst,
            rec[code],
            AssessmentIn(
                period=CURRENT,
                level=level,
                source=source,
                narrative=SAMPLE + "Valoración de ejemplo del periodo actual.",
            ),
        )
    await _evidence(analyst, minfin, rec, answered)


async def _answer(actor: Actor, recommendation_id: int, level: str | None, submit: bool) -> int:
    assignment = (
        await Assignment.select(Assignment.id)
        .where((Assignment.recommendation == recommendation_id) & (Assignment.agency == actor.agency_id))
        .first()
    )
    assert assignment is not None  # assigned a moment ago
    saved = await save_response(
        actor,
        assignment["id"],
        ResponseIn(
            period=CURRENT,
            actions_taken=SAMPLE + "Se publicó la información en el portal institucional y se "
            "emitió la circular interna correspondiente.",
            challenges=SAMPLE + "Limitaciones presupuestarias y rotación de personal.",
            assistance_needed=SAMPLE + "Asistencia técnica para datos abiertos.",
            next_steps=SAMPLE + "Actualizar la publicación cada trimestre.",
            target_date=dt.date(2027, 6, 30),
            proposed_level=level,
            submit=submit,
        ),
    )
    return saved.id


async def _evidence(analyst: Actor, minfin: Actor, rec: dict[str, int], response: int) -> None:
    pdf = store_bytes(sample_pdf())
    await register_evidence(
        analyst,
        rec["OGP-AP3-GT0079"],
        EvidenceIn(
            title=SAMPLE + "Oficio de remisión de información",
            kind=EvidenceKind.DOCUMENT,
            evidence_date=dt.date(2026, 9, 15),
            visibility=Visibility.PUBLIC,
            sample=True,
        ),
        stored=pdf,
        file_name="oficio-ejemplo.pdf",
        media_type="application/pdf",
    )
    await register_evidence(
        analyst,
        rec["OGP-AP3-GT0079"],
        EvidenceIn(
            title=SAMPLE + "Portal de datos abiertos",
            kind=EvidenceKind.LINK,
            url="https://www.guatecompras.gt/",
            evidence_date=dt.date(2026, 10, 1),
            visibility=Visibility.PUBLIC,
            sample=True,
        ),
    )
    await register_evidence(
        minfin,
        rec["COST-AR7-F-1"],
        EvidenceIn(
            title=SAMPLE + "Borrador de circular interna (uso interno)",
            kind=EvidenceKind.DOCUMENT,
            url="https://www.minfin.gob.gt/",
            evidence_date=dt.date(2026, 11, 2),
            visibility=Visibility.INTERNAL,
            sample=True,
        ),
    )


def sample_pdf() -> bytes:
    """A one-page PDF labelled as a sample, for demo evidence."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=True)
    page.setTitle("Documento de ejemplo")
    page.drawString(72, 760, "DOCUMENTO DE EJEMPLO — datos de demostración, no es un documento real.")
    page.drawString(72, 740, "SAMPLE DOCUMENT — demo data, not a real document.")
    page.save()
    return buffer.getvalue()


async def _translations(analyst: Actor) -> None:
    """The commission's working translations of the seeded texts (seeds/GT/translations.yaml),
    reviewed: a text alone goes to the slot the original's language calls for; a mapping names
    each language (`es`, `en`) and may translate the title too (`title_es`, `title_en`)."""
    entries = read_seed(f"{DEMO_COUNTRY}/translations.yaml")
    rows = await Recommendation.select(
        Recommendation.id, Recommendation.code, Recommendation.language, Recommendation.version
    ).where(Recommendation.code.is_in(list(entries)))
    for row in rows:
        entry = entries[row["code"]]
        if isinstance(entry, str):
            entry = {translation_language(row["language"]): entry}
        version = row["version"]
        for lang in LOCALES:
            if entry.get(lang):
                data = TranslationIn(
                    title=entry.get(f"title_{lang}", ""),
                    text=entry[lang],
                    state=TranslationState.REVIEWED,
                    version=version,
                )
                version = await save_translation(analyst, row["id"], lang, data)


async def _accounts(analyst: Actor) -> None:
    """A sample self-assessment narrative for this period on every rated entry that has no
    accepted response and no rating yet, so that each demo report can be completed and issued."""
    accepted = {
        row["recommendation"]
        for row in await Response.select(
            Response.assignment._.recommendation.as_alias("recommendation")
        ).where((Response.state == ResponseState.ACCEPTED) & (Response.period._.code == CURRENT))
    }
    rated = {
        row["recommendation"]
        for row in await Assessment.select(Assessment.recommendation).where(
            (Assessment.source == Source.SELF) & (Assessment.period._.code == CURRENT)
        )
    }
    latest: dict[int, str] = {}
    for row in (
        await Assessment.select(Assessment.recommendation, Assessment.level._.code.as_alias("level"))
        .where(Assessment.source == Source.SELF)
        .order_by(Assessment.id)
    ):
        latest[row["recommendation"]] = row["level"]
    entries = await Recommendation.select(
        Recommendation.id,
        Recommendation.kind,
        Recommendation.cycle,
        Recommendation.cycle._.mechanism._.code.as_alias("mechanism"),
    ).where(Recommendation.parent.is_null() & Recommendation.country.is_in(policy.country()))
    for row in entries:
        if row["id"] in accepted or row["id"] in rated or not kinds.is_rated(row["mechanism"], row["kind"]):
            continue
        level = latest.get(row["id"]) or (await cycle_levels(row["cycle"]))[0].code
        await record_assessment(
            analyst,
            row["id"],
            AssessmentIn(
                period=CURRENT,
                level=level,
                source=Source.SELF,
                narrative=SAMPLE + "Relato de ejemplo de lo que hizo el Gobierno en el periodo.",
            ),
        )


async def _draft_reports(analyst: Actor) -> None:
    """A draft of this period's report in each template and language, with the commission's
    sample text (seeds/GT/demo_sections.yaml); rendered by the service's scheduled work."""
    texts = read_seed(f"{DEMO_COUNTRY}/demo_sections.yaml")
    for mechanism, by_locale in texts.items():
        for locale, sections in by_locale.items():
            report_id = await create_report(analyst, mechanism, None, CURRENT, locale)
            for key, text in sections.items():
                await save_section(analyst, report_id, key, text, 1)

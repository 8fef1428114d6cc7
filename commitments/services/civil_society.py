"""Civil society's own assessments of recommendations, and the commission's replies.

An organisation's members record its assessment of a recommendation per period (a level of the
mechanism's scale, a narrative, links to evidence) and change it later, naming the version they
change. Nobody else writes it: the commission answers beside it, in a row of its own, and has
no way to edit or hide what an organisation said.
"""

from __future__ import annotations

from typing import Any

from commitments import clock, policy
from commitments.actor import Actor
from commitments.db import writing
from commitments.errors import Conflict, Forbidden, NotFound
from commitments.i18n import _
from commitments.lookup import level_by_code, period_by_code, scale_of_cycle
from commitments.schemas import CivilAssessmentIn, ReplyIn
from commitments.services import audit
from commitments.services.assessments import ensure_rated
from commitments.tables import CivilSocietyAssessment, CivilSocietyReply, Recommendation, Report
from commitments.vocabulary import ReportState

CSA = CivilSocietyAssessment


async def save_assessment(actor: Actor, recommendation_id: int, data: CivilAssessmentIn) -> int:
    """Record or change the actor's organisation's assessment of a recommendation in a period
    (its members only); returns the assessment's id."""
    await policy.ensure_visible(actor, policy.RECOMMENDATION, recommendation_id)
    if not actor.is_civil_society or actor.organisation_id is None:
        raise Forbidden(_("solo una organización de la sociedad civil registra su propia valoración"))
    async with writing():
        recommendation = await _recommendation(recommendation_id)
        period = await period_by_code(data.period)
        ensure_rated(recommendation["mechanism_code"], recommendation["kind"])
        level = await level_by_code(await scale_of_cycle(recommendation["cycle"]), data.level)
        values = {
            "level": level["id"],
            "narrative": data.narrative,
            "evidence_urls": "\n".join(data.evidence_urls),
        }
        current = await CSA.select(CSA.id, CSA.version).where(
            (CSA.organisation == actor.organisation_id)
            & (CSA.recommendation == recommendation_id)
            & (CSA.period == period["id"])
        )
        if current:
            assessment_id, version = await _change(actor, current[0], data.version, values)
        else:
            assessment_id, version = await _create(actor, recommendation_id, period["id"], values), 1
        await audit.record(
            actor,
            "civil_assessment.save",
            "civil_assessment",
            assessment_id,
            after={
                "recommendation": recommendation["code"],
                "period": data.period,
                "organisation": actor.organisation_code,
                "level": data.level,
                "narrative": data.narrative,
                "evidence_urls": data.evidence_urls,
                "version": version,
            },
        )
    return assessment_id


async def _recommendation(recommendation_id: int) -> dict[str, Any]:
    row = (
        await Recommendation.select(
            Recommendation.code,
            Recommendation.kind,
            Recommendation.cycle,
            Recommendation.cycle._.mechanism._.code.as_alias("mechanism_code"),
        )
        .where(Recommendation.id == recommendation_id)
        .first()
    )
    assert row is not None  # visible a moment ago; recommendations are never deleted
    return row


async def _create(actor: Actor, recommendation_id: int, period_id: int, values: dict[str, Any]) -> int:
    now = clock.now()
    row = CSA(
        recommendation=recommendation_id,
        period=period_id,
        organisation=actor.organisation_id,
        created_by=actor.user_id,
        created_at=now,
        updated_by=actor.user_id,
        updated_at=now,
        **values,
    )
    await row.save()  # two first saves at once: the unique index refuses one (409)
    return int(row.id)


async def _change(
    actor: Actor, current: dict[str, Any], version: int | None, values: dict[str, Any]
) -> tuple[int, int]:
    """Replace the assessment's content if `version` is still its version (409 otherwise)."""
    changed = (
        await CSA.update(
            {
                **{getattr(CSA, name): value for name, value in values.items()},
                CSA.version: CSA.version + 1,
                CSA.updated_by: actor.user_id,
                CSA.updated_at: clock.now(),
            }
        )
        .where((CSA.id == current["id"]) & (CSA.version == (version or 0)))
        .returning(CSA.version)
    )
    if not changed:
        raise Conflict(
            _(
                "su organización ya registró una valoración para este periodo (versión %(current)s): "
                "recargue la página para verla y cambiarla"
            ),
            extra={"version": current["version"]},
            current=current["version"],
        )
    return int(current["id"]), int(changed[0]["version"])


async def reply(actor: Actor, assessment_id: int, data: ReplyIn) -> int:
    """The commission's answer to an organisation's assessment (replaces its earlier answer);
    returns the recommendation's id."""
    actor.require_commission()
    async with writing():
        row = (
            await CSA.select(
                CSA.id, CSA.recommendation, CSA.version, CSA.recommendation._.code.as_alias("code")
            )
            .where((CSA.id == assessment_id) & CSA.recommendation._.country.is_in(policy.country()))
            .first()
        )
        if not row:
            raise NotFound(_("valoración no encontrada"))
        values: dict[Any, Any] = {
            CivilSocietyReply.body: data.text,
            CivilSocietyReply.assessment_version: row["version"],
            CivilSocietyReply.replied_by: actor.user_id,
            CivilSocietyReply.replied_at: clock.now(),
        }
        updated = (
            await CivilSocietyReply.update(
                {**values, CivilSocietyReply.version: CivilSocietyReply.version + 1}
            )
            .where(CivilSocietyReply.assessment == assessment_id)
            .returning(CivilSocietyReply.id)
        )
        if not updated:
            await CivilSocietyReply.insert(
                CivilSocietyReply(assessment=assessment_id, **{c._meta.name: v for c, v in values.items()})
            )
        await audit.record(
            actor,
            "civil_assessment.reply",
            "civil_assessment",
            assessment_id,
            after={"recommendation": row["code"], "text": data.text, "assessment_version": row["version"]},
        )
    return int(row["recommendation"])


async def choose_annex(actor: Actor, report_id: int, include: bool) -> None:
    """Whether a draft report prints civil society's assessments as an annex (the commission)."""
    actor.require_commission()
    async with writing():
        row = (
            await Report.select(Report.state, Report.civil_society_annex)
            .where(Report.id == report_id, policy.reports(actor))
            .first()
        )
        if not row:
            raise NotFound(_("informe no encontrado"))
        if row["state"] != ReportState.DRAFT:
            raise Conflict(_("el informe %(id)s ya no es un borrador y no puede cambiar"), id=report_id)
        if row["civil_society_annex"] == include:
            return
        await Report.update({Report.civil_society_annex: include}).where(Report.id == report_id)
        await audit.record(
            actor,
            "report.civil_society_annex",
            "report",
            report_id,
            before={"civil_society_annex": row["civil_society_annex"]},
            after={"civil_society_annex": include},
        )

"""Roundtables as a report holds them: gathered once, when the report's template has the part."""

from __future__ import annotations

from commitments.reports.roundtable_plan import (
    PlanActivity,
    PlanList,
    PlanParticipant,
    PlanText,
    RoundtablePlan,
)
from commitments.reports.templates import template_for
from commitments.roundtables.queries import report_plans
from commitments.roundtables.schemas import LIST_FIELDS, RoundtableOut

KEY = "roundtables"


async def plans_for(mechanism: str) -> list[RoundtablePlan]:
    """The roundtables a report of `mechanism` prints: none unless its template has the part."""
    if not any(spec.key == KEY for spec in template_for(mechanism)):
        return []
    return [plan_of(out) for out in await report_plans()]


def plan_of(out: RoundtableOut) -> RoundtablePlan:
    """A roundtable as the report model holds it."""
    coordinator = out.coordinator.display_name if out.coordinator else ""
    lists = {
        name: PlanList(es=getattr(out, f"{name}_es"), en=getattr(out, f"{name}_en")) for name in LIST_FIELDS
    }
    return RoundtablePlan(
        code=out.code,
        topic=PlanText(es=out.topic_es, en=out.topic_en),
        coordinator=coordinator,
        participants=[
            PlanParticipant(sector=p.sector, organisation=p.organisation) for p in out.participants
        ],
        general_objective=PlanText(es=out.general_objective_es, en=out.general_objective_en),
        duration=PlanText(es=out.duration_es, en=out.duration_en),
        activities=[
            PlanActivity(
                description=PlanText(es=a.description_es, en=a.description_en),
                responsible=a.responsible,
                starts_on=a.starts_on,
                ends_on=a.ends_on,
                state=a.state,
                sample=a.sample,
            )
            for a in out.activities
        ],
        recommendations=[r.code for r in out.recommendations],
        sample=out.sample,
        **lists,
    )

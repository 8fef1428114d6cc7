"""A technical roundtable's work plan as a report prints it: part of the report model, frozen in
its snapshot. Kept apart from `model.py` so the report model only names it; it imports nothing
of the report package."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlanText(_Frozen):
    """A text of the plan in Spanish and, where written, English."""

    es: str = ""
    en: str = ""

    def pick(self, locale: str) -> str:
        """The text in `locale`, or the Spanish where the English is missing."""
        return (self.en if locale == "en" else "") or self.es

    def untranslated(self, locale: str) -> bool:
        """Whether a report in `locale` prints the Spanish for want of a translation."""
        return locale == "en" and bool(self.es) and not self.en


class PlanList(_Frozen):
    """A list of the plan (objectives, diagnosis, products…) in Spanish and English."""

    es: list[str] = []
    en: list[str] = []

    def pick(self, locale: str) -> list[str]:
        """The items in `locale`, or the Spanish ones where there is no English list."""
        return (self.en if locale == "en" else []) or self.es

    def untranslated(self, locale: str) -> bool:
        return locale == "en" and bool(self.es) and not self.en


class PlanParticipant(_Frozen):
    sector: str
    organisation: str


class PlanActivity(_Frozen):
    description: PlanText
    responsible: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    state: str = "planned"
    sample: bool = False


class RoundtablePlan(_Frozen):
    """One roundtable: what it is for, who takes part, what it does and when."""

    code: str
    topic: PlanText
    coordinator: str = ""  # a name, never an address (reports are public)
    participants: list[PlanParticipant] = []
    general_objective: PlanText = PlanText()
    specific_objectives: PlanList = PlanList()
    diagnosis: PlanList = PlanList()
    products: PlanList = PlanList()
    methods: PlanList = PlanList()
    purposes: PlanList = PlanList()
    resources: PlanList = PlanList()
    duration: PlanText = PlanText()
    activities: list[PlanActivity] = []
    recommendations: list[str] = []  # codes of the recommendations it serves
    sample: bool = False

    def by_sector(self) -> list[tuple[str, list[str]]]:
        """(sector, organisations) in the vocabulary's order; sectors without anyone left out."""
        return grouped_by_sector([(p.sector, p.organisation) for p in self.participants])


def grouped_by_sector(pairs: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Organisations grouped by sector, sectors in the vocabulary's order."""
    from commitments.vocabulary import Sector

    grouped: dict[str, list[str]] = {}
    for sector, organisation in pairs:
        grouped.setdefault(sector, []).append(organisation)
    return [(s.value, grouped[s.value]) for s in Sector if s.value in grouped]

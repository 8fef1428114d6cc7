"""What a report says of civil society: its public consultation and the organisations'
assessments (an annex). Frozen with the rest of the report model (commitments.reports.model),
in both languages where a label is printed."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ConsultedComment(_Frozen):
    """A comment the portal shows, with the commission's answer."""

    number: int  # its place among the consultation's comments, hidden ones included
    name: str = ""
    text: str
    received_on: dt.date
    reply: str = ""


class ConsultationSummary(_Frozen):
    """The public consultation of the draft, as of the rendering: dates, figures, the
    commission's account of how the comments were taken into account, and the comments shown."""

    opens_on: dt.date
    closes_on: dt.date
    closed: bool
    received: int
    answered: int
    hidden: int
    statement: str = ""
    revision: int
    comments: list[ConsultedComment] = []


class CivilAssessment(_Frozen):
    """One organisation's assessment of one recommendation in the report's period."""

    code: str
    reference: str
    mechanism: str
    organisation: str  # its name
    level_code: str
    level_es: str
    level_en: str
    state: str
    narrative: str
    evidence_urls: list[str] = []
    reply: str = ""

    def level(self, locale: str) -> str:
        """The level's native label in `locale` (the other language when empty)."""
        first, second = (self.level_en, self.level_es) if locale == "en" else (self.level_es, self.level_en)
        return first or second


class CivilSocietyAnnex(_Frozen):
    """Every organisation's assessment of the report's recommendations in its period."""

    period: str
    assessments: list[CivilAssessment] = []

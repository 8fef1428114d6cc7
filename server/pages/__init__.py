"""Server-rendered pages (Jinja2, enhanced by htmx): thin handlers over queries and services."""

from __future__ import annotations

from litestar import Router

from server.pages.account import AccountPages
from server.pages.admin import AdminPages
from server.pages.civil_society import CivilSocietyPages
from server.pages.consultations import ConsultationPages, PublicConsultationPages
from server.pages.country import CountryPages
from server.pages.dashboard import DashboardPage
from server.pages.documents import DocumentPages
from server.pages.imports import ImportPages
from server.pages.inbox import InboxPages
from server.pages.periods import PeriodPages
from server.pages.public import PublicPages
from server.pages.public_instruments import PublicInstrumentPages
from server.pages.recommendation_forms import RecommendationForms
from server.pages.recommendations import RecommendationPages
from server.pages.reports import ReportPages
from server.pages.review import ReviewPages
from server.pages.roundtables import RoundtablePages
from server.pages.scorecards import ScorecardPages
from server.pages.session import SessionPages

pages_router = Router(
    path="/",
    include_in_schema=False,
    route_handlers=[
        SessionPages,
        AccountPages,
        DashboardPage,
        RecommendationPages,
        RecommendationForms,
        CivilSocietyPages,
        InboxPages,
        ReviewPages,
        PeriodPages,
        DocumentPages,
        AdminPages,
        CountryPages,
        ReportPages,
        ImportPages,
        PublicPages,
        ConsultationPages,
        PublicConsultationPages,
        PublicInstrumentPages,
        RoundtablePages,
        ScorecardPages,
    ],
)

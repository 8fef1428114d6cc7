"""Who issues a report: taken from the country's settings when the report is gathered."""

from __future__ import annotations

from typing import Any

from commitments.i18n import _, gettext
from commitments.reports.model import Bilingual, Issuer, ReportModel

GOVERNMENT = _("Gobierno de %(country)s")


def issuer_from(country: dict[str, Any]) -> Issuer:
    """The issuer as a country row stores it (columns issuer_es, signatory_name, …)."""
    return Issuer(
        institution=Bilingual(es=country.get("issuer_es") or "", en=country.get("issuer_en") or ""),
        signatory=country.get("signatory_name") or "",
        signatory_title=Bilingual(
            es=country.get("signatory_title_es") or "", en=country.get("signatory_title_en") or ""
        ),
        contact_email=country.get("contact_email") or "",
        contact_url=country.get("contact_url") or "",
    )


def issuer_name(model: ReportModel, locale: str) -> str:
    """The issuing institution in the report's language, or the country's government when the
    country has not named one."""
    return model.issuer.institution.pick(locale) or gettext(
        locale, GOVERNMENT, country=model.country_name.pick(locale)
    )


def signatory_line(model: ReportModel, locale: str) -> str:
    """'Name, Title' of who signs the report ('' when no one is named)."""
    issuer = model.issuer
    return ", ".join(v for v in (issuer.signatory, issuer.signatory_title.pick(locale)) if v)


def contact_line(model: ReportModel) -> str:
    """The issuer's e-mail and web address ('' when neither is known)."""
    return " · ".join(v for v in (model.issuer.contact_email, model.issuer.contact_url) if v)

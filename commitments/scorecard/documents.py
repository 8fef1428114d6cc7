"""The rating's PDF, as a download: built off the event loop from the year's results."""

from __future__ import annotations

import asyncio

from commitments.actor import Actor
from commitments.i18n import normalise_locale
from commitments.scorecard.pdf import build_pdf
from commitments.scorecard.queries import visible_year, year_results
from commitments.vocabulary import ScorecardState


async def rating_pdf(actor: Actor, year: int, locale: str) -> tuple[bytes, str]:
    """The year's PDF in `locale` and its file name: a published year's for anyone, a draft
    (marked) for the commission."""
    row = await visible_year(actor, year)
    model = await year_results(actor, year)
    published = row["state"] == ScorecardState.PUBLISHED
    identifier = row["snapshot_sha256"] if published else ""
    data = await asyncio.to_thread(build_pdf, model, locale, identifier)
    suffix = "" if published else "-draft"
    return data, f"transparency-rating-{year}-{normalise_locale(locale)}{suffix}.pdf"

"""The rating's PDF, as a download: built off the event loop from the year's results. A
published year never changes, so its PDF is laid out once per language and process and then
served from memory (a public link must not cost a layout per request)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import Any

from commitments.actor import Actor
from commitments.i18n import normalise_locale
from commitments.scorecard.queries import visible_year, year_results
from commitments.vocabulary import ScorecardState

CACHED = 8  # published PDFs kept (a few hundred KB each)
_published: OrderedDict[tuple[str, str], bytes] = OrderedDict()


def build_pdf(*args: Any, **kwargs: Any) -> bytes:
    """commitments.scorecard.pdf.build_pdf, imported on first use: ReportLab loads in a web
    worker only once someone asks for a rating's PDF."""
    from commitments.scorecard.pdf import build_pdf as build

    return build(*args, **kwargs)


async def rating_pdf(actor: Actor, year: int, locale: str) -> tuple[bytes, str]:
    """The year's PDF in `locale` and its file name: a published year's for anyone, a draft
    (marked) for the commission."""
    row = await visible_year(actor, year)
    locale = normalise_locale(locale)
    model = await year_results(actor, year)
    if row["state"] != ScorecardState.PUBLISHED:
        data = await asyncio.to_thread(build_pdf, model, locale)
        return data, f"transparency-rating-{year}-{locale}-draft.pdf"
    key = (row["snapshot_sha256"], locale)
    cached = _published.get(key)
    data = cached if cached is not None else await asyncio.to_thread(build_pdf, model, locale, key[0])
    _published[key] = data
    _published.move_to_end(key)
    while len(_published) > CACHED:
        _published.popitem(last=False)
    return data, f"transparency-rating-{year}-{locale}.pdf"

"""Nothing internal reaches the public: crawl every page reachable from /public (in both
languages), every open data file, every public evidence file and report PDF, and look for the
markers of internal evidence, draft and returned responses, review comments, users' emails,
internal reports and demo rows."""

from __future__ import annotations

import contextlib
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from pypdf.errors import PyPdfError

from commitments.services.reports import report_pdf
from tests.public_world import (  # noqa: F401  (the fixture provides `public_world_with_reports`)
    NOT_OPEN_DATA,
    NOT_PUBLIC_EVIDENCE,
    SECRETS,
    PublicWorld,
    public_world_with_reports_fixture,
)
from tests.report_helpers import pdf_text

PUBLIC_PREFIXES = ("/public", "/api/v1/open-data")
MAX_URLS = 800


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form" and (dict(attrs).get("method") or "get").lower() == "post":
            return  # a form that posts (a comment) is not a page to read
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.hrefs.append(value)


def _public_links(base: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urldefrag(urljoin(base, href))[0]
        parts = urlsplit(url)
        if parts.netloc in ("", "testserver") and parts.path.startswith(PUBLIC_PREFIXES):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _readable(content_type: str, body: bytes) -> str:
    """What a person could read in the answer: the text, or a PDF's extracted text."""
    text = body.decode("utf-8", errors="replace")
    if content_type.startswith("application/pdf"):
        # The tests' evidence "PDFs" are just a header and some bytes: their text is the body.
        with contextlib.suppress(PyPdfError):
            text += pdf_text(body)
    return text


async def crawl(client, starts: list[str]) -> dict[str, str]:
    """Every public URL reachable from `starts`, as {url: readable text}."""
    seen: dict[str, str] = {}
    queue = deque(starts)
    while queue and len(seen) < MAX_URLS:
        url = queue.popleft()
        if url in seen:
            continue
        response = await client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        content_type = response.headers.get("content-type", "")
        seen[url] = _readable(content_type, response.content)
        if content_type.startswith("text/html"):
            queue.extend(u for u in _public_links(url, response.text) if u not in seen)
    assert len(seen) < MAX_URLS, "the crawl did not finish"
    assert len(seen) > 100  # both languages, every page of the list, every recommendation
    return seen


async def test_no_internal_marker_appears_on_any_public_page_or_file(
    client, public_world_with_reports: PublicWorld
):
    world = public_world_with_reports
    pages = await crawl(client, ["/public?lang=es", "/public?lang=en", "/public/data"])
    # The crawl reached what it had to: the recommendation with the secrets around it, the
    # evidence file, the issued report and the three open data files.
    for must in (
        f"/public/recommendations/{world.accepted}",
        f"/public/recommendations/{world.returned}",
        f"/public/evidence/{world.public_file}/file",
        f"/public/reports/{world.final_report}/pdf",
        "/api/v1/open-data/recommendations.csv",
        "/api/v1/open-data/recommendations.json",
        "/api/v1/open-data/recommendations.schema.json",
        f"/public/consultations/{world.consultation}",
        f"/public/consultations/{world.consultation}/pdf",
        "/api/v1/open-data/assessments.csv",
        "/public/roundtables/",
        "/public/scorecards/2041",
        "/public/scorecards/agencies/MINFIN",
        "/api/v1/open-data/scorecards.json",
        "/api/v1/open-data/scorecards.csv",
    ):
        assert any(url.startswith(must) for url in pages), must
    assert any("PUBCOM-7341" in text for text in pages.values())  # the comment shown is there
    leaks = [
        f"{what} on {url}"
        for url, text in pages.items()
        for what, marker in _markers_for(url).items()
        if marker in text
    ]
    assert not leaks, "\n".join(leaks)


def _markers_for(url: str) -> dict[str, str]:
    if url.startswith("/public/reports/") or (
        url.startswith("/public/consultations/") and url.endswith("/pdf")
    ):
        return {**SECRETS, **NOT_PUBLIC_EVIDENCE}  # a report prints accepted responses in full
    return {**SECRETS, **NOT_OPEN_DATA}


async def test_internal_things_are_404_even_when_asked_for_by_id(
    client, cast, public_world_with_reports: PublicWorld
):
    world = public_world_with_reports
    # The markers are really there to be found: the internal report prints some of them.
    internal = pdf_text(await report_pdf(cast["analyst"], world.internal_report))
    assert SECRETS["internal evidence"] in internal and SECRETS["user email"] in internal
    for url in (
        f"/public/recommendations/{world.sample}",
        f"/public/reports/{world.internal_report}/pdf",
        f"/public/reports/{world.draft_report}/pdf",
        *[f"/public/evidence/{e}/file" for e in world.hidden_evidence],
    ):
        response = await client.get(url)
        assert response.status_code == 404, url
        assert not any(m in response.text for m in {**SECRETS, **NOT_OPEN_DATA}.values()), url

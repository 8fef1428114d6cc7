"""What the page tests share: a small HTML reader (structure, not snapshots) and a world of two
recommendations, one MINFIN's and one SAT's, in an open period. No tests live here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser

import httpx
import pytest

from commitments import clock
from commitments.actor import Actor
from commitments.schemas import AssignmentIn, PeriodIn, RecommendationIn
from commitments.services.assignments import assign
from commitments.services.periods import create_period
from commitments.services.recommendations import create_recommendation
from commitments.settings import get_settings
from commitments.tables import Assignment, Cycle
from tests.cast import CAST
from tests.web import login

# On PostgreSQL nothing else creates the data dir before the first session is stored; main's
# make_store() now creates it, this branch predates that fix.
(get_settings().data_dir / "sessions").mkdir(parents=True, exist_ok=True)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    parts: list[str | Node] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The visible text inside, whitespace collapsed."""
        out = []
        for part in self.parts:
            out.append(part if isinstance(part, str) else part.text)
        return " ".join(" ".join(out).split())

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        """Descendants matching a tag, a class and attribute values."""
        found = []
        for child in self.children:
            classes = child.attrs.get("class", "").split()
            if (
                (tag is None or child.tag == tag)
                and (cls is None or cls in classes)
                and all(child.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
            ):
                found.append(child)
            found.extend(child.all(tag, cls, **attrs))
        return found

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, cls, **attrs)
        assert len(found) == 1, f"expected one <{tag} {cls} {attrs}>, found {len(found)}"
        return found[0]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        self.stack[-1].parts.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].parts.append(data)


def parse(html: str) -> Node:
    """The document as a tree of nodes."""
    reader = _Reader()
    reader.feed(html)
    return reader.root


@dataclass
class Page:
    """A fetched page and questions about its structure."""

    response: httpx.Response
    doc: Node

    @property
    def h1(self) -> str:
        return self.doc.one("h1").text

    def headings(self, level: str = "h2") -> list[str]:
        return [h.text for h in self.doc.all(level)]

    def badges(self) -> list[str]:
        return [b.text for b in self.doc.all(cls="badge")]

    def links(self) -> dict[str, str]:
        return {a.attrs.get("href", ""): a.text for a in self.doc.all("a")}

    def labels(self) -> list[str]:
        """Label texts, each checked to name an existing control."""
        ids = {n.attrs["id"] for n in self.doc.all() if "id" in n.attrs}
        labels = self.doc.all("label")
        for label in labels:
            assert label.attrs.get("for") in ids, f"label {label.text!r} names no control"
        return [label.text for label in labels]

    def rows(self, table_cls: str | None = None) -> list[list[str]]:
        tables = self.doc.all("table", cls=table_cls)
        return [
            [c.text for c in tr.children if c.tag in ("td", "th")]
            for t in tables
            for body in t.all("tbody")
            for tr in body.all("tr")
        ]

    def forms(self) -> list[Node]:
        return self.doc.all("form")


async def get_page(client: httpx.AsyncClient, path: str, status: int = 200) -> Page:
    """GET a page, check its status and that every POST form carries the CSRF token."""
    response = await client.get(path)
    assert response.status_code == status, (path, response.status_code, response.text[:500])
    page = Page(response, parse(response.text))
    for form in page.forms():
        if form.attrs.get("method") == "post":
            assert form.all("input", name="_csrf_token"), f"form {form.attrs} lacks the CSRF token"
    return page


@dataclass
class World:
    period: str
    minfin_rec: int
    sat_rec: int
    minfin_assignment: int
    sat_assignment: int


MINFIN_TEXT = "Publicar los contratos de obra pública del Ministerio de Finanzas (prueba de páginas)."
SAT_TEXT = "Publicar los criterios de fiscalización tributaria (prueba de páginas)."


@pytest.fixture(name="world")
async def world_fixture(cast: dict[str, Actor]) -> World:
    """An open period; one recommendation assigned to MINFIN only (overdue), one to SAT only."""
    analyst = cast["analyst"]
    await create_period(
        analyst,
        PeriodIn(
            code="2030-S1",
            starts_on=dt.date(2030, 1, 1),
            ends_on=dt.date(2030, 6, 30),
            response_deadline=dt.date(2030, 7, 31),
        ),
        open_now=True,
    )
    cycle = await Cycle.select(Cycle.code, Cycle.mechanism.code).where(Cycle.mechanism.code == "OGP").first()
    ids = []
    for reference, text in (("PAGES-MINFIN", MINFIN_TEXT), ("PAGES-SAT", SAT_TEXT)):
        ids.append(
            await create_recommendation(
                analyst,
                RecommendationIn(
                    mechanism="OGP",
                    cycle=cycle["code"],
                    reference=reference,
                    text=text,
                    title=f"Título {reference}",
                ),
            )
        )
    yesterday = clock.today() - dt.timedelta(days=1)
    await assign(analyst, ids[0], AssignmentIn(agency="MINFIN", role="lead", due_on=yesterday))
    await assign(analyst, ids[1], AssignmentIn(agency="SAT", role="lead"))
    rows = await Assignment.select(Assignment.id, Assignment.recommendation).where(
        Assignment.recommendation.is_in(ids)
    )
    by_rec = {r["recommendation"]: r["id"] for r in rows}
    return World("2030-S1", ids[0], ids[1], by_rec[ids[0]], by_rec[ids[1]])


async def forget_failed_logins(*accounts: str) -> None:
    """Clear the login throttle's counters (tests run in a rolled-back transaction, so only a
    test that signs in many times needs this)."""
    from commitments.tables import LoginAttempt

    await LoginAttempt.delete(force=True)


async def page_login(client: httpx.AsyncClient, who: str) -> None:
    """Sign in as a cast member and take the CSRF cookie a page visit hands out."""
    await forget_failed_logins(CAST[who][0])
    await login(client, who)
    await client.get("/login")


def token(client: httpx.AsyncClient) -> str:
    return client.cookies.get("csrftoken", "")

"""What every page shares: locale, navigation by role, the language switch, notices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from litestar import Request
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from commitments.actor import Actor
from commitments.i18n import LOCALES, _
from server.i18n import LANG_COOKIE, request_locale

NOTICES = "notices"
ONE_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str


def nav_for(actor: Actor) -> list[NavItem]:
    """The menu a role needs (DESIGN §4); services still check every action."""
    if actor.is_anonymous:
        return []
    items = [NavItem("/", _("Panel")), NavItem("/recommendations", _("Recomendaciones"))]
    if actor.is_focal_point or actor.is_commission:
        items.append(NavItem("/inbox", _("Bandeja")))
    items += [NavItem("/roundtables", _("Mesas técnicas")), NavItem("/scorecards", _("Calificación"))]
    if actor.is_commission:
        items += [
            NavItem("/review", _("Revisión")),
            NavItem("/periods", _("Periodos")),
            NavItem("/documents", _("Documentos")),
            NavItem("/imports", _("Importar")),
        ]
    if actor.is_commission or actor.is_reviewer:
        items.append(NavItem("/reports", _("Informes")))
    if actor.is_admin:
        items += [NavItem("/users", _("Usuarios")), NavItem("/country", _("Emisor"))]
    return items


def lang_links(request: Request[Any, Any, Any]) -> dict[str, str]:
    """This same page in each language (other query parameters kept). A page shown in answer
    to a form (a POST) has no address of its own to reload: its links go to the page the form
    was on."""
    if request.method != "GET":
        origin = urlsplit(request.headers.get("referer", ""))
        same_site = not origin.netloc or origin.netloc == request.url.netloc
        path = safe_next(origin.path) if same_site and origin.path else "/"
        return {code: f"{path}?{urlencode({'lang': code})}" for code in LOCALES}
    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    return {code: f"{request.url.path}?{urlencode({**params, 'lang': code})}" for code in LOCALES}


def notify(request: Request[Any, Any, Any], message: str, **values: Any) -> None:
    """Keep a message (a Spanish msgid) for the next page this user sees."""
    if "session" in request.scope and request.session:
        request.session.setdefault(NOTICES, []).append({"message": message, "values": values})


def _pop_notices(request: Request[Any, Any, Any]) -> list[dict[str, Any]]:
    if "session" not in request.scope or not request.session:
        return []
    return list(request.session.pop(NOTICES, []))


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    """htmx asks for a fragment; a plain browser asks for the whole page."""
    return request.headers.get("hx-request") == "true"


def render(
    request: Request[Any, Any, Any], actor: Actor, template: str, status: int = 200, **context: Any
) -> Template:
    """A page in the request's language; a ?lang= choice is remembered in a cookie."""
    locale = request_locale(request)
    cookies = []
    if request.query_params.get("lang"):
        cookies.append(
            Cookie(key=LANG_COOKIE, value=locale, max_age=ONE_YEAR, path="/", samesite="lax", httponly=True)
        )
    partial = is_htmx(request)
    return Template(
        template,
        status_code=status,
        cookies=cookies,
        context={
            "locale": locale,
            "actor": actor,
            "nav": nav_for(actor),
            "lang_links": lang_links(request),
            "path": request.url.path,
            "notices": [] if partial else _pop_notices(request),
            "partial": partial,
            **context,
        },
    )


def back_to(path: str) -> Redirect:
    """After a successful form: go (303) where the result is shown."""
    return Redirect(path, status_code=303)


def safe_next(target: str | None) -> str:
    """Only a local path is a safe place to return to after login (no scheme, no //host)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(c in target for c in "\r\n\\") or ":" in target.split("?", 1)[0]:
        return "/"
    return target


@dataclass(frozen=True)
class SortLink:
    url: str
    direction: str  # the column's aria-sort: ascending, descending or none


def sort_links(
    request: Request[Any, Any, Any], current: str | None, columns: list[str], default: str
) -> dict[str, SortLink]:
    """For each sortable column, the list ordered by it (ascending first, then the other way
    when it is already the order), filters kept, back on page 1."""
    params = {k: v for k, v in request.query_params.items() if k not in ("page", "sort", "lang")}
    active = current or default
    links = {}
    for name in columns:
        if active == name:
            target, direction = f"-{name}", "ascending"
        elif active == f"-{name}":
            target, direction = name, "descending"
        else:
            target, direction = name, "none"
        links[name] = SortLink(f"{request.url.path}?{urlencode({**params, 'sort': target})}", direction)
    return links


def export_link(request: Request[Any, Any, Any], path: str) -> str:
    """The export of the list as it is filtered and ordered now."""
    params = {k: v for k, v in request.query_params.items() if k not in ("page", "lang")}
    return f"{path}?{urlencode(params)}" if params else path


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    current: bool


@dataclass(frozen=True)
class SuggestionLink:
    query: str
    url: str


def suggestion_links(request: Request[Any, Any, Any], suggestions: list[str]) -> list[SuggestionLink]:
    """The list searched for each suggested query instead, other filters kept, on page 1."""
    params = {k: v for k, v in request.query_params.items() if k not in ("page", "lang", "q")}
    return [SuggestionLink(q, f"{request.url.path}?{urlencode({**params, 'q': q})}") for q in suggestions]


def pagination(request: Request[Any, Any, Any], page: int, total: int, page_size: int) -> dict[str, Any]:
    """Links to the neighbouring pages of a list (a window of five), filters kept."""
    last = max(1, -(-total // page_size))
    params = {k: v for k, v in request.query_params.items() if k not in ("page", "lang")}

    def url(number: int) -> str:
        return f"{request.url.path}?{urlencode({**params, 'page': number})}"

    window = range(max(1, page - 2), min(last, page + 2) + 1)
    return {
        "page": page,
        "last": last,
        "total": total,
        "previous": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if page < last else None,
        "links": [PageLink(n, url(n), n == page) for n in window],
    }

"""Choosing the page language and giving templates translations and locale formats."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, pass_context
from litestar import Request

from commitments import i18n, kinds, vocabulary
from commitments.settings import get_settings

LANG_COOKIE = "lang"


def request_locale(request: Request[Any, Any, Any]) -> str:
    """?lang= first, then the `lang` cookie, then Accept-Language, then the default."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked:
        return i18n.normalise_locale(asked)
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in i18n.LOCALES:
            return code
    return get_settings().locale


@pass_context
def _gettext(context: Any, message: str, **values: Any) -> str:
    return i18n.gettext(context.get("locale", "es"), message, **values)


@pass_context
def _ngettext(context: Any, singular: str, plural: str, n: int, **values: Any) -> str:
    return i18n.ngettext(context.get("locale", "es"), singular, plural, n, **values)


@pass_context
def _date(context: Any, value: Any, style: str = "long") -> str:
    return i18n.format_date(value, context.get("locale", "es"), style)


@pass_context
def _datetime(context: Any, value: Any, style: str = "medium") -> str:
    return i18n.format_datetime(value, context.get("locale", "es"), style)


@pass_context
def _period(context: Any, code: Any, capital: bool = False) -> str:
    """A period code in words ('segundo semestre de 2026'), as the reports write it."""
    words = i18n.format_period(code, context.get("locale", "es"))
    return words[:1].upper() + words[1:] if capital else words


@pass_context
def _number(context: Any, value: Any) -> str:
    return i18n.format_number(value, context.get("locale", "es"))


@pass_context
def _percent(context: Any, part: int, whole: int) -> str:
    """part of whole as a percentage in the page's locale ("—" when there is no whole)."""
    return i18n.format_pct(part / whole, context.get("locale", "es")) if whole else "—"


@pass_context
def _label(context: Any, item: Any, field: str = "label") -> str:
    """The Spanish or English variant of a bilingual field: item.label_es / item.label_en."""
    locale = context.get("locale", "es")
    getter = item.get if isinstance(item, dict) else lambda k, d=None: getattr(item, k, d)
    return getter(f"{field}_{locale}") or getter(f"{field}_es") or ""


@pass_context
def _word(context: Any, kind: str, value: Any) -> str:
    """A stored value's one label (commitments.vocabulary), in the page's language."""
    return vocabulary.word(context.get("locale", "es"), kind, str(value))


@pass_context
def _verbatim(context: Any, value: str) -> str:
    """How faithful a stored text is to its source, in the page's language."""
    return kinds.verbatim_text(value, context.get("locale", "es"))


@pass_context
def _action_word(context: Any, action: str) -> str:
    return vocabulary.action_word(context.get("locale", "es"), action)


@pass_context
def _entity_word(context: Any, entity: str) -> str:
    return vocabulary.entity_word(context.get("locale", "es"), entity)


@pass_context
def _options(context: Any, kind: str, order: list[str] | None = None) -> list[tuple[str, str]]:
    """(value, label) pairs of a vocabulary for a <select>, in `order` when given."""
    values = order or list(vocabulary.choices(vocabulary.VOCABULARIES[kind]))
    return [(v, vocabulary.word(context.get("locale", "es"), kind, v)) for v in values]


def configure(env: Environment) -> None:
    """Install translations and format filters in the Jinja environment."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext=_gettext, ngettext=_ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(date=_date, datetime=_datetime, number=_number, percent=_percent, period=_period)
    env.globals.update(
        label=_label,
        word=_word,
        verbatim=_verbatim,
        action_word=_action_word,
        entity_word=_entity_word,
        options=_options,
        activity_link=activity_link,
        LOCALES=i18n.LOCALES,
    )


def activity_link(entity: str, entity_id: str) -> str:
    """The page an audit event's subject is seen on (empty where none shows it)."""
    from urllib.parse import quote

    if not entity_id:
        return ""
    if entity == "report" and entity_id.isdigit():
        return f"/reports/{entity_id}"
    if entity == "assignment" and entity_id.isdigit():
        return f"/inbox/{entity_id}"
    if entity == "recommendation":
        return f"/recommendations?q={quote(entity_id)}"
    if entity == "roundtable" and entity_id.isdigit():
        return f"/roundtables/{entity_id}"
    if entity == "scorecard" and entity_id.isdigit():
        return f"/scorecards/{entity_id}"
    return {
        "period": "/periods",
        "user": "/users",
        "agency": "/users#agencies",
        "response": "/review",
        "country": "/country",
    }.get(entity, "")

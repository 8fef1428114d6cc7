"""Translations and locale formats. Source strings are Spanish; `en` is a full catalogue.

Catalogues are the committed .po files, compiled in memory on first use (a few ms), so a fresh
install never lacks translations and there is no build step to forget.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

from commitments import clock

LOCALES = ("es", "en")
DEFAULT_LOCALE = "es"
# Babel locale used for formats: Guatemala's Spanish (1,234.5; "25 de noviembre de 2026").
FORMAT_LOCALES = {"es": "es_GT", "en": "en"}
CATALOG_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"


def normalise_locale(value: str | None) -> str:
    """A supported locale code from anything a user sent (falls back to the default)."""
    code = (value or "").strip().lower().replace("-", "_").split("_")[0]
    return code if code in LOCALES else DEFAULT_LOCALE


def po_path(locale: str) -> Path:
    """The committed catalogue of a locale."""
    return CATALOG_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LOCALES))
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue of a locale."""
    path = po_path(locale)
    if not path.exists():
        return NullTranslations()
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def gettext(locale: str, message: str, /, **values: object) -> str:
    """Translate a Spanish source string, then fill `%(name)s` placeholders."""
    text = translations(locale).gettext(message)
    return text % values if values else text


def ngettext(locale: str, singular: str, plural: str, n: int, /, **values: object) -> str:
    """Translate with plural forms; `n` is available as %(n)s."""
    text = translations(locale).ngettext(singular, plural, n)
    return text % {"n": n, **values}


def _(message: str) -> str:
    """Mark a string for extraction without translating it now (translated where shown)."""
    return message


def format_date(value: dt.date | None, locale: str, style: str = "long") -> str:
    """'25 de noviembre de 2026' / 'November 25, 2026'; empty for no date."""
    if value is None:
        return ""
    return _format_date(value, format=style, locale=FORMAT_LOCALES[normalise_locale(locale)])


def format_datetime(value: dt.datetime | None, locale: str, style: str = "medium") -> str:
    """A timestamp in the configured time zone, in the locale's format, with the zone's offset
    ('2/12/2026, 7:06:00 a. m. GMT-06:00'): readers of a report abroad must not guess it."""
    if value is None:
        return ""
    zone, babel_locale = clock.zone(), FORMAT_LOCALES[normalise_locale(locale)]
    local = clock.local(value)
    shown = _format_datetime(local, format=style, tzinfo=zone, locale=babel_locale)
    if style not in ("short", "medium"):
        return shown  # the long and full formats name the zone themselves
    return f"{shown} {_format_datetime(local, format='ZZZZ', tzinfo=zone, locale=babel_locale)}"


def format_time(value: dt.datetime, locale: str) -> str:
    """The local time of an instant with the zone's offset ('10:32 GMT-06:00')."""
    zone, babel_locale = clock.zone(), FORMAT_LOCALES[normalise_locale(locale)]
    local = clock.local(value)
    shown = _format_datetime(local, format="HH:mm", tzinfo=zone, locale=babel_locale)
    return f"{shown} {_format_datetime(local, format='ZZZZ', tzinfo=zone, locale=babel_locale)}"


def format_number(value: float | int, locale: str) -> str:
    """1,234.5 in both es_GT and en."""
    return format_decimal(value, locale=FORMAT_LOCALES[normalise_locale(locale)])


def format_pct(value: float, locale: str) -> str:
    """A ratio (0.25) as a percentage in the locale's format."""
    return format_percent(value, locale=FORMAT_LOCALES[normalise_locale(locale)])


def language_name(code: str, locale: str) -> str:
    """The name of a language in the given locale ('inglés' / 'English')."""
    try:
        return Locale.parse(FORMAT_LOCALES[normalise_locale(locale)]).languages.get(code, code)
    except (ValueError, KeyError):
        return code


# A reporting period's code as people write it: 2026-S2 is the "second half of 2026".
PERIOD_CODE = re.compile(r"^(?P<year>\d{4})(?:-(?P<part>[SHQ])(?P<n>[1-4]))?$", re.IGNORECASE)
HALVES = (_("primer semestre de %(year)s"), _("segundo semestre de %(year)s"))
QUARTERS = (
    _("primer trimestre de %(year)s"),
    _("segundo trimestre de %(year)s"),
    _("tercer trimestre de %(year)s"),
    _("cuarto trimestre de %(year)s"),
)


YEAR = _("año %(year)s")
OTHER_PERIOD = _("periodo %(code)s")


def format_period(code: str | None, locale: str) -> str:
    """A period code in words, as a noun phrase running text can follow "el" / "the" with:
    '2026-S2' -> 'segundo semestre de 2026' / 'second half of 2026', '2026-Q1' -> 'primer
    trimestre de 2026', '2026' -> 'año 2026', any other code -> 'periodo P-7'."""
    code = (code or "").strip()
    match = PERIOD_CODE.match(code)
    if not match:
        return gettext(locale, OTHER_PERIOD, code=code) if code else ""
    year, part, n = match["year"], (match["part"] or "").upper(), int(match["n"] or 0)
    if not part:
        return gettext(locale, YEAR, year=year)
    names = QUARTERS if part == "Q" else HALVES
    if n > len(names):
        return gettext(locale, OTHER_PERIOD, code=code)
    return gettext(locale, names[n - 1], year=year)

"""Every user-facing string is marked, and the English catalogue translates all of them."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from commitments.i18n import gettext, po_path

ROOT = Path(__file__).resolve().parent.parent
# `_` marks; `gettext(locale, msgid)`, a report story's `story.gettext(msgid)` and `t(msgid)`
# (the CLI) translate. The two gettext shapes are extracted in two passes.
KEYWORDS = (
    {"_": None, "t": None, "gettext": (2,), "ngettext": (2, 3)},
    {"gettext": (1,), "ngettext": (1, 2)},
)
METHOD_MAP = [("commitments/**.py", "python"), ("server/**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def extracted() -> set[str]:
    found = set()
    for keywords in KEYWORDS:
        for _name, _line, message, _comments, _ctx in extract_from_dir(
            str(ROOT), METHOD_MAP, OPTIONS, keywords=keywords
        ):
            found.add(message if isinstance(message, str) else message[0])
    return {m for m in found if m}


def catalog(locale: str):
    with open(po_path(locale), "rb") as handle:
        return read_po(handle, locale=locale)


def test_every_marked_string_has_an_english_translation_and_a_spanish_entry():
    found = extracted()
    english, spanish = catalog("en"), catalog("es")
    assert len(found) > 400
    missing_en = sorted(m for m in found if not (english.get(m) and english.get(m).string))
    missing_es = sorted(m for m in found if spanish.get(m) is None)
    assert not missing_en, f"no English for: {missing_en}"
    assert not missing_es, f"missing from the es catalogue: {missing_es}"


def test_placeholders_survive_translation():
    import re

    english = catalog("en")
    for message in english:
        if message.id and message.string and isinstance(message.id, str):
            names = set(re.findall(r"%\((\w+)\)s", message.id))
            assert names == set(re.findall(r"%\((\w+)\)s", message.string)), message.id


def test_a_domain_error_reads_in_both_languages():
    msgid = "institución desconocida «%(code)s»"
    assert gettext("es", msgid, code="XYZ") == "institución desconocida «XYZ»"
    assert gettext("en", msgid, code="XYZ") == "unknown agency “XYZ”"


def test_the_catalogues_hold_no_message_the_code_no_longer_uses():
    # A leftover msgid is how a second wording of the same thing survives unnoticed.
    found = extracted()
    for locale in ("es", "en"):
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(locale) if m.id}
        assert sorted(ids - found) == [], locale

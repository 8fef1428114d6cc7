"""What a catalogue item may hold, checked the same way by the importer and the services: its kind
in its mechanism's vocabulary, the fields only some mechanisms have, the translation slots and
their states, the verbatim status of its text. Pure functions: no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as default
from typing import Any

from commitments import kinds
from commitments.i18n import _
from commitments.vocabulary import TranslationState

SLOTS = ("es", "en")
# The columns of each translation slot.
SLOT_FIELDS = {
    lang: (f"translation_title_{lang}", f"translation_{lang}", f"translation_state_{lang}") for lang in SLOTS
}
TRANSLATION_FIELDS = tuple(name for names in SLOT_FIELDS.values() for name in names)
_LIST_FIELDS = ("ogp_values", "workstreams")


def translation_language(original: str) -> str:
    """The slot the older single translation column fills: English for a Spanish original,
    Spanish for an original in any other language."""
    return "en" if original == "es" else "es"


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field, as a msgid and its values."""

    field: str
    message: str
    params: dict[str, Any] = default(default_factory=dict)


def _empty(value: Any) -> bool:
    return value is None or value == ""


def check_item(
    mechanism: str, values: dict[str, Any], present: frozenset[str], ogp_values: frozenset[str]
) -> tuple[dict[str, Any], frozenset[str], list[Problem]]:
    """Normalise and check an item's fields; `present` names the fields given (the others stay as
    stored), `ogp_values` the OGP value codes. Returns the normalised values, the fields given
    (the older translation column counts as its slot) and the problems."""
    values = dict(values)
    problems: list[Problem] = []
    _check_kind(mechanism, values, present, problems)
    _check_kind_fields(mechanism, values, present, ogp_values, problems)
    present = _check_translations(values, present, problems)
    _check_verbatim(values, present, problems)
    return values, present, problems


def _check_kind(
    mechanism: str, values: dict[str, Any], present: frozenset[str], problems: list[Problem]
) -> None:
    if "kind" not in present:
        return
    kind = str(values.get("kind") or "").strip().lower()
    values["kind"] = kind or kinds.default_kind(mechanism).value
    if not kinds.is_kind_of(mechanism, values["kind"]):
        problems.append(
            Problem(
                "kind",
                _("tipo «%(value)s» desconocido para %(mechanism)s: use %(kinds)s"),
                {
                    "value": kind,
                    "mechanism": mechanism,
                    "kinds": ", ".join(k.value for k in kinds.of(mechanism).kinds),
                },
            )
        )


def _check_kind_fields(
    mechanism: str,
    values: dict[str, Any],
    present: frozenset[str],
    ogp_values: frozenset[str],
    problems: list[Problem],
) -> None:
    for name in kinds.KIND_FIELDS:
        if name not in present:
            continue
        if name in _LIST_FIELDS:
            codes = kinds.split_list(values.get(name))
            values[name] = ";".join(c.upper() if name == "ogp_values" else c.lower() for c in codes)
        if _empty(values.get(name)):
            continue
        if not kinds.applies(mechanism, name):
            problems.append(
                Problem(
                    name,
                    _("este campo no corresponde a los elementos de %(mechanism)s"),
                    {"mechanism": mechanism},
                )
            )
            continue
        known = {"ogp_values": ogp_values, "workstreams": kinds.WORKSTREAMS, "stage": kinds.STAGES}.get(name)
        if known is None:
            continue
        for code in kinds.split_list(values[name]):
            if code not in known:
                problems.append(
                    Problem(
                        name,
                        _("valor desconocido «%(value)s»: use %(known)s"),
                        {"value": code, "known": ", ".join(sorted(known))},
                    )
                )
    if "starts_on" in present and "ends_on" in present:
        starts, ends = values.get("starts_on"), values.get("ends_on")
        if starts and ends and ends < starts:
            problems.append(Problem("ends_on", _("la fecha de término es anterior a la de inicio")))


def _check_translations(
    values: dict[str, Any], present: frozenset[str], problems: list[Problem]
) -> frozenset[str]:
    """The older single column fills its slot; the original's own language has no slot."""
    language = values.get("language") or "es"
    legacy = str(values.pop("text_translated", "") or "")
    if "text_translated" in present:
        slot = f"translation_{translation_language(language)}"
        if slot in present and values.get(slot) != legacy:
            problems.append(
                Problem("text_translated", _("no coincide con la columna %(column)s"), {"column": slot})
            )
        values[slot] = legacy
        present = present | {slot}
    if language in SLOTS:
        title, text, _state = SLOT_FIELDS[language]
        if any(name in present and values.get(name) for name in (title, text)):
            problems.append(
                Problem(text, _("el texto original ya está en este idioma: la traducción va en el otro"))
            )
    return present


def _check_verbatim(values: dict[str, Any], present: frozenset[str], problems: list[Problem]) -> None:
    if "verbatim_status" not in present or not values.get("verbatim_status"):
        return
    status, _note = kinds.verbatim_parts(values["verbatim_status"])
    if status not in kinds.VERBATIM:
        problems.append(
            Problem(
                "verbatim_status",
                _(
                    "estado textual desconocido «%(value)s»: use %(known)s, con una nota entre paréntesis si hace falta"
                ),
                {"value": status, "known": ", ".join(kinds.VERBATIM)},
            )
        )


def settle_states(
    values: dict[str, Any], present: frozenset[str], stored: dict[str, Any] | None
) -> list[Problem]:
    """Give each slot the state its text calls for, where none was given: an unchanged text keeps
    its stored state, a new or changed one is a draft, an empty one is missing. A state given
    must fit the text: none for an empty slot, draft or reviewed for a written one."""
    problems = []
    for lang in SLOTS:
        _title, text, state = SLOT_FIELDS[lang]
        stored_text = stored[text] if stored else ""
        final_text = values[text] if text in present else stored_text
        if state in present and values.get(state):
            given = values[state]
            if not final_text and given != TranslationState.MISSING:
                problems.append(Problem(state, _("no hay traducción a la que dar este estado")))
            elif final_text and given == TranslationState.MISSING:
                problems.append(Problem(state, _("hay una traducción: su estado es borrador o revisada")))
            continue
        if text not in present and stored is not None:
            continue  # neither text nor state given: both stay as stored
        if not final_text:
            values[state] = TranslationState.MISSING.value
        elif stored and stored_text == final_text and stored.get(state):
            values[state] = stored[state]
        else:
            values[state] = TranslationState.DRAFT.value
    return problems

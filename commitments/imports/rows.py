"""Checking one row of a catalogue file against the model and the reference data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from commitments.i18n import _
from commitments.imports.columns import DATES, IMPORTED, PLAIN, restore, split_agencies
from commitments.imports.issues import Issue
from commitments.imports.reading import Formula, SourceRow
from commitments.item_rules import check_item
from commitments.kinds import default_kind
from commitments.schemas import RecommendationIn
from commitments.services.recommendations import recommendation_code


@dataclass(frozen=True)
class Catalogue:
    """The reference data rows are checked against, loaded once per import."""

    country: int
    mechanisms: dict[str, int]
    provisions: dict[tuple[int, str], int]
    agencies: dict[str, int]

    @property
    def ogp_values(self) -> frozenset[str]:
        """The OGP values' codes (its provisions)."""
        ogp = self.mechanisms.get("OGP")
        return frozenset(code for (mechanism, code) in self.provisions if mechanism == ogp)


@dataclass
class ItemRow:
    """A valid row: the recommendation's columns, and which of them the file sets."""

    number: int
    code: str
    mechanism: str
    mechanism_id: int
    cycle: str
    present: frozenset[str]
    values: dict[str, Any]
    provision_id: int | None
    parent_code: str | None
    agencies: list[str]


class _Bad(Exception):
    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message, self.params = message, params


def _scalar(value: Any) -> Any:
    """A cell as text (or a date); None when empty."""
    if isinstance(value, Formula):
        raise _Bad(_("las fórmulas no están permitidas: pegue solo los valores"))
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return restore(value.strip()) or None
    raise _Bad(_("el valor debe ser texto, no una lista ni un mapa"))


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        try:
            return dt.datetime.fromisoformat(value).date()
        except ValueError:
            raise _Bad(_("fecha inválida «%(value)s»: use AAAA-MM-DD"), value=value) from None


def _cells(source: SourceRow) -> tuple[dict[str, Any], list[Issue]]:
    """The model's fields from a row's cells, with an issue per unreadable cell."""
    fields: dict[str, Any] = {}
    issues = []
    for name in IMPORTED:
        if name not in source.cells or name == "agencies":
            continue
        try:
            value = _scalar(source.cells[name])
            if name in DATES:
                value = _date(value)
            elif name == "language" and value:
                value = value.lower()
        except _Bad as bad:
            issues.append(Issue(source.number, name, bad.message, bad.params))
            continue
        if value is not None:
            fields[name] = value
    return fields, issues


def _pydantic_issue(number: int, error: ErrorDetails) -> Issue:
    column = str(error["loc"][0]) if error.get("loc") else ""
    kind = error.get("type", "")
    if kind in ("missing", "string_too_short"):
        return Issue(number, column, _("valor obligatorio vacío"))
    if kind == "string_too_long":
        return Issue(
            number,
            column,
            _("demasiado largo (máximo %(max)s caracteres)"),
            {"max": error.get("ctx", {}).get("max_length", "?")},
        )
    if kind in ("greater_than_equal", "less_than_equal", "int_parsing", "int_from_float"):
        return Issue(number, column, _("debe ser un número entero entre 0 y 100"))
    if kind == "enum":
        return Issue(
            number,
            column,
            _("valor desconocido «%(value)s»: use %(known)s"),
            {"value": error.get("input"), "known": error.get("ctx", {}).get("expected", "")},
        )
    if kind == "literal_error":
        return Issue(
            number,
            column,
            _("idioma desconocido «%(value)s»: use es, en, fr o pt"),
            {"value": error.get("input")},
        )
    if column in ("reference", "cycle"):
        return Issue(number, column, _("use letras, dígitos, «.», «-» o «_» (sin espacios)"))
    if column == "source_url":
        return Issue(number, column, _("la dirección debe empezar con http:// o https://"))
    return Issue(number, column, _("valor inválido: %(detail)s"), {"detail": error.get("msg")})


def _agencies(source: SourceRow, catalogue: Catalogue) -> tuple[list[str], list[Issue]]:
    value = source.cells.get("agencies")
    # A YAML list may hold only codes: a nested (possibly alias-bombed) value is refused.
    if isinstance(value, list) and not all(isinstance(v, str | int) for v in value):
        value = {}
    if isinstance(value, Formula | dict):
        try:
            _scalar(value)
        except _Bad as bad:
            return [], [Issue(source.number, "agencies", bad.message, bad.params)]
    codes = split_agencies(restore(value) if isinstance(value, str) else value)
    issues = []
    for position, code in enumerate(codes):
        if code not in catalogue.agencies:
            issues.append(
                Issue(source.number, "agencies", _("institución desconocida «%(value)s»"), {"value": code})
            )
        elif code in codes[:position]:
            issues.append(
                Issue(source.number, "agencies", _("institución repetida «%(value)s»"), {"value": code})
            )
    return codes, issues


def _code_issues(source: SourceRow, code: str) -> list[Issue]:
    """An exported file's `code` column must agree with the row's own code."""
    try:
        given = _scalar(source.cells.get("code"))
    except _Bad:
        given = None  # an export-only column: a bad cell there is ignored like the column
    if not given or given == code:
        return []
    return [
        Issue(
            source.number,
            "code",
            _("el código «%(value)s» no corresponde a mecanismo-ciclo-referencia (%(expected)s)"),
            {"value": given, "expected": code},
        )
    ]


def check_row(source: SourceRow, catalogue: Catalogue) -> tuple[ItemRow | None, list[Issue]]:
    """Validate a row on its own (file-wide checks such as duplicates come later)."""
    fields, issues = _cells(source)
    agencies, agency_issues = _agencies(source, catalogue)
    issues += agency_issues
    try:
        data = RecommendationIn.model_validate(fields)
    except ValidationError as exc:
        bad = {issue.column for issue in issues}
        issues += [
            i for i in (_pydantic_issue(source.number, e) for e in exc.errors()) if i.column not in bad
        ]
        return None, issues
    mechanism_id = catalogue.mechanisms.get(data.mechanism)
    if mechanism_id is None:
        issues.append(
            Issue(
                source.number, "mechanism", _("mecanismo desconocido «%(value)s»"), {"value": data.mechanism}
            )
        )
        return None, issues
    provision_id = None
    if data.provision:
        provision_id = catalogue.provisions.get((mechanism_id, data.provision))
        if provision_id is None:
            issues.append(
                Issue(
                    source.number,
                    "provision",
                    _("disposición desconocida «%(value)s» para %(mechanism)s"),
                    {"value": data.provision, "mechanism": data.mechanism},
                )
            )
    code = recommendation_code(data.mechanism, data.cycle, data.reference)
    issues += _code_issues(source, code)
    values, present, problems = check_item(
        data.mechanism,
        {name: getattr(data, name) for name in (*PLAIN, "text_translated")},
        frozenset(source.cells),
        catalogue.ogp_values,
    )
    issues += [Issue(source.number, p.field, p.message, p.params) for p in problems]
    if issues:
        return None, issues
    # A new item without a kind takes its mechanism's first; a stored one keeps its own.
    values["kind"] = values["kind"] or default_kind(data.mechanism).value
    return ItemRow(
        number=source.number,
        code=code,
        mechanism=data.mechanism,
        mechanism_id=mechanism_id,
        cycle=data.cycle,
        present=present,
        agencies=agencies,
        values=values,
        provision_id=provision_id,
        parent_code=recommendation_code(data.mechanism, data.cycle, data.parent) if data.parent else None,
    ), []

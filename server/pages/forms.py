"""Form handling for pages: run a form's action, and say what went wrong
in the page's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from commitments.errors import Conflict, InvalidInput
from commitments.i18n import _
from server.errors import status_for


@dataclass
class FormState:
    """A refused form: which one, why (msgids), and what the user typed (to show it again)."""

    name: str = ""
    error: str = ""
    detail: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)
    status: int = 200


# Pydantic error types → what to tell the person filling the form.
_FIELD_MESSAGES = {
    "missing": _("Este campo es obligatorio."),
    "string_too_short": _("Este campo es obligatorio."),
    "string_too_long": _("El texto es demasiado largo."),
    "date_from_datetime_parsing": _("Escriba una fecha válida (AAAA-MM-DD)."),
    "date_parsing": _("Escriba una fecha válida (AAAA-MM-DD)."),
    "date_type": _("Escriba una fecha válida (AAAA-MM-DD)."),
    "literal_error": _("Elija una de las opciones."),
    "string_pattern_mismatch": _("Use solo letras, números, '.', '-' o '_'."),
    "int_parsing": _("Escriba un número."),
}

# Stale-version conflicts get a fuller explanation than the service's one line: what to do now.
_STALE = _(
    "Otra persona modificó este registro después de que usted lo abrió. No se guardó nada: "
    "copie su texto, recargue la página y vuelva a intentarlo."
)
_STALE_TEMPLATES = {
    _("otra persona cambió esta respuesta después de que usted la abrió; vuelva a cargarla"),
    _("otra persona cambió esta recomendación después de que usted la abrió; vuelva a cargarla"),
}


def explain(exc: InvalidInput | Conflict) -> tuple[str, dict[str, Any]]:
    """(msgid, params) telling the person why the form was refused, in the page's language."""
    if exc.template in _STALE_TEMPLATES:
        return _STALE, {}
    return exc.template, exc.params


def field_errors(exc: ValidationError) -> dict[str, str]:
    """Field name → msgid for a schema's validation errors."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error.get("loc") else ""
        if error["type"] == "value_error" and "http" in str(error.get("msg")):
            errors[name] = _("La dirección debe empezar por http:// o https://")
        else:
            errors[name] = _FIELD_MESSAGES.get(error["type"], _("Valor no válido."))
    return errors


class FormAction:
    """A form's action, run in `with FormAction(name, data) as form:`. A refusal (a field the
    schema rejects, a rule the service enforces, a conflict) ends the block and is kept in
    `form.failed`, the form to render again; NotFound and Forbidden are not form errors: they
    reach the error page."""

    def __init__(self, name: str, data: Mapping[str, Any]) -> None:
        self.name, self.data = name, data
        self.failed: FormState | None = None

    def __enter__(self) -> FormAction:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> bool:
        if isinstance(exc, ValidationError):
            message = _("Revise los campos marcados.")
            self.failed = FormState(
                self.name, message, fields=field_errors(exc), values=self.data, status=422
            )
        elif isinstance(exc, InvalidInput | Conflict):
            error, params = explain(exc)
            self.failed = FormState(self.name, error, params=params, values=self.data, status=status_for(exc))
        return self.failed is not None

"""Form handling for pages: parse fields into the domain's schemas, and say what went wrong
in the page's language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from litestar.datastructures import UploadFile
from pydantic import BaseModel, ValidationError

from commitments.errors import Conflict, InvalidInput
from commitments.i18n import _
from server.errors import status_for

M = TypeVar("M", bound=BaseModel)


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


def parse(model: type[M], data: Mapping[str, Any], **extra: Any) -> M:
    """The schema from form fields; empty fields count as not given, unknown ones are ignored."""
    values = {k: data[k] for k in model.model_fields if k in data and data[k] not in ("", None)}
    return model.model_validate({**values, **extra})


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


async def attempt(
    name: str, data: Mapping[str, Any], action: Callable[[], Awaitable[Any]]
) -> FormState | None:
    """Run a form's action; None when it worked, else the refused form to render again.
    NotFound and Forbidden are not form errors: they reach the error page."""
    try:
        await action()
    except ValidationError as exc:
        return FormState(
            name, _("Revise los campos marcados."), fields=field_errors(exc), values=data, status=422
        )
    except (InvalidInput, Conflict) as exc:
        error, params = explain(exc)
        return FormState(name, error, params=params, values=data, status=status_for(exc))
    return None


async def uploaded(data: Mapping[str, Any], key: str = "file") -> tuple[bytes | None, str]:
    """(content, file name) of a file field; (None, "") when no file was chosen."""
    upload = data.get(key)
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read()
        return (content or None), upload.filename
    return None, ""

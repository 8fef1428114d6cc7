"""Form handling for pages: parse fields into the domain's schemas, and say what went wrong
in the page's language (domain messages are English for logs and the API)."""

from __future__ import annotations

import re
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

# Known domain messages → a translatable explanation. Anything else gets a generic line with
# the original text as detail.
_DOMAIN_MESSAGES = (
    (r"changed by someone else", _("Otra persona modificó este registro después de que usted lo "
                                   "abrió. No se guardó nada: copie su texto, recargue la página "
                                   "y vuelva a intentarlo.")),
    (r"actions taken are required", _("Describa las acciones realizadas antes de enviar.")),
    (r"period .* is closed", _("El periodo está cerrado: ya no admite respuestas.")),
    (r"can no longer be changed", _("Esta respuesta ya fue enviada o aceptada y no puede cambiarse.")),
    (r"already assigned", _("Esa institución ya está asignada a esta recomendación.")),
    (r"say why the response is returned", _("Escriba un comentario para devolver la respuesta.")),
    (r"choose the level", _("Elija el nivel que se registrará.")),
    (r"only submitted responses", _("Esta respuesta ya fue revisada.")),
    (r"needs a file or a url", _("Adjunte un archivo o escriba un enlace.")),
    (r"not accepted|zip archives", _("Ese tipo de archivo no se acepta: use PDF, imágenes, "
                                     "documentos de oficina, CSV o texto.")),
    (r"larger than", _("El archivo supera el tamaño máximo permitido.")),
    (r"file is empty", _("El archivo está vacío.")),
    (r"only be attached to a draft", _("Solo se adjunta evidencia a respuestas en borrador o devueltas.")),
    (r"user with email .* already exists", _("Ya existe un usuario con ese correo.")),
    (r"agency .* already exists", _("Ya existe una institución con ese código.")),
    (r"period .* already exists", _("Ya existe un periodo con ese código.")),
    (r"invalid email", _("El correo electrónico no es válido.")),
    (r"password must have at least", _("La contraseña debe tener al menos 8 caracteres.")),
    (r"password is too common", _("La contraseña es demasiado común; elija otra.")),
    (r"focal point needs an agency", _("Un enlace institucional necesita una institución.")),
    (r"only focal points belong", _("Solo los enlaces institucionales pertenecen a una institución.")),
    (r"must not be before", _("Revise las fechas: el fin y el plazo no pueden ser anteriores al inicio.")),
    (r"unknown agency", _("Institución desconocida.")),
    (r"not on this mechanism's scale", _("Ese nivel no pertenece a la escala del mecanismo.")),
    (r"unknown period", _("Periodo desconocido.")),
)


def explain(message: str) -> tuple[str, str]:
    """(msgid, detail): a translatable explanation, and the raw message when none fits."""
    for pattern, msgid in _DOMAIN_MESSAGES:
        if re.search(pattern, message):
            return msgid, ""
    return _("No se pudo guardar. Revise los datos."), message


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


async def attempt(name: str, data: Mapping[str, Any],
                  action: Callable[[], Awaitable[Any]]) -> FormState | None:
    """Run a form's action; None when it worked, else the refused form to render again.
    NotFound and Forbidden are not form errors: they reach the error page."""
    try:
        await action()
    except ValidationError as exc:
        return FormState(name, _("Revise los campos marcados."), fields=field_errors(exc),
                         values=data, status=422)
    except (InvalidInput, Conflict) as exc:
        error, detail = explain(exc.message)
        return FormState(name, error, detail, values=data, status=status_for(exc))
    return None


async def uploaded(data: Mapping[str, Any], key: str = "file") -> tuple[bytes | None, str]:
    """(content, file name) of a file field; (None, "") when no file was chosen."""
    upload = data.get(key)
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read()
        return (content or None), upload.filename
    return None, ""

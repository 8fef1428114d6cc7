"""Reading form data (URL-encoded or multipart, from pages and API alike): fields into the
domain's schemas, files, and how large an upload's body may be."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from litestar.datastructures import UploadFile
from pydantic import BaseModel

from commitments.settings import get_settings

M = TypeVar("M", bound=BaseModel)
# Room for the multipart envelope around a file at the size limit.
UPLOAD_OVERHEAD = 1024 * 1024


def max_upload_body() -> int:
    """The largest request body an evidence upload may send."""
    return get_settings().max_upload_mb * 1024 * 1024 + UPLOAD_OVERHEAD


async def uploads(data: Mapping[str, Any], key: str = "file") -> list[tuple[bytes, str]]:
    """(content, file name) of every non-empty file sent under `key` (none: an empty list)."""
    value = data.get(key)
    found = []
    for upload in value if isinstance(value, list) else [value]:
        if isinstance(upload, UploadFile) and upload.filename:
            content = await upload.read()
            if content:
                found.append((content, upload.filename))
    return found


async def uploaded(data: Mapping[str, Any], key: str = "file") -> tuple[bytes | None, str]:
    """(content, file name) of a single file field; (None, "") when no file was chosen, and
    (None, name) for an empty file."""
    upload = data.get(key)
    if isinstance(upload, UploadFile) and upload.filename:
        return (await upload.read() or None), upload.filename
    return None, ""


def parse(model: type[M], data: Mapping[str, Any], **extra: Any) -> M:
    """The schema from form fields; empty fields count as not given, unknown ones are ignored."""
    values = {k: data[k] for k in model.model_fields if k in data and data[k] not in ("", None)}
    return model.model_validate({**values, **extra})

"""The catalogue over HTTP: import a file (the commission), and open data (everybody)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import MultipartBody
from litestar.response import Response
from pydantic import BaseModel

from commitments.errors import InvalidInput
from commitments.i18n import _, gettext
from commitments.imports import MEDIA_TYPES, ImportResult, export_recommendations, import_file
from commitments.imports import json_schema as recommendations_schema
from commitments.settings import get_settings
from server.api.docs import ERRORS, download
from server.api.workflow import content_disposition
from server.auth import CurrentActor
from server.i18n import request_locale

# Room for the multipart envelope around a file at the size limit: a file just over the limit
# still reaches the importer, which names the limit in the answer.
UPLOAD_OVERHEAD = 1024 * 1024
SCHEMA_MEDIA_TYPE = "application/schema+json"
_YES = ("1", "true", "yes", "on")


def import_body_limit() -> int:
    return get_settings().import_max_mb * 1024 * 1024 + UPLOAD_OVERHEAD


def import_status(result: ImportResult) -> int:
    """200 when the file was (or on a dry run would be) applied; else why not."""
    if result.too_large:
        return 413
    if result.unsupported:
        return 415
    return 422 if result.errors else 200


def import_answer(result: ImportResult, locale: str) -> Response[dict[str, Any]]:
    """The result itself; a refused file also carries the error shape {status_code, detail}."""
    status = import_status(result)
    body = result.model_dump(mode="json")
    if status != 200:
        body |= {
            "status_code": status,
            "detail": gettext(
                locale,
                _("el archivo tiene %(count)s error(es): no se importó nada"),
                count=len(result.errors),
            ),
        }
    return Response(body, status_code=status)


class ImportController(Controller):
    path = "/api/v1/imports"
    tags = ["catalogue"]

    @post(
        "/",
        summary="Import a catalogue file (multipart `file`, `dry_run`): all or nothing",
        request_max_body_size=import_body_limit(),
    )
    async def create(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: MultipartBody[dict[str, Any]]
    ) -> Response[dict[str, Any]]:
        actor.require_commission()  # 401/403 before any complaint about the body
        upload = data.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInput(_("envíe el archivo en el campo multipart `file`"))
        locale = request_locale(request)
        dry_run = str(data.get("dry_run", "")).strip().lower() in _YES
        result = await import_file(
            actor, upload.filename or "", await upload.read(), dry_run=dry_run, locale=locale
        )
        return import_answer(result, locale)


class OpenDataDocument(BaseModel):
    """recommendations.json: its fields are described by recommendations.schema.json."""

    schema_version: int
    country: str
    count: int
    recommendations: list[dict[str, Any]]


class OpenDataController(Controller):
    path = "/api/v1/open-data"
    tags = ["open data"]

    @get(
        "/recommendations.csv",
        summary="Every public recommendation as CSV (UTF-8)",
        responses=download("text/csv; charset=utf-8", "The open data as CSV"),
    )
    async def csv(self) -> Response[bytes]:
        return _download(await export_recommendations("csv"), "csv")

    @get(
        "/recommendations.json",
        summary="Every public recommendation as JSON",
        responses={**ERRORS, 200: ResponseSpec(data_container=OpenDataDocument, description="The open data")},
    )
    async def json(self) -> Response[bytes]:
        return _download(await export_recommendations("json"), "json")

    @get(
        "/recommendations.schema.json",
        summary="JSON Schema of recommendations.json",
        responses={
            200: ResponseSpec(
                data_container=dict[str, Any],
                media_type=SCHEMA_MEDIA_TYPE,
                description="A JSON Schema document",
            )
        },
    )
    async def schema(self) -> Response[dict[str, Any]]:
        return Response(recommendations_schema(), media_type=SCHEMA_MEDIA_TYPE)


def _download(data: bytes, fmt: str) -> Response[bytes]:
    # Litestar appends the charset to text/* types itself.
    return Response(
        data,
        media_type=MEDIA_TYPES[fmt].split(";")[0],
        headers={
            "Content-Disposition": content_disposition(f"recommendations.{fmt}"),
            # Public data: any site may fetch it (no cookies are involved).
            "Access-Control-Allow-Origin": "*",
        },
    )

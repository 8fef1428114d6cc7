"""The analyst's import page: upload a file, see what it would change (nothing is written),
then apply that same file, kept aside by its SHA-256 since the preview."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import MultipartBody, URLEncodedBody
from litestar.response import Template

from commitments.i18n import _
from commitments.imports.staging import apply_staged, preview_import
from server.api.catalogue import import_body_limit, import_status
from server.auth import CurrentActor
from server.formdata import uploaded
from server.i18n import request_locale
from server.pages.forms import FormState
from server.pages.rendering import render
from server.pages.session import signed_in


class ImportPages(Controller):
    include_in_schema = False
    guards = [signed_in]
    path = "/imports"

    @get("/")
    async def upload_form(self, request: Request[Any, Any, Any], actor: CurrentActor) -> Template:
        actor.require_commission()
        return render(request, actor, "imports.html", form=FormState())

    @post("/", request_max_body_size=import_body_limit())
    async def preview(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: MultipartBody[dict[str, Any]]
    ) -> Template:
        actor.require_commission()
        content, name = await uploaded(data)
        if content is None:
            return render(
                request,
                actor,
                "imports.html",
                422,
                form=FormState("upload", _("Elija un archivo .csv, .xlsx, .yaml o .json."), status=422),
            )
        result = await preview_import(actor, name, content, request_locale(request))
        return render(
            request,
            actor,
            "imports.html",
            import_status(result),
            result=result,
            filename=name,
            form=FormState(),
        )

    @post("/apply")
    async def apply(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template:
        name = data.get("filename", "")
        result = await apply_staged(actor, data.get("sha256", ""), name, request_locale(request))
        return render(
            request,
            actor,
            "imports.html",
            import_status(result),
            result=result,
            filename=name,
            form=FormState(),
        )

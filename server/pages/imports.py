"""The analyst's import page: upload a file, see what it would change (nothing is written),
then apply that same file, kept aside by its SHA-256 since the preview."""

from __future__ import annotations

import json
import secrets
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.params import MultipartBody, PathParameter, URLEncodedBody
from litestar.response import Redirect, Template

from commitments.errors import NotFound
from commitments.i18n import _
from commitments.imports.issues import ImportResult
from commitments.imports.staging import apply_staged, preview_import
from server.api.catalogue import import_body_limit, import_status
from server.auth import CurrentActor
from server.formdata import uploaded
from server.i18n import request_locale
from server.pages.forms import FormState
from server.pages.rendering import back_to, render
from server.pages.session import signed_in

RESULT_SECONDS = 24 * 3600


class ImportPages(Controller):
    include_in_schema = False
    guards = [signed_in]
    path = "/imports"

    @get("/result/{key:str}")
    async def result(
        self,
        request: Request[Any, Any, Any],
        actor: CurrentActor,
        key: Annotated[str, PathParameter(max_length=40, pattern=r"^[A-Za-z0-9_\-]+$")],
    ) -> Template:
        """An applied import's result, for the commission, as long as it is kept (a day)."""
        actor.require_commission()
        raw = await request.app.stores.get("sessions").get(f"import-{key}")
        if raw is None:
            raise NotFound(
                _("este resultado de importación ya no se conserva; el catálogo sí tiene los cambios")
            )
        kept = json.loads(raw)
        return render(
            request,
            actor,
            "imports.html",
            result=ImportResult.model_validate(kept["result"]),
            filename=kept["name"],
            form=FormState(),
        )

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
    ) -> Template | Redirect:
        """Applied: the result gets an address of its own (reloading it applies nothing again);
        refused: the errors are shown here."""
        name = data.get("filename", "")
        result = await apply_staged(actor, data.get("sha256", ""), name, request_locale(request))
        if result.ok:
            key = secrets.token_urlsafe(18)
            kept = json.dumps({"name": name, "result": result.model_dump(mode="json")}).encode()
            await request.app.stores.get("sessions").set(f"import-{key}", kept, expires_in=RESULT_SECONDS)
            return back_to(f"/imports/result/{key}")
        return render(
            request,
            actor,
            "imports.html",
            import_status(result),
            result=result,
            filename=name,
            form=FormState(),
        )

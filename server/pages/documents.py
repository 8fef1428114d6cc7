"""Review documents: what the mechanisms issued on the country, which reviewers' ratings cite."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromQuery, URLEncodedBody
from litestar.response import Redirect, Template

from commitments.actor import Actor
from commitments.i18n import _
from commitments.queries.reference import list_cycles, list_mechanisms, list_review_documents
from commitments.schemas import ReviewDocumentIn
from commitments.services.review_documents import create_review_document
from server.auth import CurrentActor
from server.formdata import parse
from server.pages.forms import FormAction, FormState
from server.pages.rendering import back_to, notify, render
from server.pages.session import signed_in


async def documents_page(
    request: Request[Any, Any, Any], actor: Actor, mechanism: str | None = None, form: FormState | None = None
) -> Template:
    """The documents, a mechanism's or all, with the form to register one."""
    actor.require_commission()
    return render(
        request,
        actor,
        "documents.html",
        form.status if form else 200,
        documents=await list_review_documents(mechanism),
        mechanisms=await list_mechanisms(),
        cycles=await list_cycles(),
        mechanism=mechanism or "",
        form=form or FormState(),
    )


class DocumentPages(Controller):
    include_in_schema = False
    guards = [signed_in]
    path = "/documents"

    @get("/")
    async def list_page(
        self, request: Request[Any, Any, Any], actor: CurrentActor, mechanism: FromQuery[str | None] = None
    ) -> Template:
        return await documents_page(request, actor, mechanism)

    @post("/")
    async def create(
        self, request: Request[Any, Any, Any], actor: CurrentActor, data: URLEncodedBody[dict[str, str]]
    ) -> Template | Redirect:
        with FormAction("document", data) as form:
            await create_review_document(actor, parse(ReviewDocumentIn, data))
        if form.failed:
            return await documents_page(request, actor, None, form.failed)
        notify(request, _("Documento de revisión registrado."))
        return back_to(f"/documents?mechanism={data.get('mechanism', '')}")

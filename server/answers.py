"""An agency's answer as a multipart form (the response page and the API send the same
fields): the response's fields, submit or not, and files or a link to attach."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from commitments.schemas import EvidenceIn, ResponseIn
from commitments.services.evidence import Attachment
from commitments.vocabulary import EvidenceKind
from server.formdata import parse, uploads

TRUE = ("1", "true", "on", "yes")


def wants_submit(data: Mapping[str, Any]) -> bool:
    """The page's *Enviar* button (action=submit), or the API's `submit` field."""
    return data.get("action") == "submit" or str(data.get("submit", "")).lower() in TRUE


async def parse_answer(data: Mapping[str, Any], period: str) -> tuple[ResponseIn, list[Attachment]]:
    """The response and its attachments. One file, a link, or both become one evidence item
    titled as given; several files become an item each, titled by its name, and a link one more."""
    response = parse(ResponseIn, data, period=period, submit=wants_submit(data))
    files = await uploads(data)
    url = str(data.get("url") or "")
    kind = data.get("kind") or None

    def meta(title: str, link: str, fallback: EvidenceKind) -> EvidenceIn:
        return parse(EvidenceIn, data, url=link, title=title, kind=kind or fallback)

    if len(files) > 1:
        attachments = [
            Attachment(meta(name, "", EvidenceKind.DOCUMENT), content, name) for content, name in files
        ]
        return response, attachments + ([Attachment(meta(url, url, EvidenceKind.LINK))] if url else [])
    if files:
        content, name = files[0]
        title = str(data.get("title") or name)
        return response, [Attachment(meta(title, url, EvidenceKind.DOCUMENT), content, name)]
    if url:
        return response, [Attachment(meta(str(data.get("title") or url), url, EvidenceKind.LINK))]
    return response, []

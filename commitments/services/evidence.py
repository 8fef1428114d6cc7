"""Evidence: documents, laws, links and datasets that show what was done."""

from __future__ import annotations

import hashlib

from commitments import clock, storage
from commitments.actor import Actor
from commitments.db import writing
from commitments.errors import Conflict, Forbidden, InvalidInput, NotFound
from commitments.i18n import _
from commitments.schemas import EvidenceIn
from commitments.services import audit
from commitments.services.access import agency_ids_of_recommendation, hide_from_other_agencies
from commitments.settings import get_settings
from commitments.storage import StoredFile
from commitments.tables import Evidence, Recommendation, Response
from commitments.uploads import TooLarge, safe_file_name, sniff
from commitments.vocabulary import ResponseState, Verification, choices


async def register_evidence(
    actor: Actor,
    recommendation_id: int,
    data: EvidenceIn,
    stored: StoredFile | None = None,
    file_name: str = "",
    media_type: str = "",
) -> int:
    """Record evidence (a link, or a file already stored by its SHA-256) on a recommendation."""
    actor.require_authenticated()
    if actor.is_reviewer:
        raise Forbidden(_("los revisores no pueden agregar evidencias"))
    if not stored and not data.url:
        raise InvalidInput(_("la evidencia necesita un archivo o un enlace"))
    async with writing():
        code = await _recommendation_code_for(actor, recommendation_id)
        if data.response is not None:
            await _check_response(recommendation_id, data.response, actor)
        row = Evidence(
            recommendation=recommendation_id,
            response=data.response,
            kind=data.kind,
            title=data.title,
            description=data.description,
            url=data.url,
            evidence_date=data.evidence_date,
            visibility=data.visibility,
            file_sha256=stored.sha256 if stored else "",
            size=stored.size if stored else None,
            file_name=file_name,
            media_type=media_type,
            submitted_by=actor.user_id,
            sample=data.sample,
            created_at=clock.now(),
        )
        await row.save()
        await audit.record(
            actor,
            "evidence.create",
            "evidence",
            row.id,
            after={
                "recommendation": code,
                **data.model_dump(mode="json"),
                "file_sha256": stored.sha256 if stored else None,
                "file_name": file_name,
            },
        )
    return row.id


async def _recommendation_code_for(actor: Actor, recommendation_id: int) -> str:
    row = (
        await Recommendation.select(Recommendation.code).where(Recommendation.id == recommendation_id).first()
    )
    if not row:
        raise NotFound(_("recomendación no encontrada"))
    if actor.is_focal_point and actor.agency_id not in await agency_ids_of_recommendation(recommendation_id):
        raise NotFound(_("recomendación no encontrada"))
    return row["code"]


async def _check_response(recommendation_id: int, response_id: int, actor: Actor) -> None:
    row = (
        await Response.select(
            Response.assignment.recommendation.as_alias("recommendation"),
            Response.assignment.agency.as_alias("agency"),
            Response.state,
        )
        .where(Response.id == response_id)
        .first()
    )
    if (
        not row
        or row["recommendation"] != recommendation_id
        or (actor.is_focal_point and row["agency"] != actor.agency_id)
    ):
        raise InvalidInput(_("la respuesta no corresponde a esta recomendación"))
    if row["state"] not in (ResponseState.DRAFT, ResponseState.RETURNED):
        raise Conflict(_("solo se puede adjuntar evidencia a una respuesta en borrador o devuelta"))


async def verify_evidence(actor: Actor, evidence_id: int, verification: str) -> None:
    """Mark evidence verified or rejected (commission only)."""
    await hide_from_other_agencies(actor, "evidence", evidence_id)
    actor.require_commission()
    if verification not in choices(Verification):
        raise InvalidInput(_("la verificación debe ser %(values)s"), values=", ".join(choices(Verification)))
    async with writing():
        row = (
            await Evidence.select(Evidence.id, Evidence.verification)
            .where(Evidence.id == evidence_id)
            .first()
        )
        if not row:
            raise NotFound(_("evidencia no encontrada"))
        await Evidence.update(
            {
                Evidence.verification: verification,
                Evidence.verified_by: actor.user_id,
                Evidence.verified_at: clock.now(),
                Evidence.version: Evidence.version + 1,
            }
        ).where(Evidence.id == evidence_id)
        await audit.record(
            actor,
            "evidence.verify",
            "evidence",
            evidence_id,
            before={"verification": row["verification"]},
            after={"verification": verification},
        )


async def upload_evidence(
    actor: Actor, recommendation_id: int, data: EvidenceIn, content: bytes | None = None, file_name: str = ""
) -> int:
    """Check, store and register evidence; on any failure neither a row nor a new file remains."""
    if content is None:
        return await register_evidence(actor, recommendation_id, data)
    limit = get_settings().max_upload_mb * 1024 * 1024
    if len(content) > limit:
        raise TooLarge(_("el archivo supera %(mb)s MB"), mb=get_settings().max_upload_mb)
    media_type = sniff(content)
    digest = hashlib.sha256(content).hexdigest()
    existed = storage.exists(digest)
    stored = storage.store_bytes(content)
    try:
        return await register_evidence(
            actor, recommendation_id, data, stored, safe_file_name(file_name), media_type
        )
    except BaseException:
        # Content-addressed files are shared: remove only one this call created and nothing uses.
        if not existed and not await Evidence.exists().where(Evidence.file_sha256 == digest):
            storage.path_for(digest).unlink(missing_ok=True)
        raise


async def evidence_file(actor: Actor, evidence_id: int) -> tuple[bytes, str, str]:
    """The stored file of an evidence item the actor may read: (content, name, media type)."""
    from commitments.queries.workflow import get_evidence

    item = await get_evidence(actor, evidence_id)
    if not item.file_sha256 or not storage.exists(item.file_sha256):
        raise NotFound(_("esta evidencia no tiene archivo"))
    return storage.read_bytes(item.file_sha256), item.file_name or "document", item.media_type

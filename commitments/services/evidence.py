"""Evidence: documents, laws, links and datasets that show what was done."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from commitments import clock, policy, storage
from commitments.actor import Actor
from commitments.db import writing
from commitments.errors import Conflict, Forbidden, InvalidInput, NotFound
from commitments.i18n import _
from commitments.queries.workflow import get_evidence
from commitments.schemas import EvidenceIn
from commitments.services import audit
from commitments.settings import get_settings
from commitments.storage import StoredFile
from commitments.tables import Evidence, Recommendation, Response
from commitments.uploads import TooLarge, safe_file_name, sniff
from commitments.vocabulary import ResponseState, Verification, choices


@dataclass(frozen=True)
class Attachment:
    """Evidence to add: its metadata, and a file's content (or a link in `meta.url`)."""

    meta: EvidenceIn
    content: bytes | None = None
    file_name: str = ""


@dataclass(frozen=True)
class CheckedFile:
    """An attachment's file, accepted and ready to store."""

    content: bytes
    name: str
    media_type: str


def check_attachment(attachment: Attachment) -> CheckedFile | None:
    """Refuse a file that is too large or of a type not accepted, before anything is written;
    None for a link."""
    if attachment.content is None:
        if not attachment.meta.url:
            raise InvalidInput(_("la evidencia necesita un archivo o un enlace"))
        return None
    limit = get_settings().max_upload_mb
    if len(attachment.content) > limit * 1024 * 1024:
        raise TooLarge(_("el archivo supera %(mb)s MB"), mb=limit)
    media_type = sniff(attachment.content)
    return CheckedFile(attachment.content, safe_file_name(attachment.file_name, media_type), media_type)


def store_files(files: Sequence[CheckedFile | None]) -> list[StoredFile | None]:
    """Store accepted files before the transaction that names them. If that transaction fails,
    the files stay: another request may be naming the same bytes right now, and
    `commitments files sweep` collects what no row names."""
    return [storage.store_bytes(f.content) if f is not None else None for f in files]


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
    if actor.is_civil_society:
        raise Forbidden(_("una organización de la sociedad civil cita su evidencia en su propia valoración"))
    if not stored and not data.url:
        raise InvalidInput(_("la evidencia necesita un archivo o un enlace"))
    async with writing():
        await policy.ensure_visible(actor, policy.RECOMMENDATION, recommendation_id)
        code = (
            await Recommendation.select(Recommendation.code)
            .where(Recommendation.id == recommendation_id)
            .first()
        )
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
                "recommendation": code["code"] if code else None,
                **data.model_dump(mode="json"),
                "file_sha256": stored.sha256 if stored else None,
                "file_name": file_name,
            },
        )
    return int(row.id)


async def _check_response(recommendation_id: int, response_id: int, actor: Actor) -> None:
    row = (
        await Response.select(Response.assignment._.recommendation.as_alias("recommendation"), Response.state)
        .where(Response.id == response_id, policy.responses(actor))
        .first()
    )
    if not row or row["recommendation"] != recommendation_id:
        raise InvalidInput(_("la respuesta no corresponde a esta recomendación"))
    if row["state"] not in (ResponseState.DRAFT, ResponseState.RETURNED):
        raise Conflict(_("solo se puede adjuntar evidencia a una respuesta en borrador o devuelta"))


async def attach(actor: Actor, recommendation_id: int, attachments: Sequence[Attachment]) -> list[int]:
    """Store and record several attachments in one transaction (all or none)."""
    checked = [check_attachment(a) for a in attachments]
    stored = store_files(checked)
    async with writing():
        return [
            await register_evidence(
                actor,
                recommendation_id,
                attachment.meta,
                file,
                check.name if check else "",
                check.media_type if check else "",
            )
            for attachment, check, file in zip(attachments, checked, stored, strict=True)
        ]


async def upload_evidence(
    actor: Actor, recommendation_id: int, data: EvidenceIn, content: bytes | None = None, file_name: str = ""
) -> int:
    """Check, store and register one evidence item; on any failure no row remains (the file
    waits for the sweep)."""
    (evidence_id,) = await attach(actor, recommendation_id, [Attachment(data, content, file_name)])
    return evidence_id


async def verify_evidence(actor: Actor, evidence_id: int, verification: str, note: str = "") -> None:
    """Mark evidence verified or rejected (commission only); a rejection says why."""
    await policy.ensure_commission_may_change(actor, policy.EVIDENCE, evidence_id)
    if verification not in choices(Verification):
        raise InvalidInput(_("la verificación debe ser %(values)s"), values=", ".join(choices(Verification)))
    note = note.strip()[:2000]
    if verification == Verification.REJECTED and not note:
        raise InvalidInput(_("diga por qué se rechaza la evidencia (motivo)"))
    async with writing():
        row = await Evidence.select(Evidence.verification).where(Evidence.id == evidence_id).first()
        if not row:
            raise NotFound(_("evidencia no encontrada"))
        await Evidence.update(
            {
                Evidence.verification: verification,
                Evidence.verified_by: actor.user_id,
                Evidence.verified_at: clock.now(),
                Evidence.verification_note: note if verification == Verification.REJECTED else "",
                Evidence.version: Evidence.version + 1,
            }
        ).where(Evidence.id == evidence_id)
        await audit.record(
            actor,
            "evidence.verify",
            "evidence",
            evidence_id,
            before={"verification": row["verification"]},
            after={"verification": verification, "note": note},
        )


async def evidence_file(actor: Actor, evidence_id: int) -> tuple[bytes, str, str]:
    """The stored file of an evidence item the actor may read: (content, name, media type)."""
    item = await get_evidence(actor, evidence_id)
    if not item.file_sha256 or not storage.exists(item.file_sha256):
        raise NotFound(_("esta evidencia no tiene archivo"))
    return storage.read_bytes(item.file_sha256), item.file_name or "document", item.media_type

"""The documents mechanisms issue on the country, which reviewers' ratings cite."""

from __future__ import annotations

from commitments import policy
from commitments.actor import Actor
from commitments.db import by_name, writing
from commitments.errors import Conflict, InvalidInput, NotFound
from commitments.i18n import _
from commitments.lookup import country_id, cycle_by_code, mechanism_by_code
from commitments.schemas import ReviewDocumentIn, ReviewDocumentPatch
from commitments.services import audit
from commitments.tables import ReviewDocument

STALE = _("otra persona cambió este documento después de que usted lo abrió; vuelva a cargarlo")


async def create_review_document(actor: Actor, data: ReviewDocumentIn) -> int:
    """Register a document a mechanism issued (its reference is unique within the mechanism)."""
    actor.require_commission()
    mechanism = await mechanism_by_code(data.mechanism)
    async with writing():
        cycle_id = None
        if data.cycle:
            cycle = await cycle_by_code(mechanism["id"], data.cycle)
            if not cycle:
                raise InvalidInput(_("ciclo desconocido «%(code)s»"), code=f"{data.mechanism}-{data.cycle}")
            cycle_id = cycle["id"]
        country = await country_id()
        if await ReviewDocument.exists().where(
            (ReviewDocument.country == country)
            & (ReviewDocument.mechanism == mechanism["id"])
            & (ReviewDocument.reference == data.reference)
        ):
            raise Conflict(
                _("ya existe un documento %(reference)s de este mecanismo"), reference=data.reference
            )
        row = ReviewDocument(
            country=country,
            mechanism=mechanism["id"],
            cycle=cycle_id,
            kind=data.kind,
            reference=data.reference,
            title=data.title,
            issued_on=data.issued_on,
            url=data.url,
        )
        await row.save()
        await audit.record(actor, "document.create", "document", row.id, after=data.model_dump(mode="json"))
    return row.id


async def update_review_document(actor: Actor, document_id: int, patch: ReviewDocumentPatch) -> int:
    """Correct a review document if nobody changed it since `patch.version`; return the new version."""
    actor.require_commission()
    async with writing():
        row = (
            await ReviewDocument.select()
            .where(ReviewDocument.id == document_id, policy.review_documents())
            .first()
        )
        if not row:
            raise NotFound(_("documento de revisión no encontrado"))
        if row["version"] != patch.version:
            raise Conflict(STALE)
        values = patch.model_dump(exclude_unset=True, exclude={"version"})
        changed = {k: v for k, v in values.items() if row[k] != v}
        if not changed:
            return row["version"]
        if "reference" in changed and await ReviewDocument.exists().where(
            (ReviewDocument.country == row["country"])
            & (ReviewDocument.mechanism == row["mechanism"])
            & (ReviewDocument.reference == changed["reference"])
        ):
            raise Conflict(
                _("ya existe un documento %(reference)s de este mecanismo"), reference=changed["reference"]
            )
        saved = (
            await ReviewDocument.update(by_name({**changed, "version": row["version"] + 1}))
            .where((ReviewDocument.id == document_id) & (ReviewDocument.version == patch.version))
            .returning(ReviewDocument.id)
        )
        if not saved:
            raise Conflict(STALE)
        await audit.record(
            actor,
            "document.update",
            "document",
            document_id,
            before={k: row[k] for k in changed},
            after=changed,
        )
    return row["version"] + 1

"""The commission's translations of recommendation texts, one slot per report language."""

from __future__ import annotations

from commitments import clock, policy
from commitments.actor import Actor
from commitments.db import by_name, writing
from commitments.errors import Conflict, InvalidInput, NotFound
from commitments.i18n import LOCALES, _
from commitments.item_rules import SLOT_FIELDS
from commitments.schemas import TranslationIn
from commitments.search import index_recommendations
from commitments.services import audit
from commitments.tables import Recommendation
from commitments.vocabulary import TranslationState

STALE = _("otra persona cambió esta recomendación después de que usted la abrió; vuelva a cargarla")


async def save_translation(actor: Actor, recommendation_id: int, language: str, data: TranslationIn) -> int:
    """Write the translation of a recommendation into `language` if nobody changed the
    recommendation since `data.version`; return its new version. An empty text clears the slot."""
    actor.require_commission()
    if language not in LOCALES:
        raise InvalidInput(_("el idioma debe ser uno de: %(locales)s"), locales=", ".join(LOCALES))
    title_field, text_field, state_field = SLOT_FIELDS[language]
    async with writing():
        row = (
            await Recommendation.select(
                Recommendation.code,
                Recommendation.language,
                Recommendation.version,
                getattr(Recommendation, title_field),
                getattr(Recommendation, text_field),
                getattr(Recommendation, state_field),
            )
            .where(Recommendation.id == recommendation_id, policy.recommendations(actor))
            .first()
        )
        if not row:
            raise NotFound(_("recomendación no encontrada"))
        if row["language"] == language:
            raise InvalidInput(_("el texto original ya está en este idioma: la traducción va en el otro"))
        if row["version"] != data.version:
            raise Conflict(STALE)
        state = data.state if data.text else TranslationState.MISSING
        if not data.text and data.title:
            raise InvalidInput(_("escriba también la traducción del texto, no solo la del título"))
        if data.text and state == TranslationState.MISSING:
            raise InvalidInput(_("hay una traducción: su estado es borrador o revisada"))
        after = {title_field: data.title, text_field: data.text, state_field: state.value}
        changed = {k: v for k, v in after.items() if row[k] != v}
        if not changed:
            return row["version"]
        new_version = row["version"] + 1
        saved = (
            await Recommendation.update(
                by_name({**changed, "version": new_version, "updated_at": clock.now()})
            )
            .where((Recommendation.id == recommendation_id) & (Recommendation.version == data.version))
            .returning(Recommendation.id)
        )
        if not saved:
            raise Conflict(STALE)
        await index_recommendations([recommendation_id])
        await audit.record(
            actor,
            "recommendation.translate",
            "recommendation",
            row["code"],
            before={k: row[k] for k in changed},
            after={**changed, "language": language},
        )
    return new_version

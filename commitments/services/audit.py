"""The audit trail: an append-only, hash-chained record of every change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commitments import clock
from commitments.actor import Actor
from commitments.canonical import canonical_json, sha256_hex, utc_iso
from commitments.db import is_postgres_engine
from commitments.i18n import _
from commitments.settings import get_settings
from commitments.tables import AuditEvent

GENESIS = "0" * 64
# Any constant works: it only has to be the same for every writer of the chain.
_PG_AUDIT_LOCK = 727_001


def event_payload(
    seq: int,
    at: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: str,
    after: str,
    country: str = "",
) -> str:
    """The canonical JSON that an event's hash covers (the country since events carry one;
    older events hash as they always did)."""
    fields = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
    }
    return canonical_json({**fields, "country": country} if country else fields)


def chain_hash(prev_hash: str, payload: str) -> str:
    """SHA-256 over the previous hash and this event's canonical JSON."""
    return sha256_hex(prev_hash + payload)


async def record(
    actor: Actor, action: str, entity: str, entity_id: Any, before: Any = None, after: Any = None
) -> tuple[int, str]:
    """Append one event; call inside the service's write transaction. Returns its (seq, hash)."""
    if is_postgres_engine():
        # Serialise appenders so two transactions never chain onto the same predecessor.
        await AuditEvent.raw("SELECT pg_advisory_xact_lock({})", _PG_AUDIT_LOCK)
    last = await (
        AuditEvent.select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq, ascending=False).first()
    )
    seq = (last["seq"] + 1) if last else 1
    prev_hash = last["hash"] if last else GENESIS
    at = clock.now()
    before_json = "" if before is None else canonical_json(before)
    after_json = "" if after is None else canonical_json(after)
    country = get_settings().country
    payload = event_payload(
        seq, utc_iso(at), actor.email, action, entity, str(entity_id), before_json, after_json, country
    )
    event_hash = chain_hash(prev_hash, payload)
    await AuditEvent.insert(
        AuditEvent(
            seq=seq,
            at=at,
            actor=actor.email,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=before_json,
            after=after_json,
            prev_hash=prev_hash,
            hash=event_hash,
            country=country,
        )
    )
    return seq, event_hash


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the chain."""

    ok: bool
    count: int
    head: str
    broken_seq: int | None = None
    reason: str = ""


async def verify() -> ChainReport:
    """Recompute every hash in order; report the first event that does not fit."""
    rows = await AuditEvent.select().order_by(AuditEvent.seq)
    prev_hash = GENESIS
    for expected_seq, row in enumerate(rows, start=1):
        reason = _check_row(row, expected_seq, prev_hash)
        if reason:
            return ChainReport(False, len(rows), prev_hash, row["seq"], reason)
        prev_hash = row["hash"]
    return ChainReport(True, len(rows), prev_hash)


def _check_row(row: dict[str, Any], expected_seq: int, prev_hash: str) -> str:
    if row["seq"] != expected_seq:
        # A gap means an event was deleted; a repeat or jump back means reordering.
        return _("falta un evento antes de este, o está fuera de orden (eliminado o reordenado)")
    if row["prev_hash"] != prev_hash:
        return _("no sigue al evento anterior (eliminado o reordenado)")
    payload = event_payload(
        row["seq"],
        utc_iso(row["at"]),
        row["actor"],
        row["action"],
        row["entity"],
        row["entity_id"],
        row["before"],
        row["after"],
        row["country"],
    )
    if chain_hash(prev_hash, payload) != row["hash"]:
        return _("el contenido no coincide con su hash (editado)")
    return ""

"""Does the record still say what it said? The audit chain recomputed, checked against anchors
kept outside its tail (each issued report's finalizing event; a backup's manifest), and every
row the trail says was created checked to be still there.

A hash chain alone cannot see its own tail cut off, nor a row deleted from its table: anchors
see the first, the created-rows check the second.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from piccolo.table import Table

from commitments.i18n import _
from commitments.services import audit
from commitments.tables import (
    Agency,
    Assignment,
    AuditEvent,
    CivilSocietyAssessment,
    Consultation,
    ConsultationComment,
    Cycle,
    Evidence,
    Organisation,
    Period,
    Recommendation,
    Report,
    Response,
    Roundtable,
    User,
)


@dataclass(frozen=True)
class Anchor:
    """An event's seq and hash as recorded somewhere the tail of the trail cannot reach."""

    seq: int
    hash: str
    source: str  # what recorded it, for the message


@dataclass(frozen=True)
class Problem:
    """One thing found wrong: a msgid and its parameters."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Integrity:
    ok: bool
    count: int
    head: str
    anchors: int = 0
    records: int = 0
    problems: list[Problem] = field(default_factory=list)


CHUNK = 500
# Rows never deleted, by the entity and action that created them: (table, key column).
_CREATED: dict[tuple[str, str], tuple[type[Table], str]] = {
    ("evidence", "evidence.create"): (Evidence, "id"),
    ("response", "response.save"): (Response, "id"),
    ("response", "response.submit"): (Response, "id"),
    ("report", "report.create"): (Report, "id"),
    ("user", "user.create"): (User, "id"),
    ("cycle", "cycle.create"): (Cycle, "id"),
    ("recommendation", "recommendation.create"): (Recommendation, "code"),
    ("period", "period.create"): (Period, "code"),
    ("agency", "agency.create"): (Agency, "code"),
    ("assignment", "assignment.create"): (Assignment, "id"),
    ("organisation", "organisation.create"): (Organisation, "code"),
    ("civil_assessment", "civil_assessment.save"): (CivilSocietyAssessment, "id"),
    ("consultation", "consultation.open"): (Consultation, "id"),
    ("comment", "comment.create"): (ConsultationComment, "id"),
    ("roundtable", "roundtable.create"): (Roundtable, "id"),
}


async def report_anchors() -> list[Anchor]:
    """Each issued report's finalizing event."""
    rows = await Report.select(Report.id, Report.audit_seq, Report.audit_hash).where(
        Report.audit_seq.is_not_null()
    )
    return [Anchor(row["audit_seq"], row["audit_hash"], f"report {row['id']}") for row in rows]


async def check(extra: list[Anchor] | None = None) -> Integrity:
    """The chain, the anchors (issued reports' and `extra`), and the rows the trail created."""
    chain = await audit.verify()
    result = Integrity(chain.ok, chain.count, chain.head)
    if not chain.ok:
        result.problems.append(
            Problem(
                _("cadena de auditoría rota en el evento %(seq)s: %(reason)s"),
                {"seq": chain.broken_seq, "reason": chain.reason},
            )
        )
    anchors = [*await report_anchors(), *(extra or [])]
    result.anchors = len(anchors)
    result.problems += await _anchors(anchors, chain.count)
    records, missing = await _created_rows()
    result.records = records
    result.problems += missing
    result.ok = not result.problems
    return result


async def _anchors(anchors: list[Anchor], count: int) -> list[Problem]:
    if not anchors:
        return []
    rows = await AuditEvent.select(AuditEvent.seq, AuditEvent.hash).where(
        AuditEvent.seq.is_in(sorted({a.seq for a in anchors}))
    )
    hashes = {row["seq"]: row["hash"] for row in rows}
    problems = []
    for anchor in sorted(anchors, key=lambda a: a.seq):
        if anchor.seq not in hashes:
            problems.append(
                Problem(
                    _(
                        "falta el evento %(seq)s que registró %(source)s: se quitó el final de la cadena (%(count)s eventos)"
                    ),
                    {"seq": anchor.seq, "source": anchor.source, "count": count},
                )
            )
        elif hashes[anchor.seq] != anchor.hash:
            problems.append(
                Problem(
                    _("el evento %(seq)s no es el que registró %(source)s"),
                    {"seq": anchor.seq, "source": anchor.source},
                )
            )
    return problems


async def _created_rows() -> tuple[int, list[Problem]]:
    """How many created rows the trail names, and a problem for each one no longer there."""
    events = await AuditEvent.select(
        AuditEvent.seq, AuditEvent.action, AuditEvent.entity, AuditEvent.entity_id, AuditEvent.country
    ).where(AuditEvent.action.is_in(sorted({action for _entity, action in _CREATED} | {"assignment.delete"})))
    deleted = {e["entity_id"] for e in events if e["action"] == "assignment.delete"}
    wanted: dict[tuple[type[Table], str], dict[str, int]] = defaultdict(dict)
    for event in events:
        target = _CREATED.get((event["entity"], event["action"]))
        if target is None or (event["entity"] == "assignment" and event["entity_id"] in deleted):
            continue
        wanted[target].setdefault(event["entity_id"], event["seq"])
    problems = []
    for (table, key), keys in wanted.items():
        column = table._meta.get_column_by_name(key)
        values: list[Any] = [int(k) for k in keys] if key == "id" else list(keys)
        present: set[str] = set()
        for start in range(0, len(values), CHUNK):
            rows = await table.select(column).where(column.is_in(values[start : start + CHUNK]))
            present |= {str(row[key]) for row in rows}
        for missing in sorted(set(keys) - present):
            problems.append(
                Problem(
                    _(
                        "falta el registro %(entity)s %(key)s que creó el evento %(seq)s (se borró de su tabla)"
                    ),
                    {"entity": table._meta.tablename, "key": missing, "seq": keys[missing]},
                )
            )
    return sum(len(keys) for keys in wanted.values()), problems

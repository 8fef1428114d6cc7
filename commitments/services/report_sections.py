"""The sections of a report the commission writes (commitments.reports.templates says which).

A new draft starts from the text of the previous report of the same template and language;
each section is then edited while the report is a draft, every save naming the version it was
based on (a stale one is refused, so two analysts never overwrite each other silently), and the
text is frozen with the snapshot at finalize.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from commitments import clock, policy
from commitments.actor import Actor
from commitments.canonical import sha256_hex
from commitments.db import writing
from commitments.errors import Conflict, InvalidInput, NotFound
from commitments.i18n import _, gettext
from commitments.reports.model import CONSOLIDATED
from commitments.reports.templates import PartKind, authored, spec, template_for
from commitments.services import audit
from commitments.tables import Report, ReportSection
from commitments.vocabulary import ReportState


class SectionOut(BaseModel):
    """A section of a report as the API and the report's page show it."""

    key: str
    title: str  # in the report's language
    kind: str  # authored | generated
    required: bool
    text: str  # "" for a generated section
    version: int  # 0 for a generated section
    hint: str = ""


def _mechanism(row: dict[str, Any]) -> str:
    return row["mechanism_code"] or CONSOLIDATED


async def prefill(report_id: int, country: int, mechanism: str, locale: str) -> None:
    """Give a new draft its authored sections, each with the text of the latest other report
    of the same template and language (call inside the creating transaction)."""
    same = Report.mechanism.is_null() if mechanism == CONSOLIDATED else Report.mechanism._.code == mechanism
    previous = (
        await Report.select(Report.id)
        .where((Report.country == country) & (Report.id != report_id) & (Report.locale == locale) & same)
        .order_by(Report.period._.ends_on, ascending=False)
        .order_by(Report.id, ascending=False)
        .first()
    )
    texts: dict[str, str] = {}
    if previous:
        rows = await ReportSection.select(ReportSection.key, ReportSection.body).where(
            ReportSection.report == previous["id"]
        )
        texts = {row["key"]: row["body"] for row in rows}
    sections = [
        ReportSection(report=report_id, key=s.key, body=texts.get(s.key, "")) for s in authored(mechanism)
    ]
    if sections:
        await ReportSection.insert(*sections)


async def _report(actor: Actor, report_id: int) -> dict[str, Any]:
    """The report if the actor may read it (commitments.policy.reports); else NotFound."""
    row = (
        await Report.select(
            Report.id, Report.locale, Report.state, Report.mechanism._.code.as_alias("mechanism_code")
        )
        .where(Report.id == report_id, policy.reports(actor))
        .first()
    )
    if not row:
        raise NotFound(_("informe no encontrado"))
    return row


async def stored_texts(report_id: int) -> dict[str, tuple[str, int]]:
    """Each authored section's text and version."""
    rows = await ReportSection.select(ReportSection.key, ReportSection.body, ReportSection.version).where(
        ReportSection.report == report_id
    )
    return {row["key"]: (row["body"], row["version"]) for row in rows}


async def list_sections(actor: Actor, report_id: int) -> list[SectionOut]:
    """The report's sections in its template's order, authored ones with their text."""
    row = await _report(actor, report_id)
    texts = await stored_texts(report_id)
    locale = row["locale"]
    found = []
    for item in template_for(_mechanism(row)):
        text, version = texts.get(item.key, ("", 1)) if item.kind == PartKind.AUTHORED else ("", 0)
        found.append(
            SectionOut(
                key=item.key,
                title=gettext(locale, item.title),
                kind=item.kind.value,
                required=item.required,
                text=text,
                version=version,
                hint=gettext(locale, item.hint) if item.hint else "",
            )
        )
    return found


async def save_section(actor: Actor, report_id: int, key: str, text: str, version: int) -> SectionOut:
    """Replace an authored section's text of a draft, if `version` is still its version."""
    actor.require_commission()
    row = await _report(actor, report_id)
    wanted = spec(_mechanism(row), key)
    if wanted is None:
        raise NotFound(_("este informe no tiene la sección «%(key)s»"), key=key[:40])
    if wanted.kind != PartKind.AUTHORED:
        raise InvalidInput(_("la sección «%(key)s» se genera a partir de los datos y no se escribe"), key=key)
    async with writing():
        state = await Report.select(Report.state).where(Report.id == report_id).first()
        if state is None or state["state"] != ReportState.DRAFT:
            raise Conflict(_("el informe %(id)s ya no es un borrador y no puede cambiar"), id=report_id)
        current = (
            await ReportSection.select(ReportSection.id, ReportSection.body, ReportSection.version)
            .where((ReportSection.report == report_id) & (ReportSection.key == key))
            .first()
        )
        if current is None:  # a draft created before its template had this section
            await ReportSection.insert(ReportSection(report=report_id, key=key, body="", version=1))
            current = {"body": "", "version": 1}
        updated = (
            await ReportSection.update(
                {
                    ReportSection.body: text,
                    ReportSection.version: ReportSection.version + 1,
                    ReportSection.updated_by: actor.user_id,
                    ReportSection.updated_at: clock.now(),
                }
            )
            .where(
                (ReportSection.report == report_id)
                & (ReportSection.key == key)
                & (ReportSection.version == version)
            )
            .returning(ReportSection.version)
        )
        if not updated:
            raise Conflict(
                _(
                    "la sección «%(key)s» cambió mientras la editaba (versión %(current)s, no %(version)s): "
                    "recargue para ver el texto actual"
                ),
                extra={"version": current["version"], "text": current["body"]},
                key=key,
                current=current["version"],
                version=version,
            )
        await audit.record(
            actor,
            "report.section",
            "report",
            report_id,
            before={"key": key, "version": version, "sha256": sha256_hex(current["body"])},
            after={"key": key, "version": updated[0]["version"], "text": text},
        )
    return next(s for s in await list_sections(actor, report_id) if s.key == key)

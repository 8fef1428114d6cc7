"""Self-assessment reports: draft -> final -> sent; a final report and its PDF never change.

A draft is rebuilt from live data each time it is rendered (its PDF says BORRADOR). Finalizing
freezes the draft's snapshot (the report model as canonical JSON, whose SHA-256 is the report's
identifier) and renders the final PDF from that snapshot alone, so later edits to the data cannot
alter it, and rebuilding from the snapshot gives the same text and the same bytes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from concurrent.futures import Executor
from typing import Any

from pydantic import BaseModel

from commitments import clock, policy, publicity
from commitments.actor import SYSTEM, Actor
from commitments.canonical import sha256_hex
from commitments.db import engine, writing
from commitments.errors import Conflict, InvalidInput, NotFound
from commitments.i18n import LOCALES, _
from commitments.policy import ISSUED
from commitments.reports.completeness import gaps
from commitments.reports.gather import ALL_CYCLES, gather, resolve_scope
from commitments.reports.layout_entry import build_pdf
from commitments.reports.model import (
    CONSOLIDATED,
    ReportModel,
    Superseded,
    model_from_snapshot,
    snapshot_json,
)
from commitments.services import audit, consultations, render_claims, report_sections
from commitments.services.render_claims import STALE_PENDING, STALE_RUNNING
from commitments.storage import read_bytes, store_bytes
from commitments.tables import Report
from commitments.vocabulary import RenderState, ReportState


class ReportOut(BaseModel):
    """A report as lists, pages and the API show it."""

    id: int
    mechanism: str  # a mechanism code, or ALL for the consolidated report
    cycle: str | None
    period: str
    locale: str
    internal: bool
    state: str  # draft | final | sent
    render_state: str  # pending | running | retrying | ready | failed
    error: str
    render_attempts: int = 0  # attempts at rendering since it was last asked for
    pages: int | None
    file_sha256: str
    snapshot_sha256: str
    generated_by: str | None
    generated_at: dt.datetime | None
    finalized_at: dt.datetime | None
    sent_to: str
    sent_on: dt.date | None
    transmittal_ref: str
    version: int  # how many times the row changed (renderings, finalize, sending)
    edition: int | None = None  # 1, 2, … among the issued reports of the same scope
    supersedes: int | None = None  # the report whose edition this one replaces
    superseded_by: int | None = None  # the report that replaced this one
    civil_society_annex: bool = False  # prints civil society's assessments as an annex


_COLUMNS = (
    Report.id,
    Report.locale,
    Report.internal,
    Report.state,
    Report.render_state,
    Report.error,
    Report.render_attempts,
    Report.pages,
    Report.file_sha256,
    Report.snapshot_sha256,
    Report.generated_at,
    Report.finalized_at,
    Report.sent_to,
    Report.sent_on,
    Report.transmittal_ref,
    Report.version,
    Report.edition,
    Report.supersedes,
    Report.superseded_by,
    Report.civil_society_annex,
    Report.mechanism._.code.as_alias("mechanism_code"),
    Report.cycle._.code.as_alias("cycle_code"),
    Report.period._.code.as_alias("period_code"),
    Report.generated_by._.email.as_alias("generated_by_email"),
)


def _out(row: dict[str, Any]) -> ReportOut:
    return ReportOut(
        mechanism=row["mechanism_code"] or CONSOLIDATED,
        cycle=row["cycle_code"],
        period=row["period_code"],
        generated_by=row["generated_by_email"],
        **{k: row[k] for k in ReportOut.model_fields if k in row},
    )


async def _row(actor: Actor, report_id: int, *extra: Any) -> dict[str, Any]:
    """The report if the actor may read it (commitments.policy.reports); else NotFound."""
    row = await Report.select(*_COLUMNS, *extra).where(Report.id == report_id, policy.reports(actor)).first()
    if not row:
        raise NotFound(_("informe no encontrado"))
    return row


def scope_key(mechanism: str | None, cycle: str | None, period: str, locale: str, internal: bool) -> str:
    """What a report covers, as one string: reports with the same key are editions of one report."""
    edition = "internal" if internal else "public"
    return "|".join((mechanism or CONSOLIDATED, cycle or "*", period, locale, edition))


async def create_report(
    actor: Actor, mechanism: str | None, cycle: str | None, period: str, locale: str, internal: bool = False
) -> int:
    """Register a draft report (mechanism None or ALL: consolidated); render it next."""
    actor.require_commission()
    if locale not in LOCALES:
        raise InvalidInput(_("el idioma debe ser uno de: %(locales)s"), locales=", ".join(LOCALES))
    scope = await resolve_scope(mechanism, cycle, period)
    # One cycle: the one named, else the mechanism's latest; none stored means every cycle.
    cycle = scope.cycle
    async with writing():
        row = Report(
            country=scope.country["id"],
            mechanism=None if scope.mechanism == CONSOLIDATED else scope.mechanisms[0]["id"],
            cycle=scope.cycles[0]["id"] if cycle else None,
            period=scope.period["id"],
            locale=locale,
            internal=internal,
            scope_key=scope_key(scope.mechanism, cycle, period, locale, internal),
            state=ReportState.DRAFT,
            render_state=RenderState.PENDING,
            render_at=clock.now(),
            generated_by=actor.user_id,
        )
        await row.save()
        await report_sections.prefill(row.id, scope.country["id"], scope.mechanism, locale)
        await audit.record(
            actor,
            "report.create",
            "report",
            row.id,
            after={
                "mechanism": scope.mechanism,
                "cycle": cycle,
                "period": period,
                "locale": locale,
                "internal": internal,
            },
        )
    return row.id


async def _in_worker(executor: Executor | None, func: Any, *args: Any, **kwargs: Any) -> Any:
    # PDF layout is CPU-bound: never run it on the event loop. A process pool may be passed.
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, functools.partial(func, *args, **kwargs))


async def render_report(
    report_id: int,
    *,
    actor: Actor = SYSTEM,
    executor: Executor | None = None,
    as_of: dt.date | None = None,
    retry: bool = False,
) -> ReportOut:
    """Rebuild a draft from live data: snapshot, PDF, pages and hashes (or the error). With
    `retry`, a failure that may pass leaves the draft `retrying`, due again after a delay."""
    row = await _row(actor, report_id, Report.cycle._.code, Report.period._.code)
    if row["state"] != ReportState.DRAFT:
        raise Conflict(_("el informe %(id)s ya no es un borrador y no puede cambiar"), id=report_id)
    claim = await render_claims.take_up(report_id)
    try:
        async with render_claims.lease(claim):
            async with engine().transaction():  # one consistent read of the data
                scope = await resolve_scope(
                    row["mechanism_code"], row["cycle_code"] or ALL_CYCLES, row["period_code"]
                )
                texts = await report_sections.stored_texts(report_id)
                model = await gather(scope, row["locale"], row["internal"], as_of, texts, report_id)
            snapshot = snapshot_json(model)
            identifier = sha256_hex(snapshot)
            pdf = await _in_worker(
                executor, build_pdf, model, row["locale"], draft=True, identifier=identifier
            )
    except Exception as exc:
        await render_claims.record_failure(claim, exc, retry)
        raise
    stored = store_bytes(pdf.data)
    async with writing():
        updated = (
            await Report.update(
                {
                    Report.snapshot: snapshot,
                    Report.snapshot_sha256: identifier,
                    Report.file_sha256: stored.sha256,
                    Report.pages: pdf.pages,
                    Report.generated_at: clock.now(),
                    Report.render_state: RenderState.READY,
                    Report.version: Report.version + 1,
                }
            )
            .where(claim.held() & (Report.state == ReportState.DRAFT))
            .returning(Report.id)
        )
        if not updated:
            now = await Report.select(Report.state).where(Report.id == report_id).first()
            if now and now["state"] == ReportState.DRAFT:
                # Asked for again while this rendering ran: the newer one stores its result.
                raise Conflict(
                    _("el informe %(id)s se pidió de nuevo mientras se generaba: se genera otra vez"),
                    id=report_id,
                )
            raise Conflict(_("el informe %(id)s se finalizó mientras se generaba"), id=report_id)
        await audit.record(
            actor,
            "report.render",
            "report",
            report_id,
            after={"snapshot_sha256": identifier, "file_sha256": stored.sha256, "pages": pdf.pages},
        )
    return await get_report(actor, report_id)


async def stranded_reports() -> list[int]:
    """The country's drafts whose rendering was queued (or due for a retry) but never taken
    up, or taken up by a renderer no longer heard from: a restart or a dead worker interrupted
    them."""
    now = clock.now()
    waiting = [RenderState.PENDING, RenderState.RETRYING]
    rows = await Report.select(Report.id).where(
        Report.country.is_in(policy.country()),
        Report.state == ReportState.DRAFT,
        (Report.render_state.is_in(waiting) & (Report.render_at < now - STALE_PENDING))
        | ((Report.render_state == RenderState.RUNNING) & (Report.render_at < now - STALE_RUNNING))
        # Queued or taken up before the service kept the time.
        | (Report.render_state.is_in([*waiting, RenderState.RUNNING]) & Report.render_at.is_null()),
    )
    return sorted(row["id"] for row in rows)


async def request_render(actor: Actor, report_id: int) -> ReportOut:
    """Queue a draft to be rendered again from the current data: after the data changed, after a
    failure, or when a server restart interrupted its rendering (render it next)."""
    actor.require_commission()
    async with writing():
        row = await _row(actor, report_id)
        if row["state"] != ReportState.DRAFT:
            raise Conflict(
                _("el informe %(id)s ya es %(state)s y no puede cambiar"), id=report_id, state=row["state"]
            )
        await Report.update(
            {
                Report.render_state: RenderState.PENDING,
                Report.error: "",
                Report.render_at: clock.now(),
                Report.render_attempts: 0,
            }
        ).where(Report.id == report_id)
        await audit.record(
            actor,
            "report.rerender",
            "report",
            report_id,
            before={"render_state": row["render_state"]},
            after={"render_state": RenderState.PENDING},
        )
    return await get_report(actor, report_id)


async def finalize_report(actor: Actor, report_id: int, executor: Executor | None = None) -> ReportOut:
    """Freeze the rendered draft: its snapshot, with the edition it becomes (the next of its
    scope, superseding the one before), and a final PDF built from that snapshot alone."""
    actor.require_commission()
    row = await _row(actor, report_id, Report.snapshot, Report.scope_key, Report.country)
    if row["state"] != ReportState.DRAFT:
        raise Conflict(_("el informe %(id)s ya es final"), id=report_id)
    if row["render_state"] != RenderState.READY or not row["snapshot"]:
        raise Conflict(_("genere el borrador antes de finalizarlo"))
    if sha256_hex(row["snapshot"]) != row["snapshot_sha256"]:
        raise Conflict(_("la instantánea del borrador no coincide con su huella: vuelva a generarlo"))
    model = model_from_snapshot(row["snapshot"])
    await _check_complete(report_id, model)
    previous = (
        await Report.select(Report.id, Report.edition, Report.snapshot_sha256, Report.finalized_at)
        .where(
            (Report.country == row["country"])
            & (Report.scope_key == row["scope_key"])
            & Report.edition.is_not_null()
        )
        .order_by(Report.edition, ascending=False)
        .first()
    )
    edition = previous["edition"] + 1 if previous else 1
    supersedes = (
        Superseded(
            edition=previous["edition"],
            identifier=previous["snapshot_sha256"],
            finalized_on=clock.local_date(previous["finalized_at"]) if previous["finalized_at"] else None,
        )
        if previous
        else None
    )
    # The day of issue is frozen too: it is the PDF's creation date, so the file stays the same.
    update = {"edition": edition, "supersedes": supersedes, "issued_on": clock.today()}
    model = model.model_copy(update=update)
    snapshot = snapshot_json(model)
    identifier = sha256_hex(snapshot)
    pdf = await _in_worker(executor, build_pdf, model, row["locale"], draft=False, identifier=identifier)
    stored = store_bytes(pdf.data)
    async with writing():
        updated = (
            await Report.update(
                {
                    Report.state: ReportState.FINAL,
                    Report.snapshot: snapshot,
                    Report.snapshot_sha256: identifier,
                    Report.edition: edition,
                    Report.supersedes: previous["id"] if previous else None,
                    Report.file_sha256: stored.sha256,
                    Report.pages: pdf.pages,
                    Report.finalized_by: actor.user_id,
                    Report.finalized_at: clock.now(),
                    Report.version: Report.version + 1,
                }
            )
            .where(
                (Report.id == report_id)
                & (Report.state == ReportState.DRAFT)
                & (Report.snapshot_sha256 == row["snapshot_sha256"])
            )
            .returning(Report.id)
        )
        if not updated:
            raise Conflict(_("el borrador cambió mientras se finalizaba; vuelva a intentarlo"))
        if previous:
            replaced = (
                await Report.update({Report.superseded_by: report_id})
                .where((Report.id == previous["id"]) & Report.superseded_by.is_null())
                .returning(Report.id)
            )
            if not replaced:
                raise Conflict(
                    _("otra versión de este informe se emitió al mismo tiempo; vuelva a intentarlo")
                )
        seq, event_hash = await audit.record(
            actor,
            "report.finalize",
            "report",
            report_id,
            before={"state": ReportState.DRAFT},
            after={
                "state": ReportState.FINAL,
                "snapshot_sha256": identifier,
                "file_sha256": stored.sha256,
                "edition": edition,
                "supersedes": previous["id"] if previous else None,
            },
        )
        # The finalizing event, kept with the report: `audit verify` checks the chain against it.
        await Report.update({Report.audit_seq: seq, Report.audit_hash: event_hash}).where(
            Report.id == report_id
        )
    return await get_report(actor, report_id)


async def _check_complete(report_id: int, model: ReportModel) -> None:
    """Refuse to issue a draft whose authored text changed since it was rendered, or that still
    lacks something (commitments.reports.completeness): the error lists what."""
    stored = await report_sections.stored_texts(report_id)
    for part in model.parts:
        if part.kind == "authored" and stored.get(part.key, ("", part.version))[1] != part.version:
            raise Conflict(
                _("el texto de «%(title)s» cambió después de generar el borrador: genérelo de nuevo"),
                title=part.title.pick(model.locale),
            )
    await consultations.ensure_settled(report_id, model.consultation)
    missing = gaps(model)
    if missing:
        raise InvalidInput(
            _("el informe no puede finalizarse todavía: falta lo que indica la lista (%(count)s)"),
            extra={"missing": [gap.as_dict() for gap in missing]},
            count=len(missing),
        )


async def mark_sent(
    actor: Actor, report_id: int, sent_to: str, sent_on: dt.date, transmittal_ref: str = ""
) -> ReportOut:
    """Record that a final report was sent: to whom, when, under which transmittal reference."""
    actor.require_commission()
    sent_to, transmittal_ref = sent_to.strip(), transmittal_ref.strip()
    if not sent_to or len(sent_to) > 300:
        raise InvalidInput(_("indique a quién se envió el informe (de 1 a 300 caracteres)"))
    if len(transmittal_ref) > 200:
        raise InvalidInput(_("la referencia del oficio de remisión pasa de 200 caracteres"))
    async with writing():
        row = await _row(actor, report_id)
        if row["state"] == ReportState.SENT:
            raise Conflict(_("el informe %(id)s ya se marcó como enviado"), id=report_id)
        if row["state"] != ReportState.FINAL:
            raise Conflict(_("solo un informe final puede marcarse como enviado"))
        if row["finalized_at"] and sent_on < clock.local_date(row["finalized_at"]):
            raise InvalidInput(_("un informe no puede enviarse antes de su finalización"))
        await Report.update(
            {
                Report.state: ReportState.SENT,
                Report.sent_to: sent_to,
                Report.sent_on: sent_on,
                Report.transmittal_ref: transmittal_ref,
                Report.version: Report.version + 1,
            }
        ).where(Report.id == report_id)
        await audit.record(
            actor,
            "report.send",
            "report",
            report_id,
            before={"state": ReportState.FINAL},
            after={
                "state": ReportState.SENT,
                "sent_to": sent_to,
                "sent_on": sent_on,
                "transmittal_ref": transmittal_ref,
            },
        )
    return await get_report(actor, report_id)


async def get_report(actor: Actor, report_id: int) -> ReportOut:
    """One report, if the actor may see it."""
    row = await _row(actor, report_id)
    return _out(row)


async def list_reports(actor: Actor, state: str | None = None) -> list[ReportOut]:
    """Reports newest first: all for the commission, issued ones for reviewers."""
    where = policy.reports(actor)
    if state:
        where &= Report.state == state
    rows = await Report.select(*_COLUMNS).where(where).order_by(Report.id, ascending=False)
    return [_out(row) for row in rows]


async def report_pdf(actor: Actor, report_id: int) -> bytes:
    """The report's PDF (a draft's latest rendering, or the frozen final file)."""
    row = await _row(actor, report_id)
    if not row["file_sha256"]:
        raise Conflict(_("este informe aún no se ha generado"))
    return read_bytes(row["file_sha256"])


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def report_docx(actor: Actor, report_id: int) -> bytes:
    """The report as an editable Word document, built from its snapshot (a draft's latest
    rendering, or the frozen final one); the PDF stays the verifiable record."""
    from commitments.reports.docx import build_docx

    row = await _row(actor, report_id, Report.snapshot)
    if not row["snapshot"]:
        raise Conflict(_("este informe aún no se ha generado"))
    model = model_from_snapshot(row["snapshot"])
    draft = row["state"] == ReportState.DRAFT
    return await asyncio.to_thread(
        build_docx, model, row["locale"], draft=draft, identifier=row["snapshot_sha256"]
    )


class PublicReport(BaseModel):
    """An issued report as the public portal lists it: nothing about people or transmittals."""

    id: int
    mechanism: str
    cycle: str | None
    period: str
    locale: str
    state: str
    pages: int | None
    finalized_at: dt.datetime | None
    snapshot_sha256: str
    edition: int | None = None
    superseded_by: int | None = None


def file_name(report: ReportOut | PublicReport, extension: str) -> str:
    """The name a downloaded report is saved under: what it covers, and whether it is a draft
    or which issued version (`MESICIC-all-2026-S2-es-v2.pdf`, `OGP-AP3-2026-S2-en-draft.pdf`)."""
    edition = f"v{report.edition}" if report.edition else "draft"
    return f"{report.mechanism}-{report.cycle or 'all'}-{report.period}-{report.locale}-{edition}.{extension}"


async def public_reports() -> list[PublicReport]:
    """Final and sent reports that are not internal, newest first (no login needed)."""
    rows = (
        await Report.select(*_COLUMNS)
        .where(publicity.reports() & Report.superseded_by.is_null())
        .order_by(Report.id, ascending=False)
    )
    return [PublicReport(**_out(row).model_dump()) for row in rows]


async def public_report_pdf(report_id: int) -> tuple[PublicReport, bytes]:
    """An issued, non-internal report and its PDF; NotFound for drafts and internal ones."""
    row = await Report.select(*_COLUMNS).where(Report.id == report_id, publicity.reports()).first()
    if not row or not row["file_sha256"]:
        raise NotFound(_("informe no encontrado"))
    return PublicReport(**_out(row).model_dump()), read_bytes(row["file_sha256"])


async def report_model(actor: Actor, report_id: int) -> ReportModel:
    """The report's data as rendered (for the HTML preview of the same model)."""
    row = await _row(actor, report_id, Report.snapshot)
    if not row["snapshot"]:
        raise Conflict(_("este informe aún no se ha generado"))
    return model_from_snapshot(row["snapshot"])


async def verify_pdf(data: bytes, actor: Actor = SYSTEM) -> ReportOut | None:
    """The issued (final or sent) report whose stored PDF is exactly these bytes, or None."""
    return await verify_digest(sha256_hex(data), actor)


async def verify_digest(sha256: str, actor: Actor = SYSTEM) -> ReportOut | None:
    """The issued (final or sent) report whose stored PDF has this SHA-256, or None.

    Anyone may check a PDF; who generated it is told to the commission only."""
    row = (
        await Report.select(*_COLUMNS)
        .where(
            (Report.file_sha256 == sha256.lower())
            & Report.state.is_in(list(ISSUED))
            & Report.country.is_in(policy.country())
        )
        .order_by(Report.id)
        .first()
    )
    if not row:
        return None
    found = _out(row)
    return found if actor.is_commission else found.model_copy(update={"generated_by": None})


async def issue_report(
    actor: Actor,
    mechanism: str | None,
    cycle: str | None,
    period: str,
    locale: str,
    internal: bool = False,
    final: bool = True,
    as_of: dt.date | None = None,
) -> ReportOut:
    """Create, render and (unless `final` is False) finalize a report in one call."""
    report_id = await create_report(actor, mechanism, cycle, period, locale, internal)
    report = await render_report(report_id, actor=actor, as_of=as_of)
    return await finalize_report(actor, report_id) if final else report

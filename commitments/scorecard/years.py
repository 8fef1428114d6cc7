"""A year of the rating, from its opening to its publication.

preparing (the commission defines the methodology and scores) -> review (the agencies see their
draft scores and may contest them within a window) -> published (the results are frozen as a
snapshot; nothing of the year changes again). Every write of a year takes its row first (`FOR
UPDATE` on PostgreSQL; SQLite's writers already queue), so a change and the publication never
interleave: a change either lands before the snapshot is taken or is refused with 409.
"""

from __future__ import annotations

from typing import Any

from piccolo.columns import Column

from commitments import clock, policy
from commitments.actor import Actor
from commitments.canonical import sha256_hex
from commitments.db import is_postgres_engine, writing
from commitments.errors import Conflict, InvalidInput, NotFound
from commitments.i18n import _
from commitments.lookup import country_id
from commitments.reference import read_seed
from commitments.resources import resource_dir
from commitments.scorecard import results
from commitments.scorecard.model import snapshot_json
from commitments.scorecard.schemas import ReviewIn, ScorecardIn
from commitments.services import audit
from commitments.settings import get_settings
from commitments.tables import (
    Agency,
    ScorecardAgency,
    ScorecardContest,
    ScorecardCriterion,
    ScorecardIndicator,
    ScorecardYear,
)
from commitments.vocabulary import ContestState, ScorecardState

MISSING = _("la calificación de transparencia %(year)s no existe")
FROZEN = _("la calificación %(year)s ya se publicó: su metodología y sus puntajes ya no cambian")


async def locked_year(year: int) -> dict[str, Any]:
    """The year's row, locked until the transaction ends (call inside `writing()`)."""
    query = ScorecardYear.select().where(
        (ScorecardYear.year == year) & ScorecardYear.country.is_in(policy.country())
    )
    if is_postgres_engine():
        query = query.lock_rows()
    row = await query.first()
    if not row:
        raise NotFound(MISSING, year=year)
    return row


def refuse_published(row: dict[str, Any]) -> None:
    """409 for any change to a published year."""
    if row["state"] == ScorecardState.PUBLISHED:
        raise Conflict(FROZEN, year=row["year"])


async def _source_year(country: int, data: ScorecardIn) -> int | None:
    """The year whose methodology a new one copies."""
    query = ScorecardYear.select(ScorecardYear.id, ScorecardYear.year).where(ScorecardYear.country == country)
    if data.copy_from is not None:
        row = await query.where(ScorecardYear.year == data.copy_from).first()
        if not row:
            raise InvalidInput(MISSING, year=data.copy_from)
        return int(row["id"])
    row = (
        await query.where(ScorecardYear.year < data.year)
        .order_by(ScorecardYear.year, ascending=False)
        .first()
    )
    return int(row["id"]) if row else None


def seed_indicators() -> list[dict[str, Any]]:
    """The country's default indicators (seeds/<ISO2>/scorecard.yaml), or none."""
    path = resource_dir("seeds") / get_settings().country / "scorecard.yaml"
    if not path.exists():
        return []
    return list(read_seed(f"{get_settings().country}/scorecard.yaml").get("indicators", []))


async def _copy_methodology(source: int | None, target: int) -> None:
    if source is None:
        for position, item in enumerate(seed_indicators()):
            await ScorecardIndicator(
                scorecard=target,
                code=str(item["code"]),
                position=position,
                title_es=item["es"],
                title_en=item.get("en", ""),
                weight=int(item["weight"]),
            ).save()
        return
    for index, spec in enumerate(await results.methodology(source)):
        indicator = ScorecardIndicator(
            scorecard=target,
            code=spec.code,
            position=index,
            title_es=spec.title.es,
            title_en=spec.title.en,
            weight=spec.weight,
        )
        await indicator.save()
        for position, criterion in enumerate(spec.criteria):
            await ScorecardCriterion(
                scorecard=target,
                indicator=indicator.id,
                code=criterion.code,
                position=position,
                title_es=criterion.title.es,
                title_en=criterion.title.en,
                description_es=criterion.description.es,
                description_en=criterion.description.en,
                weight=criterion.weight,
            ).save()


async def _agency_ids(country: int, codes: list[str] | None) -> list[int]:
    """The agencies a year rates: those named, or every active one of the country."""
    if codes is None:
        rows = await Agency.select(Agency.id).where((Agency.country == country) & Agency.active.eq(True))
        return [row["id"] for row in rows]
    wanted = list(dict.fromkeys(code.strip().upper() for code in codes))
    rows = await Agency.select(Agency.id, Agency.code).where(
        (Agency.country == country) & Agency.code.is_in(wanted or [""])
    )
    found = {row["code"]: row["id"] for row in rows}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise InvalidInput(_("institución desconocida «%(code)s»"), code=unknown[0])
    return [found[code] for code in wanted]


async def create_year(actor: Actor, data: ScorecardIn) -> int:
    """Open a year of the rating: its methodology carried forward, the agencies it rates."""
    actor.require_commission()
    async with writing():
        country = await country_id()
        if await ScorecardYear.exists().where(
            (ScorecardYear.country == country) & (ScorecardYear.year == data.year)
        ):
            raise Conflict(_("la calificación de transparencia %(year)s ya existe"), year=data.year)
        source = await _source_year(country, data)
        agencies = await _agency_ids(country, data.agencies)
        if not agencies:
            raise InvalidInput(_("la calificación debe incluir al menos una institución"))
        row = ScorecardYear(country=country, year=data.year, sample=data.sample, created_at=clock.now())
        await row.save()
        await ScorecardAgency.insert(*(ScorecardAgency(scorecard=row.id, agency=a) for a in agencies))
        await _copy_methodology(source, row.id)
        await audit.record(
            actor, "scorecard.create", "scorecard", data.year, after=data.model_dump(mode="json")
        )
    return int(row.id)


async def missing_scores(year: dict[str, Any]) -> list[dict[str, str]]:
    """Every (agency, criterion) of the year that has no score yet."""
    indicators = await results.methodology(year["id"])
    criteria = [c.code for i in indicators for c in i.criteria]
    scored = {(r["agency_code"], r["criterion_code"]) for r in await results.score_rows(year["id"])}
    return [
        {"agency": agency["code"], "criterion": code}
        for agency in await results.rated_agencies(year["id"])
        for code in criteria
        if (agency["code"], code) not in scored
    ]


async def _check_ready(year: dict[str, Any]) -> None:
    """422 unless the weights add up and every rated agency is scored on every criterion."""
    problems = results.weight_problems(await results.methodology(year["id"]))
    if problems:
        raise InvalidInput(
            _(
                "los pesos no suman 100: los criterios de cada indicador y los indicadores entre sí deben sumar 100"
            ),
            extra={
                "weights": [{"indicator": p.code, "total": p.total, "criteria": p.criteria} for p in problems]
            },
        )
    missing = await missing_scores(year)
    if missing:
        raise InvalidInput(
            _("faltan %(count)s puntajes por registrar (institución y criterio)"),
            extra={"missing": missing[:200]},
            count=len(missing),
        )


async def open_review(actor: Actor, year: int, data: ReviewIn) -> None:
    """Share the draft scores with the agencies and set the window in which they may contest
    them (or, during review, move that window)."""
    actor.require_commission()
    async with writing():
        row = await locked_year(year)
        refuse_published(row)
        if data.contest_closes_on < clock.today():
            raise InvalidInput(_("el plazo para impugnar no puede terminar antes de hoy"))
        if row["state"] == ScorecardState.PREPARING:
            await _check_ready(row)
        values: dict[Column | str, Any] = {
            ScorecardYear.state: ScorecardState.REVIEW,
            ScorecardYear.contest_opens_on: data.contest_opens_on,
            ScorecardYear.contest_closes_on: data.contest_closes_on,
            ScorecardYear.version: ScorecardYear.version + 1,
        }
        await ScorecardYear.update(values).where(ScorecardYear.id == row["id"])
        await audit.record(
            actor,
            "scorecard.review",
            "scorecard",
            year,
            before={"state": row["state"]},
            after={"state": ScorecardState.REVIEW, **data.model_dump(mode="json")},
        )


async def publish(actor: Actor, year: int) -> str:
    """Publish the year: its results frozen as a snapshot; returns the snapshot's SHA-256."""
    actor.require_commission()
    async with writing():
        row = await locked_year(year)
        refuse_published(row)
        if row["state"] != ScorecardState.REVIEW:
            raise Conflict(_("envíe primero los puntajes a revisión de las instituciones"))
        if clock.today() <= row["contest_closes_on"]:
            raise Conflict(
                _("las instituciones pueden impugnar hasta el %(date)s: publique después"),
                date=row["contest_closes_on"].isoformat(),
            )
        if await ScorecardContest.exists().where(
            (ScorecardContest.scorecard == row["id"]) & (ScorecardContest.state == ContestState.OPEN)
        ):
            raise InvalidInput(_("responda todas las impugnaciones antes de publicar"))
        await _check_ready(row)
        now = clock.now()
        published = {**row, "state": ScorecardState.PUBLISHED, "published_at": now}
        snapshot = snapshot_json(await results.compute(published))
        digest = sha256_hex(snapshot)
        await ScorecardYear.update(
            {
                ScorecardYear.state: ScorecardState.PUBLISHED,
                ScorecardYear.snapshot: snapshot,
                ScorecardYear.snapshot_sha256: digest,
                ScorecardYear.published_at: now,
                ScorecardYear.published_by: actor.user_id,
                ScorecardYear.version: ScorecardYear.version + 1,
            }
        ).where(ScorecardYear.id == row["id"])
        await audit.record(
            actor,
            "scorecard.publish",
            "scorecard",
            year,
            before={"state": row["state"]},
            after={"state": ScorecardState.PUBLISHED, "snapshot_sha256": digest},
        )
    return digest

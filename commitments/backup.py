"""Backups that restore: an online, consistent copy of the database and of every file its rows
name, with a manifest of SHA-256s and the audit trail's head; and a restore that checks all of
it before writing anything, into an empty database and data directory.

The database is copied row by row, table by table, inside one read transaction (a snapshot:
REPEATABLE READ on PostgreSQL, a WAL read transaction on SQLite), as canonical JSON lines, so a
backup of one engine restores into the other. The files named by the copied rows are copied
after it, each checked against its name; no sweep runs meanwhile (commitments.files).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Timestamptz
from piccolo.table import Table
from pydantic import BaseModel

from commitments import clock, files, storage
from commitments.canonical import canonical_json, sha256_hex
from commitments.db import applied_migrations, engine, is_postgres_engine, migrate_to, write_transaction
from commitments.errors import Conflict, InvalidInput
from commitments.i18n import _
from commitments.search import reindex_all
from commitments.services import audit
from commitments.tables import (
    Agency,
    ApiToken,
    Assessment,
    Assignment,
    AuditEvent,
    CivilSocietyAssessment,
    CivilSocietyReply,
    Consultation,
    ConsultationComment,
    Country,
    Cycle,
    Evidence,
    Mechanism,
    Membership,
    Organisation,
    Period,
    Provision,
    RatingLevel,
    Recommendation,
    RecommendationLink,
    Report,
    ReportSection,
    Response,
    ReviewDocument,
    Roundtable,
    RoundtableActivity,
    RoundtableParticipant,
    RoundtableRecommendation,
    Scale,
    ScorecardAgency,
    ScorecardContest,
    ScorecardCriterion,
    ScorecardIndicator,
    ScorecardScore,
    ScorecardYear,
    User,
)

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
# Every table, each after the tables it refers to (a recommendation's parent: second pass).
TABLES: tuple[type[Table], ...] = (
    Country,
    Mechanism,
    Scale,
    RatingLevel,
    Provision,
    Cycle,
    ReviewDocument,
    Agency,
    Organisation,
    User,
    Membership,
    ApiToken,
    Recommendation,
    RecommendationLink,
    Assignment,
    Period,
    Response,
    Evidence,
    Assessment,
    CivilSocietyAssessment,
    CivilSocietyReply,
    Report,
    ReportSection,
    Consultation,
    ConsultationComment,
    Roundtable,
    RoundtableParticipant,
    RoundtableActivity,
    RoundtableRecommendation,
    ScorecardYear,
    ScorecardAgency,
    ScorecardIndicator,
    ScorecardCriterion,
    ScorecardScore,
    ScorecardContest,
    AuditEvent,
)
CHUNK = 500


class AuditHead(BaseModel):
    count: int
    seq: int
    head: str


class TableEntry(BaseModel):
    rows: int
    sha256: str


class Manifest(BaseModel):
    """What a backup holds, each part with its SHA-256."""

    format: int
    created_at: dt.datetime
    engine: str
    migrations: list[str]
    tables: dict[str, TableEntry]
    files: dict[str, int]  # digest -> size
    audit: AuditHead


def _name(table: type[Table]) -> str:
    return table._meta.tablename


async def _rows(table: type[Table]) -> list[dict[str, Any]]:
    """Every row of a table, by id, read in chunks."""
    pk = table._meta.primary_key
    found: list[dict[str, Any]] = []
    last = 0
    while True:
        chunk = await table.select().where(pk > last).order_by(pk).limit(CHUNK * 10)
        if not chunk:
            return found
        found += chunk
        last = chunk[-1]["id"]


async def backup(target: Path) -> Manifest:
    """Write a backup into `target`, a folder that must not exist yet (made whole or not at all)."""
    if target.exists() and any(target.iterdir()):
        raise InvalidInput(_("la carpeta %(path)s ya existe y no está vacía"), path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        with files.exclusive():  # no file a copied row names is swept before it is copied
            manifest = await _write(work)
        if target.exists():
            target.rmdir()
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


async def _write(work: Path) -> Manifest:
    (work / "data").mkdir()
    tables: dict[str, TableEntry] = {}
    named: set[str] = set()
    async with engine().transaction():  # one snapshot of every table
        if is_postgres_engine():
            await Country.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        migrations = await applied_migrations()
        for table in TABLES:
            rows = await _rows(table)
            text = "".join(canonical_json(row) + "\n" for row in rows)
            (work / "data" / f"{_name(table)}.jsonl").write_text(text, encoding="utf-8")
            tables[_name(table)] = TableEntry(rows=len(rows), sha256=sha256_hex(text))
            if table in (Evidence, Report):
                named |= {row["file_sha256"] for row in rows if row["file_sha256"]}
            if table is AuditEvent:
                last = rows[-1] if rows else None
                head = AuditHead(
                    count=len(rows),
                    seq=last["seq"] if last else 0,
                    head=last["hash"] if last else audit.GENESIS,
                )
    copied = _copy_files(sorted(named), work / "files")
    manifest = Manifest(
        format=FORMAT,
        created_at=clock.now(),
        engine=engine().engine_type,
        migrations=sorted(migrations),
        tables=tables,
        files=copied,
        audit=head,
    )
    text = manifest.model_dump_json(indent=1)
    (work / MANIFEST).write_text(text, encoding="utf-8")
    (work / MANIFEST_SUM).write_text(sha256_hex(text) + "\n", encoding="utf-8")
    return manifest


def _copy_files(digests: list[str], folder: Path) -> dict[str, int]:
    copied: dict[str, int] = {}
    missing = []
    for digest in digests:
        try:
            data = storage.read_bytes(digest)
        except FileNotFoundError:
            missing.append(digest)
            continue
        if storage.sha256_of(data) != digest:
            missing.append(digest)
            continue
        path = folder / digest[:2] / digest[2:]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        copied[digest] = len(data)
    if missing:
        raise Conflict(
            _(
                "faltan o están dañados %(count)s archivos que nombra la base de datos (p. ej. %(first)s): no se hizo la copia"
            ),
            count=len(missing),
            first=missing[0],
        )
    return copied


def read_manifest(source: Path) -> Manifest:
    """The backup's manifest, if whole (its own SHA-256 checks out); else InvalidInput."""
    try:
        text = (source / MANIFEST).read_text(encoding="utf-8")
        expected = (source / MANIFEST_SUM).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        raise InvalidInput(
            _("%(path)s no es una copia de seguridad (falta su manifiesto)"), path=str(source)
        ) from None
    if sha256_hex(text) != expected:
        raise InvalidInput(_("el manifiesto de la copia está dañado"))
    manifest = Manifest.model_validate_json(text)
    if manifest.format != FORMAT:
        raise InvalidInput(_("formato de copia desconocido: %(format)s"), format=manifest.format)
    return manifest


def check(source: Path) -> Manifest:
    """Everything a backup holds matches its manifest (tables and files), or InvalidInput."""
    manifest = read_manifest(source)
    for name, entry in manifest.tables.items():
        try:
            text = (source / "data" / f"{name}.jsonl").read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InvalidInput(_("la copia está incompleta: falta la tabla %(table)s"), table=name) from None
        if sha256_hex(text) != entry.sha256 or text.count("\n") != entry.rows:
            raise InvalidInput(_("la copia está dañada: la tabla %(table)s no coincide"), table=name)
    for digest, size in manifest.files.items():
        path = source / "files" / digest[:2] / digest[2:]
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InvalidInput(
                _("la copia está incompleta: falta el archivo %(sha256)s"), sha256=digest
            ) from None
        if len(data) != size or storage.sha256_of(data) != digest:
            raise InvalidInput(_("la copia está dañada: el archivo %(sha256)s no coincide"), sha256=digest)
    if set(manifest.tables) != {_name(t) for t in TABLES}:
        raise InvalidInput(_("la copia no tiene las tablas de esta versión"))
    return manifest


def _typed(table: type[Table], row: dict[str, Any]) -> dict[str, Any]:
    """A JSON row back into the values its columns take."""
    values = dict(row)
    for column in table._meta.columns:
        name = column._meta.name
        value = values.get(name)
        if value is None:
            continue
        if isinstance(column, Timestamptz):
            values[name] = dt.datetime.fromisoformat(value)
        elif isinstance(column, Date):
            values[name] = dt.date.fromisoformat(value)
        elif isinstance(column, Boolean):
            values[name] = bool(value)
        elif isinstance(column, Integer | Serial | ForeignKey):
            values[name] = int(value)
    return values


def _read(source: Path, table: type[Table]) -> Iterator[dict[str, Any]]:
    with open(source / "data" / f"{_name(table)}.jsonl", encoding="utf-8") as handle:
        for line in handle:
            yield _typed(table, json.loads(line))


async def _target_is_empty() -> None:
    for table in TABLES:
        if await table.count():
            raise InvalidInput(
                _("la restauración necesita una base de datos vacía; esta tiene datos en %(table)s"),
                table=_name(table),
            )
    if storage.stored_digests():
        raise InvalidInput(_("la restauración necesita una carpeta de datos sin archivos guardados"))


async def restore(source: Path) -> Manifest:
    """Restore a checked backup into an empty database and data directory; all or nothing."""
    manifest = check(source)
    known = set(_known_migrations())
    if not set(manifest.migrations) <= known:
        raise InvalidInput(_("la copia viene de una versión más nueva de commitments: actualice antes"))
    await migrate_to(max(manifest.migrations) if manifest.migrations else None)
    await _target_is_empty()
    written = _place_files(source, manifest)
    try:
        async with write_transaction():
            for table in TABLES:
                await _insert(table, source)
            await _reset_sequences()
            await reindex_all()
            chain = await audit.verify()
            if not chain.ok or chain.head != manifest.audit.head or chain.count != manifest.audit.count:
                raise InvalidInput(_("la cadena de auditoría restaurada no coincide con la copia"))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    await migrate_to(None)  # then up to this version's schema
    return manifest


def _known_migrations() -> list[str]:
    from commitments.db import known_migrations

    return known_migrations()


def _place_files(source: Path, manifest: Manifest) -> list[Path]:
    written = []
    for digest in manifest.files:
        data = (source / "files" / digest[:2] / digest[2:]).read_bytes()
        storage.store_bytes(data)
        written.append(storage.path_for(digest))
    return written


async def _insert(table: type[Table], source: Path) -> None:
    parents: list[tuple[int, int]] = []
    batch: list[Table] = []
    for row in _read(source, table):
        if table is Recommendation and row.get("parent") is not None:
            parents.append((row["id"], row["parent"]))  # its parent may come later: second pass
            row["parent"] = None
        batch.append(table(**row))
        if len(batch) >= CHUNK:
            await table.insert(*batch)
            batch = []
    if batch:
        await table.insert(*batch)
    for child, parent in parents:
        await Recommendation.update({Recommendation.parent: parent}).where(Recommendation.id == child)


async def _reset_sequences() -> None:
    # PostgreSQL hands out ids from sequences, which explicit ids did not advance.
    if not is_postgres_engine():
        return
    for table in TABLES:
        name = _name(table)
        await Country.raw(
            f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
            f'COALESCE((SELECT max(id) FROM "{name}"), 0) + 1, false)'
        )

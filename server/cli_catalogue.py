"""Commands for the catalogue: import a file, export open data."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from commitments.actor import SYSTEM
from server.cli_support import fail, run, setup_database, t, user_errors

# Below this many rows an import finishes before a progress bar would be worth drawing.
PROGRESS_MIN_ROWS = 2_000
_STAGES = {"check": "checking rows", "write": "writing"}


@contextmanager
def _progress() -> Any:
    """A progress callback drawing a rich bar on stderr, or nothing when it is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, Any] = {}

        def report(stage: str, done: int, total: int) -> None:
            if total < PROGRESS_MIN_ROWS:
                return
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done)

        yield report


def _where(row: int, column: str, filename: str) -> str:
    if row == 0:
        return filename
    if column:
        return t("fila %(row)s, columna %(column)s", row=row, column=column)
    return t("fila %(row)s", row=row)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help=t("Revisa el archivo e informa, sin escribir nada."))
@user_errors
def import_command(file: Path, dry_run: bool) -> None:
    """Import recommendations from a .csv, .xlsx, .yaml or .json file (all or nothing)."""
    from commitments.imports import import_file, size_issue
    from commitments.settings import get_settings

    too_large = size_issue(file.stat().st_size)  # before reading a huge file into memory
    if too_large:
        fail(f"{file.name}: {too_large.render(get_settings().locale).message}")
    data = file.read_bytes()
    setup_database()
    with _progress() as progress:
        result = run(import_file(SYSTEM, file.name, data, dry_run=dry_run, progress=progress))
    if result.errors:
        for error in result.errors:
            click.echo(f"{_where(error.row, error.column, file.name)}: {error.message}", err=True)
        fail(t("%(n)s error(es) en %(file)s: no se importó nada", n=len(result.errors), file=file.name))
    summary = t(
        "creadas %(created)s, actualizadas %(updated)s, sin cambios %(unchanged)s "
        "(ciclos nuevos: %(cycles)s; asignaciones nuevas: %(assignments)s)",
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        cycles=", ".join(result.cycles_created) or "—",
        assignments=result.assignments_created,
    )
    click.echo(t("prueba, no se escribió nada: %(summary)s", summary=summary) if dry_run else summary)


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "xlsx"]),
    default="csv",
    show_default=True,
    help=t("Formato de los datos abiertos."),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=t("Escribe en este archivo en vez de la salida estándar."),
)
@user_errors
def export_command(fmt: str, output: Path | None) -> None:
    """Export the public fields of every recommendation (open data)."""
    from commitments.imports import export_recommendations

    if output is None and fmt == "xlsx" and sys.stdout.isatty():
        fail(t("xlsx es un formato binario: escríbalo en un archivo con -o ARCHIVO"))
    setup_database()
    data = run(export_recommendations(fmt))
    _write(data, output)


def _write(data: bytes, output: Path | None, echo: Callable[[str], None] = click.echo) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    output.write_bytes(data)
    echo(t("escrito %(path)s (%(size)s bytes)", path=output, size=len(data)))

"""Commands for stored files: sweep the ones no row names."""

from __future__ import annotations

import datetime as dt

import click

from server.cli_support import run, setup_database, t, user_errors


@click.group()
def files() -> None:
    """Stored evidence and report files."""


@files.command("sweep")
@click.option(
    "--older-than",
    "hours",
    default=24.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help=t("Solo archivos guardados hace más de estas horas."),
)
@click.option("--dry-run", is_flag=True, help=t("Solo cuenta lo que se quitaría."))
@user_errors
def sweep(hours: float, dry_run: bool) -> None:
    """Remove stored files that no evidence or report names (safe while the service runs)."""
    from commitments.files import sweep as sweep_files

    setup_database()
    result = run(sweep_files(dt.timedelta(hours=hours), dry_run=dry_run))
    counts = dict(
        examined=result.examined,
        unreferenced=result.unreferenced,
        recent=result.recent,
        removed=result.removed,
        bytes=result.removed_bytes,
    )
    if dry_run:
        click.echo(
            t(
                "%(examined)s archivos; %(unreferenced)s sin uso (%(recent)s recientes, que se "
                "conservan); se quitarían %(removed)s (%(bytes)s bytes)",
                **counts,
            )
        )
    else:
        click.echo(
            t(
                "%(examined)s archivos; %(unreferenced)s sin uso (%(recent)s recientes, que se "
                "conservan); se quitaron %(removed)s (%(bytes)s bytes)",
                **counts,
            )
        )

"""`commitments backup -o DIR` and `commitments restore DIR`."""

from __future__ import annotations

from pathlib import Path

import click

from server.cli_support import run, setup_database, t, user_errors


@click.command()
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(path_type=Path),
    help=t("Carpeta nueva de la copia."),
)
@user_errors
def backup(output: Path) -> None:
    """Copy the database and its files, online and consistent, with a manifest of SHA-256s."""
    from commitments.backup import backup as write_backup

    setup_database()
    manifest = run(write_backup(output))
    click.echo(
        t(
            "copia en %(path)s: %(rows)s filas en %(tables)s tablas, %(files)s archivos, cadena de "
            "auditoría de %(events)s eventos con cabeza %(head)s",
            path=output,
            rows=sum(entry.rows for entry in manifest.tables.values()),
            tables=len(manifest.tables),
            files=len(manifest.files),
            events=manifest.audit.count,
            head=manifest.audit.head,
        )
    )


@click.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True, file_okay=False))
@user_errors
def restore(source: Path) -> None:
    """Restore a backup into an empty database and data directory, after checking all of it."""
    from commitments.backup import restore as restore_backup

    manifest = run(restore_backup(source))
    click.echo(
        t(
            "restaurada la copia del %(date)s: %(rows)s filas, %(files)s archivos, cadena de "
            "auditoría verificada (%(events)s eventos, cabeza %(head)s)",
            date=manifest.created_at.isoformat(timespec="seconds"),
            rows=sum(entry.rows for entry in manifest.tables.values()),
            files=len(manifest.files),
            events=manifest.audit.count,
            head=manifest.audit.head,
        )
    )

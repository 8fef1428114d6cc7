"""`commitments report`: issue a self-assessment report as PDF, and verify a PDF."""

from __future__ import annotations

import os
from pathlib import Path

import click

from commitments.actor import SYSTEM
from commitments.services.reports import ReportOut
from server.cli_support import fail, run, setup_database, t, user_errors


def _check_output(path: Path) -> None:
    # Checked before anything is issued, so a bad path never leaves a final report behind.
    if path.is_dir():
        fail(t("la salida es una carpeta: %(path)s", path=path))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        fail(t("la carpeta de salida no existe: %(path)s", path=parent))
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        fail(t("no se puede escribir en %(path)s", path=path))


async def _issue(
    mechanism: str, cycle: str | None, period: str, locale: str, internal: bool, draft: bool
) -> tuple[ReportOut, bytes]:
    from commitments.services.reports import issue_report, report_pdf

    report = await issue_report(SYSTEM, mechanism, cycle, period, locale, internal, final=not draft)
    return report, await report_pdf(SYSTEM, report.id)


@click.group(invoke_without_command=True)
@click.option("--mechanism", default=None, help=t("MESICIC, UNCAC, EITI, COST, STAR, OGP o ALL."))
@click.option("--cycle", default=None, help=t("Un ciclo del mecanismo (p. ej. R4, AP3)."))
@click.option("--period", default=None, help=t("Código del periodo (p. ej. 2026-S2)."))
@click.option("--locale", default=None, help=t("es o en."))
@click.option("--internal", is_flag=True, help=t("Incluye evidencias y contactos internos."))
@click.option("--draft", is_flag=True, help=t("Deja el informe como borrador (no emitido)."))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), default=None, help=t("Dónde escribir el PDF.")
)
@click.pass_context
@user_errors
def report(
    ctx: click.Context,
    mechanism: str | None,
    cycle: str | None,
    period: str | None,
    locale: str | None,
    internal: bool,
    draft: bool,
    output: Path | None,
) -> None:
    """Issue a final report as PDF (or use `report verify FILE.pdf`)."""
    if ctx.invoked_subcommand is not None:
        return
    missing = [
        name
        for name, value in (
            ("--mechanism", mechanism),
            ("--period", period),
            ("--locale", locale),
            ("-o", output),
        )
        if not value
    ]
    if missing:
        fail(t("faltan %(options)s (vea `commitments report --help`)", options=", ".join(missing)))
    if locale not in ("es", "en"):
        fail(t("el idioma debe ser es o en, no «%(locale)s»", locale=locale))
    assert output is not None and period is not None and mechanism is not None and locale is not None
    _check_output(output)
    setup_database()
    issued, data = run(_issue(mechanism, cycle, period, locale, internal, draft))
    output.write_bytes(data)
    click.echo(
        t(
            "informe %(id)s (%(state)s): %(pages)s páginas, identificador %(sha)s, escrito en %(path)s",
            id=issued.id,
            state=issued.state,
            pages=issued.pages,
            sha=issued.snapshot_sha256,
            path=output,
        )
    )


@report.command("verify")
@click.argument("file", type=click.Path(path_type=Path))
@user_errors
def report_verify(file: Path) -> None:
    """Say whether FILE is a report this system issued, and which; exit 1 if not."""
    from commitments.services.reports import verify_pdf

    data = file.read_bytes()
    setup_database()
    found = run(verify_pdf(data))
    if found is None:
        fail(
            t(
                "%(path)s no es un informe emitido por este sistema (ningún informe final tiene "
                "el SHA-256 de este archivo)",
                path=file,
            )
        )
    assert found is not None
    cycle = f" {found.cycle}" if found.cycle else ""
    click.echo(
        t(
            "OK: informe %(id)s, %(scope)s, periodo %(period)s, %(locale)s, %(state)s, "
            "%(pages)s páginas, identificador %(sha)s",
            id=found.id,
            scope=f"{found.mechanism}{cycle}",
            period=found.period,
            locale=found.locale,
            state=found.state,
            pages=found.pages,
            sha=found.snapshot_sha256,
        )
    )

"""`commitments report`: issue a self-assessment report as PDF, and verify a PDF."""

from __future__ import annotations

import os
from pathlib import Path

import click

from commitments.actor import SYSTEM
from server.cli import fail, main, run, setup_database, user_errors


def _check_output(path: Path) -> None:
    # Checked before anything is issued, so a bad path never leaves a final report behind.
    if path.is_dir():
        fail(f"output is a directory: {path}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        fail(f"output folder does not exist: {parent}")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        fail(f"cannot write to {path}")


async def _issue(mechanism: str, cycle: str | None, period: str, locale: str, internal: bool,
                 draft: bool) -> tuple[object, bytes]:
    from commitments.services.reports import issue_report, report_pdf

    report = await issue_report(SYSTEM, mechanism, cycle, period, locale, internal,
                                final=not draft)
    return report, await report_pdf(SYSTEM, report.id)


@main.group(invoke_without_command=True)
@click.option("--mechanism", default=None, help="MESICIC, UNCAC, EITI, COST, STAR, OGP or ALL.")
@click.option("--cycle", default=None, help="One cycle of the mechanism (e.g. R4, AP3).")
@click.option("--period", default=None, help="Reporting period code (e.g. 2026-S2).")
@click.option("--locale", default=None, help="es or en.")
@click.option("--internal", is_flag=True, help="Include internal evidence and contacts.")
@click.option("--draft", is_flag=True, help="Leave the report a draft (not issued).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Where to write the PDF.")
@click.pass_context
@user_errors
def report(ctx: click.Context, mechanism: str | None, cycle: str | None, period: str | None,
           locale: str | None, internal: bool, draft: bool, output: Path | None) -> None:
    """Issue a final report as PDF (or use `report verify FILE.pdf`)."""
    if ctx.invoked_subcommand is not None:
        return
    missing = [name for name, value in (("--mechanism", mechanism), ("--period", period),
                                        ("--locale", locale), ("-o", output)) if not value]
    if missing:
        fail(f"missing {', '.join(missing)} (see `commitments report --help`)")
    if locale not in ("es", "en"):
        fail(f"locale must be es or en, not {locale!r}")
    assert output is not None and period is not None and mechanism is not None
    _check_output(output)
    setup_database()
    issued, data = run(_issue(mechanism, cycle, period, locale, internal, draft))
    output.write_bytes(data)
    click.echo(f"report {issued.id} ({issued.state}): {issued.pages} pages, identifier "
               f"{issued.snapshot_sha256}, written to {output}")


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
        fail(f"{file} is not a report issued by this system (no final report has this "
             f"file's SHA-256)")
    assert found is not None
    cycle = f" {found.cycle}" if found.cycle else ""
    click.echo(f"OK: report {found.id}, {found.mechanism}{cycle}, period {found.period}, "
               f"{found.locale}, {found.state}, {found.pages} pages, identifier "
               f"{found.snapshot_sha256}")

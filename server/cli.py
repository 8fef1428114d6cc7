"""The `commitments` command: an entry point that calls services and holds no rules. Each
command group lives in its own module and is registered here, explicitly."""

from __future__ import annotations

import click

from server import (
    cli_admin,
    cli_backup,
    cli_catalogue,
    cli_consultations,
    cli_files,
    cli_jobs,
    cli_mail,
    cli_reports,
    cli_scorecard,
)
from server.cli_support import t


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    help=t(
        "Registra los compromisos internacionales de un país en materia de anticorrupción y transparencia."
    ),
)
@click.version_option(package_name="commitments")
def main() -> None:
    """Track a country's international anti-corruption and transparency commitments."""


for command in (
    cli_admin.init,
    cli_admin.serve,
    cli_admin.user,
    cli_admin.audit,
    cli_catalogue.import_command,
    cli_catalogue.export_command,
    cli_reports.report,
    cli_files.files,
    cli_backup.backup,
    cli_backup.restore,
    cli_mail.remind,
    cli_mail.mail,
    cli_jobs.worker,
    cli_scorecard.scorecard,
):
    main.add_command(command)
cli_reports.report.add_command(cli_consultations.consultation)

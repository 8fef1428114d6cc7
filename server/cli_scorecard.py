"""`commitments scorecard`: publish a year of the transparency rating, print its ranking, write
its PDF."""

from __future__ import annotations

from pathlib import Path

import click

from commitments.actor import SYSTEM
from server.cli_reports import _check_output
from server.cli_support import fail, run, setup_database, t, user_errors


@click.group()
def scorecard() -> None:
    """The annual transparency rating of the Executive."""


@scorecard.command("publish")
@click.argument("year", type=int)
@user_errors
def publish(year: int) -> None:
    """Publish YEAR: its ranking, scores and methodology frozen for good."""
    from commitments.scorecard.years import publish as publish_year

    setup_database()
    digest = run(publish_year(SYSTEM, year))
    click.echo(t("calificación %(year)s publicada, identificador %(sha)s", year=year, sha=digest))


@scorecard.command("ranking")
@click.argument("year", type=int)
@user_errors
def ranking(year: int) -> None:
    """Print YEAR's ranking: rank, agency, total (a draft's too)."""
    from commitments.scorecard.queries import ranking as year_ranking

    setup_database()
    found = run(year_ranking(SYSTEM, year))
    for row in found.rows:
        total = "—" if row.total is None else f"{row.total:.2f}"
        click.echo(f"{row.rank or '—'}\t{row.agency}\t{total}")


@scorecard.command("pdf")
@click.argument("year", type=int)
@click.option("--locale", default="es", show_default=True, help=t("es o en."))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help=t("Dónde escribir el archivo.")
)
@user_errors
def pdf(year: int, locale: str, output: Path) -> None:
    """Write YEAR's rating as PDF (a year not yet published is marked as a draft)."""
    from commitments.scorecard.documents import rating_pdf

    if locale not in ("es", "en"):
        fail(t("el idioma debe ser es o en, no «%(locale)s»", locale=locale))
    _check_output(output)
    setup_database()
    data, _name = run(rating_pdf(SYSTEM, year, locale))
    output.write_bytes(data)
    click.echo(t("calificación %(year)s escrita en %(path)s", year=year, path=output))

"""`commitments report consultation`: open, close and follow a draft report's public consultation."""

from __future__ import annotations

import click

from commitments.actor import SYSTEM
from server.cli_support import run, setup_database, t, user_errors


@click.group()
def consultation() -> None:
    """The public consultation of a draft report (the portal takes the comments)."""


async def _render_again(report_id: int) -> None:
    from commitments.services import reports

    await reports.request_render(SYSTEM, report_id)
    await reports.render_report(report_id)  # the draft carries the consultation as it stands


async def _open(report_id: int, days: int) -> int:
    from commitments.schemas import ConsultationIn
    from commitments.services.consultations import open_consultation

    consultation_id = await open_consultation(SYSTEM, report_id, ConsultationIn(days=days))
    await _render_again(report_id)
    return consultation_id


async def _close(report_id: int) -> None:
    from commitments.services.consultations import close_consultation

    await close_consultation(SYSTEM, report_id)
    await _render_again(report_id)


@consultation.command("open")
@click.argument("report_id", type=click.IntRange(1, 2**31 - 1))
@click.option(
    "--days", default=14, show_default=True, type=click.IntRange(1, 90), help=t("Días abierta a comentarios")
)
@user_errors
def open_command(report_id: int, days: int) -> None:
    """Publish a rendered public draft on the portal for comment for DAYS days."""
    setup_database()
    consultation_id = run(_open(report_id, days))
    click.echo(
        t(
            "consulta %(id)s abierta por %(days)s días: /public/consultations/%(id)s",
            id=consultation_id,
            days=days,
        )
    )


@consultation.command("close")
@click.argument("report_id", type=click.IntRange(1, 2**31 - 1))
@user_errors
def close_command(report_id: int) -> None:
    """Close a draft's consultation now (no more comments) and render the draft again."""
    setup_database()
    run(_close(report_id))
    click.echo(t("consulta del informe %(id)s cerrada", id=report_id))


@consultation.command("show")
@click.argument("report_id", type=click.IntRange(1, 2**31 - 1))
@user_errors
def show_command(report_id: int) -> None:
    """Print a draft's consultation: state, dates and comments received, answered and hidden."""
    from commitments.clock import local
    from commitments.queries.consultations import get_consultation_of_report

    setup_database()
    found = run(get_consultation_of_report(SYSTEM, report_id))
    click.echo(
        t(
            "consulta %(id)s (%(state)s) del %(start)s al %(end)s: %(received)s comentarios, "
            "%(answered)s respondidos, %(hidden)s ocultos",
            id=found.id,
            state=found.state,
            start=local(found.opens_at).isoformat(timespec="minutes"),
            end=local(found.closes_at).isoformat(timespec="minutes"),
            received=found.received,
            answered=found.answered,
            hidden=found.hidden,
        )
    )

"""`commitments worker`: run background jobs (reports, mail, reminders) on this host."""

from __future__ import annotations

import logging

import click

from server.cli_support import fail, run, setup_database, t, user_errors


@click.command("worker")
@click.option(
    "--concurrency",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help=t("Trabajos a la vez (los PDF se componen en tantos procesos, hasta uno por núcleo)."),
)
@click.option("--burst", is_flag=True, help=t("Ejecuta los trabajos en espera y termina."))
@user_errors
def worker(concurrency: int, burst: bool) -> None:
    """Run the job queue's work on this host until stopped (SIGTERM lets a job under way finish)."""
    from commitments.jobs.worker import work
    from commitments.settings import get_settings
    from server.observability import configure_logging

    settings = get_settings()
    if not settings.queue_url:
        fail(t("COMMITMENTS_QUEUE_URL no está configurado: `serve` ejecuta los trabajos por sí mismo"))
    configure_logging()
    logging.getLogger("saq").setLevel(logging.WARNING)  # a line per job would drown the log
    setup_database()
    click.echo(t("procesando la cola %(name)s", name=settings.resolved_queue_name))
    run(work(concurrency, burst=burst))

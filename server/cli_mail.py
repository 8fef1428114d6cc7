"""Commands for mail: give due reminders, see the outbox, deliver it now."""

from __future__ import annotations

import click

from server.cli_support import run, setup_database, t, user_errors


@click.command("remind")
@user_errors
def remind() -> None:
    """Queue every reminder now due and today's digest (idempotent: safe to run from cron)."""
    from commitments.mail.reminders import remind as give_reminders

    setup_database()
    result = run(give_reminders())
    given = ", ".join(f"{kind} {n}" for kind, n in sorted(result.reminders.items())) or "0"
    click.echo(t("recordatorios: %(given)s; mensajes en cola: %(mails)s", given=given, mails=result.mails))


@click.group()
def mail() -> None:
    """The outbox: what was, or will be, sent by mail."""


@mail.command("list")
@click.option(
    "--state",
    type=click.Choice(["queued", "sending", "sent", "failed"]),
    default=None,
    help=t("Solo los mensajes en este estado."),
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@user_errors
def list_mail(state: str | None, limit: int) -> None:
    """The newest messages of the outbox: id, state, attempts, kind, recipient and subject."""
    from commitments.mail.outbox import listing

    setup_database()
    rows = run(listing(state, limit))
    if not rows:
        click.echo(t("el buzón de salida está vacío"))
        return
    for row in rows:
        error = f"  [{row['last_error']}]" if row["last_error"] and row["state"] != "sent" else ""
        click.echo(
            f"{row['id']}\t{row['state']}\t{row['attempts']}\t{row['kind']}\t{row['to_email']}\t{row['subject']}{error}"
        )


@mail.command("send")
@click.option(
    "--limit", default=None, type=click.IntRange(1, 1_000_000), help=t("Como mucho, este número de mensajes.")
)
@user_errors
def send(limit: int | None) -> None:
    """Deliver the messages now due through COMMITMENTS_SMTP_URL (the service also does it by
    itself every few seconds)."""
    from commitments.mail.sender import deliver, waiting
    from commitments.settings import get_settings

    setup_database()
    if not get_settings().smtp_url:
        raise click.ClickException(
            t("COMMITMENTS_SMTP_URL no está configurado: los mensajes esperan en el buzón de salida")
        )
    done = run(deliver(limit))
    click.echo(
        t(
            "enviados: %(sent)s; para reintentar: %(retried)s; fallidos: %(failed)s; en espera: %(waiting)s",
            sent=done.sent,
            retried=done.retried,
            failed=done.failed,
            waiting=run(waiting()),
        )
    )

"""Commands to set up and run the service: init, serve, user, audit."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click

from commitments.actor import SYSTEM
from server.cli_support import fail, run, setup_database, t, user_errors


async def _init(demo: bool) -> None:
    from commitments.demo import demo_present, load_demo
    from commitments.reference import load_reference, reference_counts

    loaded = await load_reference()
    counts = await reference_counts()
    click.echo(
        t(
            "datos de referencia: %(mechanisms)s mecanismos, %(levels)s niveles, %(provisions)s "
            "disposiciones, %(agencies)s instituciones, %(cycles)s ciclos, %(recommendations)s "
            "recomendaciones (%(created)s nuevas, %(updated)s actualizadas)",
            **counts,
            created=loaded.changes["created"],
            updated=loaded.changes["updated"],
        )
    )
    if not loaded.own_seeds:
        click.echo(
            t(
                "%(country)s no tiene datos propios en seeds/: se cargaron solo los mecanismos, sus "
                "escalas y sus disposiciones; agregue sus instituciones (página /users o "
                "POST /api/v1/agencies) e importe sus recomendaciones con `commitments import`",
                country=loaded.country,
            )
        )
    if not demo:
        return
    if await demo_present():
        click.echo(t("los datos de demostración ya existen (las credenciales se mostraron al crearlos)"))
        return
    users = await load_demo()
    click.echo(
        t(
            "usuarios de demostración (se muestran solo ahora; los datos de ejemplo llevan "
            "la marca [Ejemplo]):"
        )
    )
    for user in users:
        agency = f" ({user.agency})" if user.agency else ""
        click.echo(f"  {user.role:<12} {user.email:<40} {user.password}{agency}")


@click.command()
@click.option("--demo", is_flag=True, help=t("Agrega también usuarios y datos de demostración."))
@user_errors
def init(demo: bool) -> None:
    """Migrate the database and load reference data (idempotent)."""
    setup_database()
    run(_init(demo))


def _secret_for(demo: bool) -> None:
    from commitments.settings import get_settings

    settings = get_settings()
    if settings.secret_key:
        return
    if not demo:
        fail(t("falta COMMITMENTS_SECRET_KEY (obligatoria salvo con --demo)"))
    # A demo keeps one generated secret in the data dir, so workers and restarts share it.
    path = settings.data_dir / ".demo-secret"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    os.environ["COMMITMENTS_SECRET_KEY"] = path.read_text().strip()
    get_settings.cache_clear()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--demo", is_flag=True, help=t("Inicializa antes una base vacía con datos de demostración."))
@user_errors
def serve(host: str, port: int, workers: int, demo: bool) -> None:
    """Apply migrations if needed, then serve the web app and API."""
    import uvicorn

    _secret_for(demo)
    setup_database()
    if demo:
        run(_init(demo=True))
    click.echo(t("sirviendo en http://%(host)s:%(port)s", host=host, port=port))
    uvicorn.run(
        "server.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=True,
        server_header=False,  # no product name and version for a scanner
    )


@click.group()
def user() -> None:
    """Manage users and their API tokens."""


@user.command("add")
@click.argument("email")
@click.option("--role", required=True, help=t("admin, analyst, focal_point, reviewer o civil_society"))
@click.option("--agency", default=None, help=t("Código de la institución (obligatorio para focal_point)."))
@click.option(
    "--organisation",
    default=None,
    help=t(
        "Nombre o código de la organización (obligatorio para civil_society; un nombre nuevo la registra)."
    ),
)
@click.option("--password-stdin", is_flag=True, help=t("Lee la contraseña de la entrada estándar."))
@user_errors
def user_add(
    email: str, role: str, agency: str | None, organisation: str | None, password_stdin: bool
) -> None:
    """Create a user with a role (focal points belong to an agency, civil-society members to an
    organisation)."""
    from commitments.services.users import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(t("Contraseña"), hide_input=True, confirmation_prompt=True)
    setup_database()
    user_id = run(create_user(SYSTEM, email, password, role, agency, organisation=organisation))
    if organisation:
        click.echo(
            t(
                "usuario %(email)s creado (id %(id)s, rol %(role)s, organización %(organisation)s)",
                email=email,
                id=user_id,
                role=role,
                organisation=organisation,
            )
        )
    elif agency:
        click.echo(
            t(
                "usuario %(email)s creado (id %(id)s, rol %(role)s, institución %(agency)s)",
                email=email,
                id=user_id,
                role=role,
                agency=agency.upper(),
            )
        )
    else:
        click.echo(
            t("usuario %(email)s creado (id %(id)s, rol %(role)s)", email=email, id=user_id, role=role)
        )


@user.command("token")
@click.argument("email")
@click.option("--name", default="cli", show_default=True, help=t("Una etiqueta para el token."))
@user_errors
def user_token(email: str, name: str) -> None:
    """Print a new personal API token for scripts (shown once)."""
    from commitments.services.users import create_token

    setup_database()
    click.echo(run(create_token(SYSTEM, email, name)))


@click.group()
def audit() -> None:
    """Check the audit trail."""


@audit.command("verify")
@click.option(
    "--anchor",
    "anchors",
    multiple=True,
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    help=t("Una copia de seguridad cuya cabeza de auditoría debe seguir en la cadena."),
)
@user_errors
def audit_verify(anchors: tuple[Path, ...]) -> None:
    """Recompute the hash chain, check it against anchors, and that every created row is there."""
    from commitments.backup import read_manifest
    from commitments.services.integrity import Anchor, check

    setup_database()
    extra = []
    for folder in anchors:
        head = read_manifest(folder).audit
        if head.count:
            extra.append(Anchor(head.seq, head.head, str(folder)))
    result = run(check(extra))
    if not result.ok:
        first = result.problems[0]
        fail(t(first.message, **{k: t(v) if k == "reason" else v for k, v in first.params.items()}))
    click.echo(
        t(
            "OK: %(count)s eventos, cabeza %(head)s; %(anchors)s anclas y %(records)s registros comprobados",
            count=result.count,
            head=result.head,
            anchors=result.anchors,
            records=result.records,
        )
    )

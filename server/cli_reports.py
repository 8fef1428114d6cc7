"""`commitments report`: issue a self-assessment report as PDF, and verify a PDF."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from commitments.actor import SYSTEM
from commitments.errors import InvalidInput
from commitments.i18n import _
from server.cli_support import fail, run, setup_database, t, user_errors

if TYPE_CHECKING:
    from commitments.services.reports import ReportOut


def _check_output(path: Path) -> None:
    # Checked before anything is issued, so a bad path never leaves a final report behind.
    if path.is_dir():
        fail(t("la salida es una carpeta: %(path)s", path=path))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        fail(t("la carpeta de salida no existe: %(path)s", path=parent))
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        fail(t("no se puede escribir en %(path)s", path=path))


def _read_sections(path: Path | None, mechanism: str) -> dict[str, str]:
    """A YAML (or JSON) mapping of section key to text, checked before anything is created."""
    if path is None:
        return {}
    import yaml

    from commitments.reports.gather import normalise_mechanism
    from commitments.reports.templates import authored
    from commitments.schemas import SectionIn

    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        fail(t("%(path)s no es un YAML válido: %(error)s", path=path, error=str(exc).splitlines()[0]))
    if not isinstance(loaded, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in loaded.items()
    ):
        fail(t("%(path)s debe ser un mapa de clave de sección a texto", path=path))
    keys = {spec.key for spec in authored(normalise_mechanism(mechanism))}
    for key, text in loaded.items():
        if key not in keys:
            fail(t("este informe no tiene la sección «%(key)s»", key=key) + f" ({', '.join(sorted(keys))})")
        SectionIn(text=text, version=1)  # too long, control characters: refused here
    return loaded


async def _issue(
    mechanism: str,
    cycle: str | None,
    period: str,
    locale: str,
    internal: bool,
    draft: bool,
    texts: dict[str, str],
    fmt: str = "pdf",
    annex: bool = False,
) -> tuple[ReportOut, bytes]:
    from commitments.schemas import SectionIn
    from commitments.services import report_sections, reports

    report = await reports.issue_report(SYSTEM, mechanism, cycle, period, locale, internal, final=False)
    if annex:
        from commitments.services.civil_society import choose_annex

        await choose_annex(SYSTEM, report.id, True)
    if texts or annex:
        current = {s.key: s.version for s in await report_sections.list_sections(SYSTEM, report.id)}
        for key, text in texts.items():
            wanted = SectionIn(text=text, version=max(current.get(key, 1), 1))
            await report_sections.save_section(SYSTEM, report.id, key, wanted.text, wanted.version)
        report = await reports.render_report(report.id)
    if not draft:
        try:
            report = await reports.finalize_report(SYSTEM, report.id)
        except InvalidInput as exc:
            missing = (exc.extra or {}).get("missing", [])
            raise InvalidInput(
                _("el informe %(id)s queda como borrador; le falta: %(missing)s"),
                id=report.id,
                missing="; ".join(_gap_text(gap) for gap in missing[:5]) + (" …" if len(missing) > 5 else ""),
            ) from None
    if fmt == "docx":
        return report, await reports.report_docx(SYSTEM, report.id)
    return report, await reports.report_pdf(SYSTEM, report.id)


def _gap_text(gap: dict[str, str]) -> str:
    if gap["kind"] == "empty":
        return t("ninguna recomendación en su alcance")
    if gap["kind"] == "section":
        return t("la sección «%(key)s»", key=gap["key"])
    if gap["kind"] == "account":
        return t("la cuenta del Gobierno de %(code)s", code=gap["key"])
    return t("la traducción de %(code)s", code=gap["key"])


@click.group(invoke_without_command=True)
@click.option("--mechanism", default=None, help=t("MESICIC, UNCAC, EITI, COST, STAR, OGP o ALL."))
@click.option("--cycle", default=None, help=t("Un ciclo del mecanismo (p. ej. R4, AP3)."))
@click.option("--period", default=None, help=t("Código del periodo (p. ej. 2026-S2)."))
@click.option("--locale", default=None, help=t("es o en."))
@click.option("--internal", is_flag=True, help=t("Incluye evidencias y contactos internos."))
@click.option("--draft", is_flag=True, help=t("Deja el informe como borrador (no emitido)."))
@click.option(
    "--format",
    "fmt",
    default="pdf",
    show_default=True,
    help=t("pdf (el registro verificable) o docx (copia editable en Word)."),
)
@click.option(
    "--sections",
    "sections_file",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help=t("YAML con el texto de cada sección de la Comisión (clave: texto)."),
)
@click.option(
    "--civil-society-annex",
    is_flag=True,
    help=t("Incluye como anexo las valoraciones de las organizaciones de la sociedad civil."),
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), default=None, help=t("Dónde escribir el archivo.")
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
    fmt: str,
    sections_file: Path | None,
    civil_society_annex: bool,
    output: Path | None,
) -> None:
    """Issue a final report as PDF or as an editable .docx (or use `report verify FILE.pdf`)."""
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
    if fmt not in ("pdf", "docx"):
        fail(t("el formato debe ser pdf o docx, no «%(format)s»", format=fmt))
    assert output is not None and period is not None and mechanism is not None and locale is not None
    _check_output(output)
    texts = _read_sections(sections_file, mechanism)
    setup_database()
    issued, data = run(
        _issue(mechanism, cycle, period, locale, internal, draft, texts, fmt, civil_society_annex)
    )
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

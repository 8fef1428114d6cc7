"""`commitments report` and `commitments report verify`, run as a user would, on a demo copy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirun import init_demo
from tests.report_helpers import pdf_text

COMMAND = Path(sys.executable).parent / "commitments"  # the installed console script


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "COMMITMENTS_DATABASE_URL"}
    env["COMMITMENTS_DATA_DIR"] = str(data_dir)
    return env


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *args], env=_env(data_dir), capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("cli-reports")
    result = init_demo(_env(data_dir))
    assert result.returncode == 0, result.stderr
    return data_dir


def _assert_user_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert fragment in lines[0]


def test_issues_a_report_and_verifies_it(demo_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "mesicic-es.pdf"
    result = _cli(
        demo_dir,
        "report",
        "--mechanism",
        "MESICIC",
        "--period",
        "2026-S2",
        "--locale",
        "es",
        "-o",
        str(output),
    )
    assert result.returncode == 0, result.stderr
    assert "(final)" in result.stdout
    assert "RECOMENDACIÓN:" in pdf_text(output.read_bytes())
    verified = _cli(demo_dir, "report", "verify", str(output))
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("OK: informe ") and "MESICIC" in verified.stdout


def test_consolidated_english_report_for_one_cycle_is_refused(demo_dir: Path, tmp_path: Path) -> None:
    result = _cli(
        demo_dir,
        "report",
        "--mechanism",
        "ALL",
        "--cycle",
        "AP3",
        "--period",
        "2026-S2",
        "--locale",
        "en",
        "-o",
        str(tmp_path / "x.pdf"),
    )
    _assert_user_error(result, "un único mecanismo")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--mechanism", "NOPE", "--period", "2026-S2", "--locale", "es"], "mecanismo desconocido"),
        (["--mechanism", "OGP", "--period", "1999-S1", "--locale", "es"], "periodo desconocido"),
        (
            ["--mechanism", "OGP", "--cycle", "AP99", "--period", "2026-S2", "--locale", "es"],
            "ciclo desconocido",
        ),
        (["--mechanism", "OGP", "--period", "2026-S2", "--locale", "fr"], "el idioma debe ser"),
        (["--mechanism", "OGP", "--locale", "es"], "faltan --period"),
    ],
)
def test_bad_report_options_fail_with_one_line(
    demo_dir: Path, tmp_path: Path, args: list[str], fragment: str
) -> None:
    output = tmp_path / "out.pdf"
    _assert_user_error(_cli(demo_dir, "report", *args, "-o", str(output)), fragment)
    assert not output.exists()


def test_unwritable_output_fails_before_issuing(demo_dir: Path, tmp_path: Path) -> None:
    result = _cli(
        demo_dir,
        "report",
        "--mechanism",
        "OGP",
        "--period",
        "2026-S2",
        "--locale",
        "es",
        "-o",
        str(tmp_path / "missing" / "out.pdf"),
    )
    _assert_user_error(result, "no existe")
    result = _cli(
        demo_dir, "report", "--mechanism", "OGP", "--period", "2026-S2", "--locale", "es", "-o", str(tmp_path)
    )
    _assert_user_error(result, "es una carpeta")


def test_verify_rejects_a_pdf_the_system_did_not_issue(demo_dir: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.pdf"
    result = _cli(
        demo_dir,
        "report",
        "--mechanism",
        "OGP",
        "--period",
        "2026-S2",
        "--locale",
        "en",
        "--draft",
        "-o",
        str(draft),
    )
    assert result.returncode == 0 and "(draft)" in result.stdout, result.stderr
    _assert_user_error(_cli(demo_dir, "report", "verify", str(draft)), "no es un informe emitido")
    _assert_user_error(_cli(demo_dir, "report", "verify", str(tmp_path / "none.pdf")), "No such file")


def test_an_incomplete_report_stays_a_draft_and_says_what_it_lacks(demo_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "ogp.pdf"
    sections = tmp_path / "sections.yaml"
    sections.write_text("conclusions: ''\n", encoding="utf-8")  # a required section left blank
    args = [
        "report",
        "--mechanism",
        "OGP",
        "--period",
        "2026-S2",
        "--locale",
        "en",
        "--sections",
        str(sections),
    ]
    _assert_user_error(
        _cli(demo_dir, *args, "-o", str(output)), "queda como borrador; le falta: la sección «conclusions»"
    )
    assert not output.exists()


def test_a_sections_file_gives_the_commissions_text(demo_dir: Path, tmp_path: Path) -> None:
    sections = tmp_path / "sections.yaml"
    sections.write_text("conclusions: |\n  Texto **final** de la Comisión para CoST.\n", encoding="utf-8")
    output = tmp_path / "cost.pdf"
    common = ["report", "--mechanism", "COST", "--period", "2026-S2", "--locale", "es"]
    result = _cli(demo_dir, *common, "--sections", str(sections), "-o", str(output))
    assert result.returncode == 0, result.stderr
    text = pdf_text(output.read_bytes())
    assert "Texto final de la Comisión para CoST." in text
    assert "Contexto de la contratación pública" in text  # from the demo's earlier draft
    for content, fragment in (
        ("nope: x\n", "no tiene la sección «nope»"),
        ("- a list\n", "debe ser un mapa"),
        ("conclusions: [unclosed\n", "no es un YAML válido"),
    ):
        sections.write_text(content, encoding="utf-8")
        _assert_user_error(_cli(demo_dir, *common, "--sections", str(sections), "-o", str(output)), fragment)


def test_format_docx_writes_an_editable_copy(demo_dir: Path, tmp_path: Path) -> None:
    import docx

    output = tmp_path / "mesicic.docx"
    args = ["report", "--mechanism", "MESICIC", "--period", "2026-S2", "--locale", "en", "--draft"]
    result = _cli(demo_dir, *args, "--format", "docx", "-o", str(output))
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(output))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Introduction" in headings and "Conclusions" in headings
    assert any(text.startswith("Recommendation ") for text in headings)
    _assert_user_error(_cli(demo_dir, *args, "--format", "odt", "-o", str(output)), "pdf o docx")

"""Each mechanism's report reads as that mechanism's own document: generated with `commitments
report` from the demo (`init --demo`), in Spanish and English, its text checked for the template's
headings, the words of each kind of item, the government's account, both ratings with their
source documents, and the translations."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from tests.clirun import init_demo
from tests.report_helpers import pdf_text

pytestmark = pytest.mark.engine_independent  # the demo on SQLite; layout is the same on any database

COMMAND = Path(sys.executable).parent / "commitments"


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "COMMITMENTS_DATABASE_URL"}
    env["COMMITMENTS_DATA_DIR"] = str(data_dir)
    return env


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *args], env=_env(data_dir), capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("report-formats")
    result = init_demo(_env(data_dir))
    assert result.returncode == 0, result.stderr
    return data_dir


def _report(demo: Path, mechanism: str, locale: str, *extra: str, suffix: str = "pdf") -> bytes:
    output = demo / f"{mechanism}-{locale}-{'-'.join(extra)}.{suffix}"
    result = _cli(
        demo, "report", "--mechanism", mechanism, "--period", "2026-S2", "--locale", locale, "--draft",
        *extra, "-o", str(output),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return output.read_bytes()


# What a reviewer of each mechanism looks for, by language (the demo's current cycle of each).
EXPECTED = {
    ("MESICIC", "es"): (
        "Cuarta Ronda de Análisis",
        "Recomendación III.9-COPRET-a",
        "RECOMENDACIÓN:",
        "Medidas sugeridas:",
        "a) [Ejemplo] Presentar al Congreso",
        "INFORME:",
        "[Ejemplo] La comisión preparó la iniciativa de ley",
        "Clasificación del seguimiento",
        "Requiere atención adicional ([Ejemplo] MESICIC, Sexta Ronda — seguimiento de la Cuarta, 14 de marzo de 2024)",
        "Traducción de la Comisión (no oficial):",
        "Estado del texto: Resumen oficial",
    ),
    ("MESICIC", "en"): (
        "Fourth Round of Review",
        "RECOMMENDATION:",
        "Suggested measures:",
        "REPORT:",
        "The agencies' answers are reproduced in the language they were received in (Spanish).",
        "Status of the text: Official summary",
    ),
    ("UNCAC", "es"): (
        "Primer ciclo de examen (capítulos III y IV)",
        "Art. 15 — Recomendación 1 (15-1)",
        "1. ¿Cumple el Estado con esta disposición?",
        "Sí, en parte",
        "2. Medidas aplicables (leyes, políticas y prácticas)",
        "4. Pasos pendientes y problemas en la aplicación",
        "5. Asistencia técnica requerida",
        "Logros y buenas prácticas",
        "Examen de la UNODC",
    ),
    ("UNCAC", "en"): (
        "1. Is the State in compliance with this provision?",
        "Yes, in part",
        "5. Technical assistance required",
        "[Sample] Guatemala is recommended to consider establishing bribery in the private sector",
    ),
    ("EITI", "es"): (
        "Evaluación por requisito",
        "2.5 Beneficiarios reales",
        "Requisito 2.5 — Beneficiarios reales",
        "Medida correctiva CA-2.5",
        "Plazo",
        "31 de diciembre de 2026",
        "Progreso",
        "Prioridad PRIO-1",
        "Consejo del EITI",
        "Escala de valoración «Modelo de Validación 2021: evaluación de cada requisito»",
    ),
    ("EITI", "en"): ("Assessment by requirement", "Corrective action CA-2.5", "Deadline", "Priority PRIO-1"),
    ("COST", "es"): (
        "Séptimo Informe de Aseguramiento",
        "Resultados de la divulgación de datos (IDS)",
        "72 %",
        "[Ejemplo] Dirección General de Caminos",
        "Hallazgo F-2",
        "Recomendación R-1",
        "Estado de implementación",
        "Equipo de aseguramiento de CoST",
    ),
    ("COST", "en"): (
        "Results of data disclosure (IDS)",
        "Finding F-2",
        "Recommendation R-1",
        "Procuring entity",
    ),
    ("STAR", "es"): (
        "Asistencia ENG-1",
        "Asistencia solicitada y asesoría recibida",
        "Contraparte",
        "Asistencia en casos; Marco jurídico",
        "Artículo de la Convención (capítulo V)",
        "Este mecanismo no califica lo que recomienda",
        "Acciones realizadas",
    ),
    ("STAR", "en"): ("Engagement ENG-1", "Counterpart", "Case assistance; Legal framework", "does not rate"),
    ("OGP", "es"): (
        "Sexto Plan de Acción de Gobierno Abierto 2023–2025",
        "Compromiso GT0121 — Acciones institucionales para fortalecer los datos abiertos",
        "Institución responsable",
        "Fecha de inicio",
        "Valores de OGP",
        "Hitos",
        "GT0121-H1",
        "Recomendación del MRI IRM-APR",
        "Cómo se atendió la recomendación",
        "Mecanismo de Revisión Independiente (MRI)",
        "Sustancial ([Ejemplo] MRI, informe de resultados 2023–2025, 10 de febrero de 2026)",
    ),
    ("OGP", "en"): (
        "Commitment GT0121 — Institutional Actions to Strengthen Open Data",
        "Milestones",
        "IRM recommendation IRM-APR",
        "How the recommendation was addressed",
    ),
}


@pytest.mark.parametrize(("mechanism", "locale"), list(EXPECTED))
def test_each_mechanisms_report_reads_as_its_own_document(demo: Path, mechanism: str, locale: str) -> None:
    text = pdf_text(_report(demo, mechanism, locale))
    for expected in EXPECTED[(mechanism, locale)]:
        assert expected in text, expected


def test_a_report_covers_the_mechanisms_latest_cycle_unless_told_otherwise(demo: Path) -> None:
    latest = pdf_text(_report(demo, "OGP", "es"))
    assert "GT0121" in latest and "GT0079" not in latest  # AP3's commitment is not this plan's
    every = pdf_text(_report(demo, "OGP", "es", "--cycle", "ALL"))
    assert "GT0121" in every and "GT0079" in every and "Todos los ciclos" in every
    earlier = pdf_text(_report(demo, "OGP", "es", "--cycle", "AP3"))
    assert "GT0079" in earlier and "GT0121" not in earlier


def test_a_board_decision_keeps_the_scale_of_the_standard_it_was_rated_on(demo: Path) -> None:
    text = pdf_text(_report(demo, "EITI", "en", "--cycle", "VAL2020"))
    assert "Board decision BD2020-03" in text
    assert "2016 EITI Standard: progress on each requirement" in text
    assert "Inadequate progress (EITI Board decision 2020-03, undated)" in text
    assert "Corrective action" not in text.split("Board decision BD2020-03", 1)[1][:40]


def test_the_word_copy_holds_the_same_entries(demo: Path) -> None:
    document = Document(io.BytesIO(_report(demo, "MESICIC", "es", "--format", "docx", suffix="docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    for expected in ("Recomendación III.9-COPRET-a", "RECOMENDACIÓN:", "INFORME:", "Medidas sugeridas:"):
        assert expected in text, expected

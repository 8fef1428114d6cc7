"""The open data's data dictionary and JSON Schema: what each exported field means."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("recommendations.schema.json")


@dataclass(frozen=True)
class DictionaryField:
    """One exported field: its name, type and meaning in Spanish and English."""

    name: str
    type: str
    description_es: str
    description_en: str


DATA_DICTIONARY: tuple[DictionaryField, ...] = (
    DictionaryField(
        "id",
        "integer",
        "Identificador numérico estable del registro.",
        "Stable numeric identifier of the record.",
    ),
    DictionaryField(
        "code",
        "string",
        "Clave natural estable: MECANISMO-CICLO-referencia.",
        "Stable natural key: MECHANISM-CYCLE-reference.",
    ),
    DictionaryField(
        "mechanism",
        "string",
        "Mecanismo: MESICIC, UNCAC, EITI, COST, STAR u OGP.",
        "Mechanism: MESICIC, UNCAC, EITI, COST, STAR or OGP.",
    ),
    DictionaryField(
        "cycle",
        "string",
        "Ronda, validación, informe o plan de acción (código del ciclo).",
        "Review round, validation, report or action plan (cycle code).",
    ),
    DictionaryField(
        "reference",
        "string",
        "Referencia de la recomendación dentro del ciclo.",
        "Reference of the recommendation within its cycle.",
    ),
    DictionaryField(
        "parent",
        "string | null",
        "Referencia de la recomendación madre en el mismo ciclo, si la hay.",
        "Reference of the parent recommendation in the same cycle, if any.",
    ),
    DictionaryField(
        "provision",
        "string | null",
        "Disposición evaluada (artículo, requisito o elemento), si se conoce.",
        "Provision reviewed (article, requirement or item), when known.",
    ),
    DictionaryField("title", "string", "Título breve (puede estar vacío).", "Short title (may be empty)."),
    DictionaryField(
        "text",
        "string",
        "Texto de la recomendación, en su idioma original.",
        "Text of the recommendation, in its original language.",
    ),
    DictionaryField(
        "language", "string", "Idioma del texto: es, en, fr o pt.", "Language of the text: es, en, fr or pt."
    ),
    DictionaryField(
        "text_translated",
        "string",
        "Traducción del texto al otro idioma de los informes (al inglés si el original está en "
        "español; si no, al español): la misma que translation_en o translation_es.",
        "Translation of the text into the other report language (English for a Spanish "
        "original, Spanish otherwise): the same as translation_en or translation_es.",
    ),
    *(
        field
        for lang, name_es, name_en in (("es", "español", "Spanish"), ("en", "inglés", "English"))
        for field in (
            DictionaryField(
                f"translation_title_{lang}",
                "string",
                f"Título traducido al {name_es} por la comisión (vacío si el original está en {name_es}).",
                f"Title translated into {name_en} by the commission (empty when the original is in {name_en}).",
            ),
            DictionaryField(
                f"translation_{lang}",
                "string",
                f"Texto traducido al {name_es} por la comisión (vacío si el original está en {name_es}).",
                f"Text translated into {name_en} by the commission (empty when the original is in {name_en}).",
            ),
            DictionaryField(
                f"translation_state_{lang}",
                "string",
                "Estado de esa traducción: missing (no hay), draft (sin revisar) o reviewed (revisada).",
                "State of that translation: missing, draft (not checked) or reviewed.",
            ),
        )
    ),
    DictionaryField(
        "theme",
        "string",
        "Tema (por ejemplo integrity, procurement).",
        "Theme (for example integrity, procurement).",
    ),
    DictionaryField(
        "kind",
        "string",
        "Tipo, según el mecanismo: recommendation, suggested_measure, finding, corrective_action, "
        "corrective_statement, board_decision, priority, commitment, milestone, irm_recommendation, "
        "irm_assessment o engagement.",
        "Kind, by mechanism: recommendation, suggested_measure, finding, corrective_action, "
        "corrective_statement, board_decision, priority, commitment, milestone, irm_recommendation, "
        "irm_assessment or engagement.",
    ),
    DictionaryField(
        "issued_on", "date | null", "Fecha de emisión (AAAA-MM-DD).", "Date issued (YYYY-MM-DD)."
    ),
    DictionaryField("due_on", "date | null", "Fecha límite (AAAA-MM-DD).", "Due date (YYYY-MM-DD)."),
    DictionaryField(
        "agencies",
        "list of strings",
        "Instituciones responsables; la primera lidera (en CSV separadas por «;»).",
        "Responsible agencies; the first leads (separated by ';' in CSV).",
    ),
    DictionaryField(
        "state",
        "string | null",
        "Estado normalizado: not_started, in_progress, substantial, complete o "
        "not_applicable; vacío si nunca se evaluó.",
        "Normalised state: not_started, in_progress, substantial, complete or "
        "not_applicable; empty when never assessed.",
    ),
    DictionaryField(
        "level",
        "string | null",
        "Código del nivel en la escala del mecanismo.",
        "Code of the level on the mechanism's own scale.",
    ),
    DictionaryField(
        "level_es",
        "string | null",
        "Nivel en la escala del mecanismo, en español.",
        "Level on the mechanism's own scale, in Spanish.",
    ),
    DictionaryField(
        "level_en",
        "string | null",
        "Nivel en la escala del mecanismo, en inglés.",
        "Level on the mechanism's own scale, in English.",
    ),
    DictionaryField(
        "progress", "integer | null", "Avance del nivel, de 0 a 100.", "Progress of the level, from 0 to 100."
    ),
    DictionaryField(
        "last_assessment_on",
        "date | null",
        "Fecha de la última evaluación (propia o del mecanismo).",
        "Date of the latest assessment (self or by the mechanism).",
    ),
    DictionaryField(
        "public_evidence",
        "list",
        "Evidencia pública verificada: en JSON objetos {id, kind, title, url, date, "
        "file_sha256}; en CSV/XLSX una dirección (o sha256:…) por línea.",
        "Verified public evidence: in JSON objects {id, kind, title, url, date, "
        "file_sha256}; in CSV/XLSX one URL (or sha256:…) per line.",
    ),
    DictionaryField(
        "source_title",
        "string",
        "Documento público de donde se tomó el texto.",
        "Public document the text was taken from.",
    ),
    DictionaryField(
        "source_url", "string", "Dirección del documento fuente.", "Address of the source document."
    ),
    DictionaryField(
        "verbatim_status",
        "string",
        "Si el texto es literal (verbatim), un resumen oficial (official_summary), un extracto "
        "(excerpt) o un extracto incompleto (truncated), con una nota entre paréntesis.",
        "Whether the text is verbatim, an official summary, an excerpt or a truncated excerpt, "
        "with a note in brackets.",
    ),
    DictionaryField(
        "starts_on",
        "date | null",
        "OGP: inicio del compromiso o hito.",
        "OGP: start of the commitment or milestone.",
    ),
    DictionaryField(
        "ends_on",
        "date | null",
        "OGP: término del compromiso o hito.",
        "OGP: end of the commitment or milestone.",
    ),
    DictionaryField(
        "ogp_values",
        "string",
        "OGP: valores a los que responde el compromiso (ATI, CP, PA, TI, separados por «;»).",
        "OGP: values the commitment is relevant to (ATI, CP, PA, TI, separated by ';').",
    ),
    DictionaryField(
        "project",
        "string",
        "CoST: proyecto al que se refiere el hallazgo.",
        "CoST: project the finding is about.",
    ),
    DictionaryField(
        "procuring_entity",
        "string",
        "CoST: entidad contratante a la que se refiere el hallazgo.",
        "CoST: procuring entity the finding is about.",
    ),
    DictionaryField(
        "stage",
        "string",
        "CoST: etapa del proyecto (identification, preparation, procurement, implementation, completion).",
        "CoST: project stage (identification, preparation, procurement, implementation, completion).",
    ),
    DictionaryField(
        "disclosure_rate",
        "integer | null",
        "CoST: porcentaje de los datos del estándar (IDS) que se divulgaron, de 0 a 100.",
        "CoST: percentage of the data standard's (IDS) items disclosed, from 0 to 100.",
    ),
    DictionaryField(
        "counterpart",
        "string",
        "StAR: contraparte de la asistencia (país, jurisdicción u organismo).",
        "StAR: counterpart of the engagement (country, jurisdiction or body).",
    ),
    DictionaryField(
        "workstreams",
        "string",
        "StAR: líneas de trabajo (legal_framework, institutions, case_assistance, training; separadas por «;»).",
        "StAR: workstreams (legal_framework, institutions, case_assistance, training; separated by ';').",
    ),
)
EXPORT_COLUMNS: tuple[str, ...] = tuple(field.name for field in DATA_DICTIONARY)


def data_dictionary() -> list[DictionaryField]:
    """The exported fields in column order, for the data dictionary page."""
    return list(DATA_DICTIONARY)


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON export (a fresh copy each call)."""
    return json.loads(_schema_text())

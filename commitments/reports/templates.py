"""Each mechanism's report as its reviewers expect to read it (../shared/data/report-formats.md):
an ordered list of sections, some written by the commission (authored), the rest built from the
record (generated). One place for both the PDF, the preview, the API and the finalize check.

Generated sections name what the renderer builds: `summary` (figures and charts), `progress`
(since the previous period), `entries` (each recommendation in the mechanism's layout) and
`annexes` (institutions, evidence).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from commitments.i18n import LOCALES, _, gettext
from commitments.reports.model import CONSOLIDATED, Bilingual, Part, ReportModel


class PartKind(StrEnum):
    AUTHORED = "authored"
    GENERATED = "generated"


GENERATED_KEYS = ("summary", "progress", "entries", "annexes")


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str  # a Spanish msgid
    kind: PartKind = PartKind.AUTHORED
    required: bool = False
    hint: str = ""  # what the commission writes there (a msgid)


def _generated(key: str, title: str) -> SectionSpec:
    return SectionSpec(key, title, PartKind.GENERATED, required=False)


SUMMARY = _generated("summary", _("Resumen ejecutivo"))
PROGRESS = _generated("progress", _("Avance desde el periodo anterior"))
ANNEXES = _generated("annexes", _("Anexos"))


def _entries(title: str) -> SectionSpec:
    return _generated("entries", title)


TEMPLATES: dict[str, tuple[SectionSpec, ...]] = {
    "OGP": (
        SectionSpec(
            "background",
            _("Antecedentes e introducción"),
            required=True,
            hint=_("La historia del proceso de Gobierno Abierto en el país y el propósito del plan."),
        ),
        SectionSpec(
            "cocreation",
            _("Proceso de creación del plan de acción"),
            required=True,
            hint=_("Cómo se elaboró el plan con la sociedad civil: consultas, foros, calendario."),
        ),
        SectionSpec(
            "irm_recommendations",
            _("Recomendaciones del MRI"),
            hint=_("Cómo se atendieron las recomendaciones del informe anterior del MRI."),
        ),
        SUMMARY,
        PROGRESS,
        _entries(_("Implementación de los compromisos")),
        _generated("roundtables", _("Mesas técnicas sectoriales")),
        SectionSpec("civil_society", _("Compromisos propuestos por la sociedad civil")),
        SectionSpec("eligibility", _("Avance en los criterios de elegibilidad")),
        SectionSpec("peer_exchange", _("Intercambio y aprendizaje entre pares")),
        SectionSpec("conclusions", _("Conclusiones y próximos pasos"), required=True),
        SectionSpec(
            "validation",
            _("Validación de la autoevaluación"),
            hint=_("Cómo se sometió este informe a consulta pública y qué se recibió."),
        ),
        ANNEXES,
    ),
    "MESICIC": (
        SectionSpec(
            "introduction",
            _("Introducción"),
            required=True,
            hint=_("El marco del informe: la ronda, el periodo y las instituciones que informan."),
        ),
        SUMMARY,
        PROGRESS,
        _entries(_("Recomendaciones e informe por disposición de la Convención")),
        SectionSpec("other_progress", _("Otros avances")),
        SectionSpec("conclusions", _("Conclusiones"), required=True),
        ANNEXES,
    ),
    "UNCAC": (
        SectionSpec(
            "introduction",
            _("Introducción: marco jurídico e institucional"),
            required=True,
        ),
        SectionSpec("successes", _("Logros y buenas prácticas"), required=True),
        SectionSpec("challenges", _("Problemas en la aplicación"), required=True),
        SectionSpec("technical_assistance", _("Necesidades de asistencia técnica")),
        SUMMARY,
        PROGRESS,
        _entries(_("Lista de verificación por artículo")),
        ANNEXES,
    ),
    "EITI": (
        SectionSpec("executive_summary", _("Conclusiones generales"), required=True),
        SectionSpec("background", _("Antecedentes"), required=True),
        SUMMARY,
        PROGRESS,
        _entries(_("Requisitos y medidas correctivas")),
        SectionSpec("conclusions", _("Conclusiones"), required=True),
        ANNEXES,
    ),
    "COST": (
        SectionSpec(
            "context",
            _("Contexto de la contratación pública"),
            required=True,
            hint=_("El marco de la contratación de obra pública y la institucionalización del IDS."),
        ),
        SectionSpec("assurance_process", _("Proceso de aseguramiento y metodología")),
        SUMMARY,
        PROGRESS,
        _entries(_("Hallazgos y recomendaciones")),
        SectionSpec("conclusions", _("Conclusiones"), required=True),
        ANNEXES,
    ),
    "STAR": (
        SectionSpec("introduction", _("Introducción"), required=True),
        SUMMARY,
        _entries(_("Asistencias y asesorías")),
        SectionSpec("next_steps", _("Próximos pasos")),
        ANNEXES,
    ),
    CONSOLIDATED: (
        SectionSpec("introduction", _("Introducción"), required=True),
        SUMMARY,
        PROGRESS,
        _entries(_("Recomendaciones por mecanismo")),
        SectionSpec("conclusions", _("Conclusiones y próximos pasos"), required=True),
        ANNEXES,
    ),
}
# Any mechanism without its own template reads like the consolidated report.
DEFAULT = TEMPLATES[CONSOLIDATED]

# Civil society's parts (commitments.reports.civic), in every template: the public consultation
# of the draft just before the annexes (in OGP's, right after `validation`), the organisations'
# assessments as the last annex. Each prints only when the report has it.
CONSULTATION = _generated("consultation", _("Consulta pública del borrador"))
CIVIL_SOCIETY_ANNEX = _generated("civil_society_annex", _("Anexo. Valoraciones de la sociedad civil"))


def _with_civil_society(sections: tuple[SectionSpec, ...]) -> tuple[SectionSpec, ...]:
    keys = [s.key for s in sections]
    at = keys.index(ANNEXES.key) if ANNEXES.key in keys else len(sections)
    return (*sections[:at], CONSULTATION, *sections[at:], CIVIL_SOCIETY_ANNEX)


def template_for(mechanism: str) -> tuple[SectionSpec, ...]:
    """The sections of a mechanism's report (a code, or CONSOLIDATED)."""
    return _with_civil_society(TEMPLATES.get(mechanism, DEFAULT))


def authored(mechanism: str) -> tuple[SectionSpec, ...]:
    """The sections the commission writes in a mechanism's report."""
    return tuple(spec for spec in template_for(mechanism) if spec.kind == PartKind.AUTHORED)


def spec(mechanism: str, key: str) -> SectionSpec | None:
    """A section of a mechanism's report by its key, or None."""
    return next((s for s in template_for(mechanism) if s.key == key), None)


def bilingual(message: str) -> Bilingual:
    """A msgid in both report languages."""
    return Bilingual(**{locale: gettext(locale, message) for locale in LOCALES})


def parts_for(mechanism: str, texts: dict[str, tuple[str, int]]) -> list[Part]:
    """The template's sections in order, each authored one with its stored text and version."""
    parts = []
    for item in template_for(mechanism):
        text, version = texts.get(item.key, ("", 0))
        parts.append(
            Part(
                key=item.key,
                kind=item.kind.value,
                title=bilingual(item.title),
                required=item.required,
                text=text if item.kind == PartKind.AUTHORED else "",
                version=version if item.kind == PartKind.AUTHORED else 0,
            )
        )
    return parts


DEFAULT_PARTS = [
    Part(key=spec.key, kind="generated", title=Bilingual())
    for spec in (SUMMARY, PROGRESS, _entries(""), ANNEXES)
]


def parts_of(model: ReportModel) -> list[Part]:
    """The parts a model prints: its own, or (a snapshot from before templates) the generated ones."""
    return model.parts or DEFAULT_PARTS

"""The domain's named values and the one wording of each.

Every state, role, kind, source and visibility the model stores is a member of one of these
enums (the tables name them as Piccolo `choices`), and each member has exactly one label: a
Spanish msgid of the Babel catalogues. Pages, API labels and PDFs all take their words from
`label()` / `word()`, so a state can never read one way on screen and another in print.
"""

from __future__ import annotations

from enum import StrEnum

from commitments.i18n import _, gettext


class State(StrEnum):
    """A recommendation's normalised state: its current level's, or not assessed."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBSTANTIAL = "substantial"
    COMPLETE = "complete"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSED = "not_assessed"  # no level yet: never the state of a rating level


# The states a rating level maps to (every state but NOT_ASSESSED), in the order tables show.
LEVEL_STATES: tuple[State, ...] = tuple(s for s in State if s is not State.NOT_ASSESSED)


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    FOCAL_POINT = "focal_point"
    REVIEWER = "reviewer"
    CIVIL_SOCIETY = "civil_society"  # a member of a registered civil-society organisation


class AssignmentRole(StrEnum):
    LEAD = "lead"
    SUPPORT = "support"


class AssignmentState(StrEnum):
    PENDING = "pending"
    ANSWERED = "answered"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class ResponseState(StrEnum):
    DRAFT = "draft"
    TO_APPROVE = "to_approve"  # waiting for the agency's own validating authority (sign-off)
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class Decision(StrEnum):
    ACCEPT = "accept"
    RETURN = "return"


class Approval(StrEnum):
    """The agency's validating authority on an answer drafted for the commission."""

    APPROVE = "approve"
    RETURN = "return"


class EvidenceKind(StrEnum):
    DOCUMENT = "document"
    LINK = "link"
    LAW = "law"
    DATASET = "dataset"
    IMAGE = "image"
    OTHER = "other"


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


class Verification(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Source(StrEnum):
    """Who gave a rating: the government itself, or the mechanism's own reviewer."""

    SELF = "self"
    REVIEWER = "reviewer"


class ConsultationState(StrEnum):
    """A draft report's public consultation: open for comment until it closes."""

    OPEN = "open"
    CLOSED = "closed"


class ReportState(StrEnum):
    DRAFT = "draft"
    FINAL = "final"
    SENT = "sent"


class RenderState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    RETRYING = "retrying"  # an attempt failed; the next one is due at render_at
    READY = "ready"
    FAILED = "failed"


class LinkKind(StrEnum):
    RELATED = "related"
    SAME_REFORM = "same_reform"
    SUPERSEDES = "supersedes"


class MailState(StrEnum):
    """An outbox message: queued -> sending -> sent, or back to queued (retried) until failed."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class MailKind(StrEnum):
    """Why a message was sent."""

    ASSIGNED = "assigned"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    DUE_7 = "due_7"
    DUE_1 = "due_1"
    OVERDUE = "overdue"
    ESCALATION = "escalation"
    DIGEST = "digest"
    PERIOD_OPENED = "period_opened"
    PERIOD_CLOSING = "period_closing"
    PASSWORD_RESET = "password_reset"
    TO_APPROVE = "to_approve"
    SENT_BACK = "sent_back"


class ItemKind(StrEnum):
    """What a catalogue item is, in its mechanism's terms (commitments.kinds says which kinds
    each mechanism has and which of them are rated)."""

    RECOMMENDATION = "recommendation"
    SUGGESTED_MEASURE = "suggested_measure"
    FINDING = "finding"
    CORRECTIVE_ACTION = "corrective_action"
    CORRECTIVE_STATEMENT = "corrective_statement"
    BOARD_DECISION = "board_decision"
    PRIORITY = "priority"
    COMMITMENT = "commitment"
    MILESTONE = "milestone"
    IRM_RECOMMENDATION = "irm_recommendation"
    IRM_ASSESSMENT = "irm_assessment"
    ENGAGEMENT = "engagement"


class TranslationState(StrEnum):
    """A translation slot of a text: empty, written but not checked, or checked by the commission."""

    MISSING = "missing"
    DRAFT = "draft"
    REVIEWED = "reviewed"


class VerbatimStatus(StrEnum):
    """How faithfully a stored text reproduces its source (the first word of `verbatim_status`;
    a note in brackets may follow it)."""

    VERBATIM = "verbatim"
    OFFICIAL_SUMMARY = "official_summary"
    EXCERPT = "excerpt"
    TRUNCATED = "truncated"


class DocumentKind(StrEnum):
    """What a review document is."""

    REPORT = "report"
    ROUND_REPORT = "round_report"
    REVIEW_REPORT = "review_report"
    VALIDATION = "validation"
    BOARD_DECISION = "board_decision"
    IRM_REPORT = "irm_report"
    ASSURANCE_REPORT = "assurance_report"
    OTHER = "other"


class IdsStage(StrEnum):
    """A stage of an infrastructure project in CoST's Infrastructure Data Standard."""

    IDENTIFICATION = "identification"
    PREPARATION = "preparation"
    PROCUREMENT = "procurement"
    IMPLEMENTATION = "implementation"
    COMPLETION = "completion"


class Workstream(StrEnum):
    """A line of StAR's work with a country."""

    LEGAL_FRAMEWORK = "legal_framework"
    INSTITUTIONS = "institutions"
    CASE_ASSISTANCE = "case_assistance"
    TRAINING = "training"


class Sector(StrEnum):
    """Who takes part in a technical roundtable."""

    GOVERNMENT = "government"
    CIVIL_SOCIETY = "civil_society"
    BUSINESS = "business"
    ACADEMIA = "academia"
    INTERNATIONAL = "international"


class ActivityState(StrEnum):
    """An activity of a roundtable's work plan."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class ScorecardState(StrEnum):
    """A year of the transparency rating: preparing -> review (agencies see their draft
    scores and may contest) -> published (frozen)."""

    PREPARING = "preparing"
    REVIEW = "review"
    PUBLISHED = "published"


class ContestState(StrEnum):
    """An agency's objection to one of its draft scores, and the commission's answer."""

    OPEN = "open"
    UPHELD = "upheld"
    REJECTED = "rejected"


class Branch(StrEnum):
    EXECUTIVE = "executive"
    LEGISLATIVE = "legislative"
    JUDICIAL = "judicial"
    AUTONOMOUS = "autonomous"
    OVERSIGHT = "oversight"


# One label per member, per vocabulary (members of two vocabularies may share a value:
# a pending assignment is not a pending rendering).
LABELS: dict[type[StrEnum], dict[str, str]] = {
    State: {
        State.NOT_STARTED: _("Sin iniciar"),
        State.IN_PROGRESS: _("En proceso"),
        State.SUBSTANTIAL: _("Avance sustancial"),
        State.COMPLETE: _("Cumplida"),
        State.NOT_APPLICABLE: _("No aplica"),
        State.NOT_ASSESSED: _("Sin valorar"),
    },
    Role: {
        Role.ADMIN: _("Administración"),
        Role.ANALYST: _("Analista"),
        Role.FOCAL_POINT: _("Enlace institucional"),
        Role.REVIEWER: _("Revisor"),
        Role.CIVIL_SOCIETY: _("Sociedad civil"),
    },
    AssignmentRole: {
        AssignmentRole.LEAD: _("Responsable"),
        AssignmentRole.SUPPORT: _("Apoyo"),
    },
    AssignmentState: {
        AssignmentState.PENDING: _("Pendiente"),
        AssignmentState.ANSWERED: _("Respondida"),
        AssignmentState.RETURNED: _("Devuelta"),
        AssignmentState.ACCEPTED: _("Aceptada"),
    },
    ResponseState: {
        ResponseState.DRAFT: _("Borrador"),
        ResponseState.TO_APPROVE: _("Por aprobar en la institución"),
        ResponseState.SUBMITTED: _("Enviada"),
        ResponseState.RETURNED: _("Devuelta"),
        ResponseState.ACCEPTED: _("Aceptada"),
    },
    Decision: {
        Decision.ACCEPT: _("Aceptar"),
        Decision.RETURN: _("Devolver"),
    },
    Approval: {
        Approval.APPROVE: _("Aprobar y enviar a la comisión"),
        Approval.RETURN: _("Devolver a quien la redactó"),
    },
    EvidenceKind: {
        EvidenceKind.DOCUMENT: _("Documento"),
        EvidenceKind.LINK: _("Enlace"),
        EvidenceKind.LAW: _("Norma"),
        EvidenceKind.DATASET: _("Datos"),
        EvidenceKind.IMAGE: _("Imagen"),
        EvidenceKind.OTHER: _("Otro"),
    },
    Visibility: {
        Visibility.PUBLIC: _("Pública"),
        Visibility.INTERNAL: _("Interna"),
    },
    Verification: {
        Verification.PENDING: _("Por verificar"),
        Verification.VERIFIED: _("Verificada"),
        Verification.REJECTED: _("Rechazada"),
    },
    Source: {
        Source.SELF: _("Autoevaluación del Gobierno"),
        Source.REVIEWER: _("Valoración del mecanismo"),
    },
    ConsultationState: {
        ConsultationState.OPEN: _("Abierta a comentarios"),
        ConsultationState.CLOSED: _("Cerrada"),
    },
    ReportState: {
        ReportState.DRAFT: _("Borrador"),
        ReportState.FINAL: _("Final"),
        ReportState.SENT: _("Enviado"),
    },
    RenderState: {
        RenderState.PENDING: _("En cola"),
        RenderState.RUNNING: _("Generándose"),
        RenderState.RETRYING: _("Se reintentará"),
        RenderState.READY: _("Listo"),
        RenderState.FAILED: _("Falló"),
    },
    LinkKind: {
        LinkKind.RELATED: _("relacionada"),
        LinkKind.SAME_REFORM: _("misma reforma"),
        LinkKind.SUPERSEDES: _("la reemplaza"),
    },
    MailState: {
        MailState.QUEUED: _("En espera"),
        MailState.SENDING: _("Enviándose"),
        MailState.SENT: _("Enviado"),
        MailState.FAILED: _("No se pudo enviar"),
    },
    MailKind: {
        MailKind.ASSIGNED: _("Nueva asignación"),
        MailKind.RETURNED: _("Respuesta devuelta"),
        MailKind.ACCEPTED: _("Respuesta aceptada"),
        MailKind.DUE_7: _("Vence en 7 días"),
        MailKind.DUE_1: _("Vence mañana"),
        MailKind.OVERDUE: _("Plazo vencido"),
        MailKind.ESCALATION: _("Aviso a la comisión por plazo vencido"),
        MailKind.DIGEST: _("Resumen diario"),
        MailKind.PERIOD_OPENED: _("Periodo abierto"),
        MailKind.PERIOD_CLOSING: _("Periodo por cerrar"),
        MailKind.PASSWORD_RESET: _("Restablecer contraseña"),
        MailKind.TO_APPROVE: _("Respuesta por aprobar"),
        MailKind.SENT_BACK: _("Respuesta devuelta por la institución"),
    },
    ItemKind: {
        ItemKind.RECOMMENDATION: _("Recomendación"),
        ItemKind.SUGGESTED_MEASURE: _("Medida sugerida"),
        ItemKind.FINDING: _("Hallazgo"),
        ItemKind.CORRECTIVE_ACTION: _("Medida correctiva"),
        ItemKind.CORRECTIVE_STATEMENT: _("Exhortación del Consejo"),
        ItemKind.BOARD_DECISION: _("Decisión del Consejo"),
        ItemKind.PRIORITY: _("Prioridad"),
        ItemKind.COMMITMENT: _("Compromiso"),
        ItemKind.MILESTONE: _("Hito"),
        ItemKind.IRM_RECOMMENDATION: _("Recomendación del MRI"),
        ItemKind.IRM_ASSESSMENT: _("Valoración del MRI"),
        ItemKind.ENGAGEMENT: _("Asistencia"),
    },
    TranslationState: {
        TranslationState.MISSING: _("Sin traducir"),
        TranslationState.DRAFT: _("Borrador sin revisar"),
        TranslationState.REVIEWED: _("Revisada"),
    },
    VerbatimStatus: {
        VerbatimStatus.VERBATIM: _("Texto oficial"),
        VerbatimStatus.OFFICIAL_SUMMARY: _("Resumen oficial"),
        VerbatimStatus.EXCERPT: _("Extracto"),
        VerbatimStatus.TRUNCATED: _("Extracto incompleto"),
    },
    DocumentKind: {
        DocumentKind.REPORT: _("Informe"),
        DocumentKind.ROUND_REPORT: _("Informe de ronda"),
        DocumentKind.REVIEW_REPORT: _("Informe de examen"),
        DocumentKind.VALIDATION: _("Validación"),
        DocumentKind.BOARD_DECISION: _("Decisión del Consejo"),
        DocumentKind.IRM_REPORT: _("Informe del MRI"),
        DocumentKind.ASSURANCE_REPORT: _("Informe de aseguramiento"),
        DocumentKind.OTHER: _("Otro documento"),
    },
    IdsStage: {
        IdsStage.IDENTIFICATION: _("Identificación"),
        IdsStage.PREPARATION: _("Preparación"),
        IdsStage.PROCUREMENT: _("Contratación"),
        IdsStage.IMPLEMENTATION: _("Ejecución"),
        IdsStage.COMPLETION: _("Finalización"),
    },
    Workstream: {
        Workstream.LEGAL_FRAMEWORK: _("Marco jurídico"),
        Workstream.INSTITUTIONS: _("Fortalecimiento institucional"),
        Workstream.CASE_ASSISTANCE: _("Asistencia en casos"),
        Workstream.TRAINING: _("Capacitación"),
    },
    Sector: {
        Sector.GOVERNMENT: _("Gobierno"),
        Sector.CIVIL_SOCIETY: _("Sociedad civil"),
        Sector.BUSINESS: _("Sector empresarial"),
        Sector.ACADEMIA: _("Sector académico"),
        Sector.INTERNATIONAL: _("Cooperación internacional"),
    },
    ActivityState: {
        ActivityState.PLANNED: _("Planificada"),
        ActivityState.IN_PROGRESS: _("En curso"),
        ActivityState.DONE: _("Realizada"),
        ActivityState.CANCELLED: _("Cancelada"),
    },
    ScorecardState: {
        ScorecardState.PREPARING: _("En preparación"),
        ScorecardState.REVIEW: _("En revisión por las instituciones"),
        ScorecardState.PUBLISHED: _("Publicada"),
    },
    ContestState: {
        ContestState.OPEN: _("Sin respuesta"),
        ContestState.UPHELD: _("Aceptada"),
        ContestState.REJECTED: _("Rechazada"),
    },
    Branch: {
        Branch.EXECUTIVE: _("Ejecutivo"),
        Branch.LEGISLATIVE: _("Legislativo"),
        Branch.JUDICIAL: _("Judicial"),
        Branch.AUTONOMOUS: _("Autónoma"),
        Branch.OVERSIGHT: _("Control"),
    },
}

# The vocabularies pages and templates name by a short word.
VOCABULARIES: dict[str, type[StrEnum]] = {
    "state": State,
    "role": Role,
    "assignment_role": AssignmentRole,
    "assignment_state": AssignmentState,
    "response_state": ResponseState,
    "decision": Decision,
    "approval": Approval,
    "evidence_kind": EvidenceKind,
    "visibility": Visibility,
    "verification": Verification,
    "source": Source,
    "report_state": ReportState,
    "consultation_state": ConsultationState,
    "render_state": RenderState,
    "link_kind": LinkKind,
    "branch": Branch,
    "item_kind": ItemKind,
    "translation_state": TranslationState,
    "verbatim_status": VerbatimStatus,
    "document_kind": DocumentKind,
    "ids_stage": IdsStage,
    "workstream": Workstream,
    "mail_state": MailState,
    "mail_kind": MailKind,
    "sector": Sector,
    "activity_state": ActivityState,
    "scorecard_state": ScorecardState,
    "contest_state": ContestState,
}

# What an audit event's action is called in the activity list.
ACTIONS: dict[str, str] = {
    "recommendation.create": _("Recomendación creada"),
    "recommendation.update": _("Recomendación modificada"),
    "recommendation.link": _("Recomendaciones vinculadas"),
    "recommendation.translate": _("Traducción guardada"),
    "document.create": _("Documento de revisión registrado"),
    "document.update": _("Documento de revisión modificado"),
    "assignment.create": _("Asignación creada"),
    "assignment.delete": _("Asignación eliminada"),
    "response.save": _("Borrador guardado"),
    "response.submit": _("Respuesta enviada"),
    "response.accept": _("Respuesta aceptada"),
    "response.return": _("Respuesta devuelta"),
    "response.to_approve": _("Respuesta enviada a aprobación de la institución"),
    "response.approve": _("Respuesta aprobada por la institución"),
    "response.send_back": _("Respuesta devuelta dentro de la institución"),
    "evidence.create": _("Evidencia agregada"),
    "evidence.verify": _("Evidencia revisada"),
    "assessment.create": _("Valoración registrada"),
    "period.create": _("Periodo creado"),
    "period.open": _("Periodo abierto"),
    "period.close": _("Periodo cerrado"),
    "user.create": _("Usuario creado"),
    "user.activate": _("Usuario reactivado"),
    "user.deactivate": _("Usuario desactivado"),
    "user.update": _("Usuario modificado"),
    "user.password": _("Contraseña cambiada"),
    "user.password_reset": _("Contraseña restablecida"),
    "agency.create": _("Institución creada"),
    "agency.update": _("Institución modificada"),
    "token.create": _("Token de API emitido"),
    "cycle.create": _("Ciclo creado"),
    "catalogue.import": _("Catálogo importado"),
    "reference.load": _("Datos de referencia cargados"),
    "report.create": _("Informe creado"),
    "report.render": _("Informe generado"),
    "report.rerender": _("Informe pedido de nuevo"),
    "report.section": _("Sección del informe redactada"),
    "report.finalize": _("Informe finalizado"),
    "report.send": _("Envío de informe registrado"),
    "files.sweep": _("Archivos sin uso retirados"),
    "country.update": _("Emisor de los informes modificado"),
    "organisation.create": _("Organización registrada"),
    "civil_assessment.save": _("Valoración de la sociedad civil registrada"),
    "civil_assessment.reply": _("Respuesta de la comisión a la sociedad civil"),
    "report.civil_society_annex": _("Anexo de la sociedad civil elegido"),
    "consultation.open": _("Consulta pública abierta"),
    "consultation.close": _("Consulta pública cerrada"),
    "consultation.statement": _("Resultado de la consulta redactado"),
    "comment.create": _("Comentario recibido en consulta pública"),
    "comment.reply": _("Comentario respondido"),
    "comment.hide": _("Comentario ocultado"),
    "roundtable.create": _("Mesa técnica creada"),
    "roundtable.update": _("Mesa técnica modificada"),
    "roundtable.activity": _("Actividad de mesa técnica registrada"),
    "scorecard.create": _("Calificación de transparencia abierta"),
    "scorecard.methodology": _("Metodología de la calificación modificada"),
    "scorecard.score": _("Puntaje registrado"),
    "scorecard.review": _("Puntajes enviados a revisión de las instituciones"),
    "scorecard.contest": _("Puntaje impugnado"),
    "scorecard.answer": _("Impugnación respondida"),
    "scorecard.publish": _("Calificación de transparencia publicada"),
}


# What the thing an audit event changed is called in the activity list.
ENTITIES: dict[str, str] = {
    "recommendation": _("recomendación"),
    "assignment": _("asignación"),
    "response": _("respuesta"),
    "evidence": _("evidencia"),
    "assessment": _("valoración"),
    "period": _("periodo"),
    "user": _("usuario"),
    "agency": _("institución"),
    "report": _("informe"),
    "cycle": _("ciclo"),
    "document": _("documento de revisión"),
    "catalogue": _("catálogo"),
    "reference": _("datos de referencia"),
    "files": _("archivos"),
    "country": _("país"),
    "organisation": _("organización"),
    "civil_assessment": _("valoración de la sociedad civil"),
    "consultation": _("consulta pública"),
    "comment": _("comentario"),
    "roundtable": _("mesa técnica"),
    "scorecard": _("calificación de transparencia"),
}


def entity_word(locale: str, entity: str) -> str:
    """An audit entity's name in `locale` (the entity itself when it has none)."""
    msgid = ENTITIES.get(entity)
    return gettext(locale, msgid) if msgid else entity


def label(member: StrEnum) -> str:
    """The msgid naming a member (translate it where it is shown)."""
    return LABELS[type(member)][member.value]


def word(locale: str, vocabulary: str, value: str) -> str:
    """A stored value's label in `locale`; an unknown value is shown as it is."""
    msgid = LABELS[VOCABULARIES[vocabulary]].get(str(value))
    return gettext(locale, msgid) if msgid else str(value)


def action_word(locale: str, action: str) -> str:
    """An audit action's label in `locale` (the action itself when it has none)."""
    msgid = ACTIONS.get(action)
    return gettext(locale, msgid) if msgid else action


def choices(enum: type[StrEnum]) -> tuple[str, ...]:
    """The stored values of a vocabulary, in order."""
    return tuple(member.value for member in enum)

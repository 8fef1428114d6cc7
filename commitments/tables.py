"""The whole data model in one place (Piccolo tables)."""

from __future__ import annotations

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from commitments.vocabulary import (
    ActivityState,
    AssignmentRole,
    AssignmentState,
    Branch,
    ContestState,
    DocumentKind,
    EvidenceKind,
    LinkKind,
    MailKind,
    MailState,
    RenderState,
    ReportState,
    ResponseState,
    Role,
    ScorecardState,
    Sector,
    Source,
    State,
    TranslationState,
    Verification,
    Visibility,
)

R = OnDelete.restrict


class Country(Table):
    id: Serial
    iso2 = Varchar(length=2, unique=True)
    name_es = Varchar(length=120)
    name_en = Varchar(length=120)
    # Who issues the country's reports, who signs them and how to reach it (the reports' cover
    # and metadata; an admin edits them, the seeds fill them once).
    issuer_es = Varchar(length=300, default="")
    issuer_en = Varchar(length=300, default="")
    signatory_name = Varchar(length=200, default="")
    signatory_title_es = Varchar(length=200, default="")
    signatory_title_en = Varchar(length=200, default="")
    contact_email = Varchar(length=254, default="")
    contact_url = Varchar(length=500, default="")


class Mechanism(Table):
    id: Serial
    code = Varchar(length=16, unique=True)
    name_es = Varchar(length=300)
    name_en = Varchar(length=300)
    body_es = Varchar(length=300, default="")
    body_en = Varchar(length=300, default="")
    url = Varchar(length=500, default="")


class Scale(Table):
    """A mechanism's rating scale under one model of its review: EITI rated validations on a
    progress scale under the 2016 Standard and on an assessment scale from 2021. The first scale
    of a mechanism (lowest position) is the one a cycle uses unless it names another."""

    id: Serial
    mechanism = ForeignKey(Mechanism, null=False, on_delete=R, index=True)
    code = Varchar(length=40)
    name_es = Varchar(length=300, default="")
    name_en = Varchar(length=300, default="")
    position = Integer(default=0)


class RatingLevel(Table):
    """One step of a mechanism's native scale, mapped to a normalised state and progress."""

    id: Serial
    mechanism = ForeignKey(Mechanism, null=False, on_delete=R, index=True)
    # Null only in rows older than scales, which the migration fills in.
    scale = ForeignKey(Scale, null=True, on_delete=R, index=True)
    code = Varchar(length=40)
    label_es = Varchar(length=120)
    label_en = Varchar(length=120)
    state = Varchar(length=20, choices=State)
    progress = Integer(null=True, default=None)
    position = Integer(default=0)


class Provision(Table):
    """What a mechanism reviews: a convention article, a requirement, a disclosure item."""

    id: Serial
    mechanism = ForeignKey(Mechanism, null=False, on_delete=R, index=True)
    code = Varchar(length=40)
    group = Varchar(length=60, default="")
    group_title_es = Varchar(length=200, default="")
    group_title_en = Varchar(length=200, default="")
    title_es = Text()
    title_en = Text()
    position = Integer(default=0)


class Cycle(Table):
    """A review round, validation, assurance report or action plan."""

    id: Serial
    mechanism = ForeignKey(Mechanism, null=False, on_delete=R, index=True)
    country = ForeignKey(Country, null=False, on_delete=R, index=True)
    code = Varchar(length=40)
    name_es = Varchar(length=300, default="")
    name_en = Varchar(length=300, default="")
    starts_on = Date(null=True, default=None)
    ends_on = Date(null=True, default=None)
    adopted_on = Date(null=True, default=None)
    report_title = Text(default="")
    report_url = Varchar(length=500, default="")
    # The scale its items are rated on; null: the mechanism's first scale.
    scale = ForeignKey(Scale, null=True, on_delete=R)


class ReviewDocument(Table, tablename="review_document"):
    """A document a mechanism issued (a round report, a Board decision, an IRM report): what a
    reviewer's rating cites as its source."""

    id: Serial
    country = ForeignKey(Country, null=False, on_delete=R, index=True)
    mechanism = ForeignKey(Mechanism, null=False, on_delete=R, index=True)
    cycle = ForeignKey(Cycle, null=True, on_delete=R, index=True)
    kind = Varchar(length=30, default=DocumentKind.REPORT, choices=DocumentKind)
    reference = Varchar(length=200)
    title = Text(default="")
    issued_on = Date(null=True, default=None)
    url = Varchar(length=500, default="")
    version = Integer(default=1)


class Agency(Table):
    id: Serial
    country = ForeignKey(Country, null=False, on_delete=R, index=True)
    code = Varchar(length=20)
    name_es = Varchar(length=300)
    name_en = Varchar(length=300)
    branch = Varchar(length=20, default=Branch.EXECUTIVE, choices=Branch)
    active = Boolean(default=True)
    # Answers need the approval of one of the agency's validating authorities before they
    # reach the commission.
    requires_signoff = Boolean(default=False)
    version = Integer(default=1)


class Recommendation(Table):
    """A recommendation, requirement, commitment or milestone; `code` is its natural key."""

    id: Serial
    country = ForeignKey(Country, null=False, on_delete=R, index=True)
    cycle = ForeignKey(Cycle, null=False, on_delete=R, index=True)
    provision = ForeignKey(Provision, on_delete=R, null=True, index=True)
    parent: ForeignKey[Recommendation] = ForeignKey("self", on_delete=R, null=True, index=True)
    code = Varchar(length=160)
    reference = Varchar(length=100)
    title = Varchar(length=500, default="")
    text = Text()
    language = Varchar(length=5, default="es")
    # A translation slot per report language other than the original's, each with its state
    # (missing while empty; draft; reviewed by the commission).
    translation_title_es = Varchar(length=500, default="")
    translation_es = Text(default="")
    translation_state_es = Varchar(length=10, default=TranslationState.MISSING, choices=TranslationState)
    translation_title_en = Varchar(length=500, default="")
    translation_en = Text(default="")
    translation_state_en = Varchar(length=10, default=TranslationState.MISSING, choices=TranslationState)
    theme = Varchar(length=60, default="")
    kind = Varchar(length=40, default="recommendation")
    issued_on = Date(null=True, default=None)
    due_on = Date(null=True, default=None)
    current_level = ForeignKey(RatingLevel, on_delete=R, null=True, index=True)
    source_title = Text(default="")
    source_url = Varchar(length=500, default="")
    verbatim_status = Varchar(length=120, default="")
    # Fields of some kinds only (commitments.kinds.FIELDS says which): an OGP commitment's dates
    # and values; a CoST finding's project, procuring entity, stage and disclosure rate; a StAR
    # engagement's counterpart and workstreams.
    starts_on = Date(null=True, default=None)
    ends_on = Date(null=True, default=None)
    ogp_values = Varchar(length=60, default="")
    project = Varchar(length=300, default="")
    procuring_entity = Varchar(length=300, default="")
    stage = Varchar(length=20, default="")
    disclosure_rate = Integer(null=True, default=None)
    counterpart = Varchar(length=300, default="")
    workstreams = Varchar(length=100, default="")
    sample = Boolean(default=False)
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class RecommendationLink(Table):
    """The same reform answering several mechanisms."""

    id: Serial
    a = ForeignKey(Recommendation, null=False, on_delete=OnDelete.cascade, index=True)
    b = ForeignKey(Recommendation, null=False, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20, default=LinkKind.RELATED, choices=LinkKind)


class User(Table, tablename="app_user"):
    id: Serial
    email = Varchar(length=254, unique=True)
    password_hash = Varchar(length=200)
    display_name = Varchar(length=200, default="")
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
    last_login = Timestamptz(null=True, default=None)
    # The language mail is written to this user in.
    locale = Varchar(length=5, default="es")
    # Raised whenever the password changes: a session started before it ends.
    credentials_version = Integer(default=1)


class Organisation(Table):
    """A civil-society organisation registered by an admin: its members rate recommendations
    on their own account (a third voice beside the government's and the reviewer's)."""

    id: Serial
    country = ForeignKey(Country, null=False, on_delete=R, index=True)
    code = Varchar(length=20)  # unique within the country
    name = Varchar(length=300)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Membership(Table):
    """A user's role in one country; focal points belong to one of its agencies, civil-society
    members to one organisation."""

    id: Serial
    user = ForeignKey(User, null=False, on_delete=OnDelete.cascade, unique=True)
    role = Varchar(length=20, choices=Role)
    agency = ForeignKey(Agency, on_delete=R, null=True, index=True)
    # A focal point who approves the agency's answers (sign-off).
    approver = Boolean(default=False)
    # Null only for rows older than countries in memberships, which the migration fills in.
    country = ForeignKey(Country, on_delete=R, null=True, index=True)
    organisation = ForeignKey(Organisation, on_delete=R, null=True, index=True)


class ApiToken(Table):
    """A personal token for scripts; only its SHA-256 is stored."""

    id: Serial
    user = ForeignKey(User, null=False, on_delete=OnDelete.cascade, index=True)
    token_sha256 = Varchar(length=64, unique=True)
    name = Varchar(length=100, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)
    revoked = Boolean(default=False)


class Assignment(Table):
    id: Serial
    recommendation = ForeignKey(Recommendation, null=False, on_delete=R, index=True)
    agency = ForeignKey(Agency, null=False, on_delete=R, index=True)
    role = Varchar(length=10, default=AssignmentRole.LEAD, choices=AssignmentRole)
    due_on = Date(null=True, default=None)
    state = Varchar(length=10, default=AssignmentState.PENDING, choices=AssignmentState, index=True)
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())


class Period(Table):
    """A reporting period agencies answer in."""

    id: Serial
    country = ForeignKey(Country, null=False, on_delete=R, index=True)
    code = Varchar(length=20)
    starts_on = Date()
    ends_on = Date()
    response_deadline = Date()
    is_open = Boolean(default=False, index=True)
    version = Integer(default=1)


class Response(Table):
    """An agency's structured answer for one assignment in one period."""

    id: Serial
    assignment = ForeignKey(Assignment, null=False, on_delete=R, index=True)
    period = ForeignKey(Period, null=False, on_delete=R, index=True)
    actions_taken = Text(default="")
    challenges = Text(default="")
    assistance_needed = Text(default="")
    next_steps = Text(default="")
    target_date = Date(null=True, default=None)
    proposed_level = ForeignKey(RatingLevel, on_delete=R, null=True)
    state = Varchar(length=10, default=ResponseState.DRAFT, choices=ResponseState, index=True)
    submitted_by = ForeignKey(User, on_delete=R, null=True)
    submitted_at = Timestamptz(null=True, default=None)
    review_comment = Text(default="")
    reviewed_by = ForeignKey(User, on_delete=R, null=True)
    reviewed_at = Timestamptz(null=True, default=None)
    approved_by = ForeignKey(User, on_delete=R, null=True)
    approved_at = Timestamptz(null=True, default=None)
    approval_comment = Text(default="")
    version = Integer(default=1)


class Evidence(Table):
    id: Serial
    recommendation = ForeignKey(Recommendation, null=False, on_delete=R, index=True)
    response = ForeignKey(Response, on_delete=R, null=True, index=True)
    kind = Varchar(length=10, default=EvidenceKind.DOCUMENT, choices=EvidenceKind)
    title = Varchar(length=300)
    description = Text(default="")
    url = Varchar(length=1000, default="")
    file_sha256 = Varchar(length=64, default="", index=True)
    file_name = Varchar(length=255, default="")
    media_type = Varchar(length=120, default="")
    size = Integer(null=True, default=None)
    evidence_date = Date(null=True, default=None)
    visibility = Varchar(length=10, default=Visibility.INTERNAL, choices=Visibility, index=True)
    verification = Varchar(length=10, default=Verification.PENDING, choices=Verification, index=True)
    submitted_by = ForeignKey(User, on_delete=R, null=True)
    verified_by = ForeignKey(User, on_delete=R, null=True)
    verified_at = Timestamptz(null=True, default=None)
    # Why the commission rejected it (required to reject); the agency reads it.
    verification_note = Text(default="")
    sample = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)


class Assessment(Table):
    """A rating of a recommendation in a period: append-only."""

    id: Serial
    recommendation = ForeignKey(Recommendation, null=False, on_delete=R, index=True)
    period = ForeignKey(Period, null=False, on_delete=R, index=True)
    level = ForeignKey(RatingLevel, null=False, on_delete=R)
    source = Varchar(length=10, default=Source.SELF, choices=Source)
    # The document that issued a reviewer's rating (required for new reviewer ratings).
    document = ForeignKey(ReviewDocument, null=True, on_delete=R, index=True)
    narrative = Text(default="")
    assessed_by = ForeignKey(User, on_delete=R, null=True)
    assessed_at = Timestamptz(default=TimestamptzNow())


class Report(Table):
    """A self-assessment report: a draft is rebuilt from live data; a final one never changes."""

    id: Serial
    country = ForeignKey(Country, null=False, on_delete=R, index=True)
    mechanism = ForeignKey(Mechanism, on_delete=R, null=True)
    cycle = ForeignKey(Cycle, on_delete=R, null=True)
    period = ForeignKey(Period, null=False, on_delete=R)
    locale = Varchar(length=5, default="es")
    internal = Boolean(default=False)
    state = Varchar(length=12, default=ReportState.DRAFT, choices=ReportState, index=True)
    generated_by = ForeignKey(User, on_delete=R, null=True)
    generated_at = Timestamptz(null=True, default=None)
    file_sha256 = Varchar(length=64, default="", index=True)
    pages = Integer(null=True, default=None)
    snapshot = Text(default="")
    snapshot_sha256 = Varchar(length=64, default="", index=True)
    error = Text(default="")
    sent_to = Varchar(length=300, default="")
    sent_on = Date(null=True, default=None)
    transmittal_ref = Varchar(length=200, default="")
    version = Integer(default=1)
    # pending -> running -> ready | failed: what a page polls while a PDF is being built.
    render_state = Varchar(length=10, default=RenderState.PENDING, choices=RenderState)
    # When it was last queued (pending) or taken up (running): a rendering that a restart or
    # a dead worker interrupted is found by it and resumed.
    render_at = Timestamptz(null=True, default=None)
    # Attempts at rendering since it was last asked for: a failure is retried, with a growing
    # delay, until MAX_RENDER_ATTEMPTS (commitments.services.reports).
    render_attempts = Integer(default=0)
    # The renderer holding the draft (a random token per claim): only the rendering that holds
    # it may store its result, so one overtaken by a newer request leaves no stale PDF behind.
    render_claim = Varchar(length=32, default="")
    finalized_by = ForeignKey(User, on_delete=R, null=True)
    finalized_at = Timestamptz(null=True, default=None)
    # The audit event that finalized it: an anchor `audit verify` checks the chain against.
    audit_seq = Integer(null=True, default=None)
    audit_hash = Varchar(length=64, default="")
    # What it covers (mechanism|cycle|period|locale|public or internal): issuing a report of a
    # scope already issued makes the next edition, which supersedes the one before it.
    scope_key = Varchar(length=200, default="", index=True)
    edition = Integer(null=True, default=None)  # 1, 2, … once issued; unique per scope
    supersedes = Integer(null=True, default=None)  # id of the edition it replaces
    superseded_by = Integer(null=True, default=None)  # id of the edition that replaced it
    # Whether it prints civil society's assessments as an annex (chosen per report).
    civil_society_annex = Boolean(default=False)


class ReportSection(Table):
    """A section of a report the commission writes, in the report's language: editable while
    the report is a draft (each save bumps `version`; a stale version is refused), frozen in the
    snapshot at finalize. One row per report and authored key of its template."""

    id: Serial
    report = ForeignKey(Report, null=False, on_delete=OnDelete.cascade, index=True)
    key = Varchar(length=40)
    body = Text(default="")
    version = Integer(default=1)
    updated_by = ForeignKey(User, on_delete=R, null=True)
    updated_at = Timestamptz(null=True, default=None)


class Roundtable(Table):
    """A sectoral technical roundtable (mesa técnica) and its work plan. The plan's texts are
    kept in Spanish and, where the commission has written it, English; list fields hold one
    item per line. `code` is unique within the country (a unique index)."""

    id: Serial
    country = ForeignKey(Country, null=False, on_delete=R, index=True)
    code = Varchar(length=40)
    topic_es = Varchar(length=300)
    topic_en = Varchar(length=300, default="")
    general_objective_es = Text(default="")
    general_objective_en = Text(default="")
    specific_objectives_es = Text(default="")
    specific_objectives_en = Text(default="")
    diagnosis_es = Text(default="")
    diagnosis_en = Text(default="")
    products_es = Text(default="")
    products_en = Text(default="")
    methods_es = Text(default="")  # how the roundtable works ("Cómo lo hacemos")
    methods_en = Text(default="")
    purposes_es = Text(default="")  # what it is for ("Para qué lo queremos")
    purposes_en = Text(default="")
    resources_es = Text(default="")
    resources_en = Text(default="")
    duration_es = Varchar(length=200, default="")
    duration_en = Varchar(length=200, default="")
    coordinator = ForeignKey(User, on_delete=R, null=True)
    active = Boolean(default=True)
    sample = Boolean(default=False)
    version = Integer(default=1)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class RoundtableParticipant(Table):
    """An organisation taking part in a roundtable, by sector."""

    id: Serial
    roundtable = ForeignKey(Roundtable, null=False, on_delete=OnDelete.cascade, index=True)
    sector = Varchar(length=20, choices=Sector)
    organisation = Varchar(length=300)
    position = Integer(default=0)


class RoundtableActivity(Table):
    """An activity of a roundtable's work plan: who does it, when, and how far it got."""

    id: Serial
    roundtable = ForeignKey(Roundtable, null=False, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=0)
    description_es = Text()
    description_en = Text(default="")
    responsible = Varchar(length=300, default="")
    starts_on = Date(null=True, default=None)
    ends_on = Date(null=True, default=None)
    state = Varchar(length=20, default=ActivityState.PLANNED, choices=ActivityState)
    sample = Boolean(default=False)
    version = Integer(default=1)


class RoundtableRecommendation(Table):
    """A recommendation a roundtable serves (unique per pair)."""

    id: Serial
    roundtable = ForeignKey(Roundtable, null=False, on_delete=OnDelete.cascade, index=True)
    recommendation = ForeignKey(Recommendation, null=False, on_delete=OnDelete.cascade, index=True)


class ScorecardYear(Table):
    """One year of the annual transparency rating of the Executive: its methodology
    (indicators and weighted criteria), the agencies rated, their scores and the agencies'
    contests. Once published it never changes: `snapshot` holds the results (canonical JSON)
    and `snapshot_sha256` identifies them. One per country and year (a unique index)."""

    id: Serial
    country = ForeignKey(Country, null=False, on_delete=R, index=True)
    year = Integer()
    state = Varchar(length=12, default=ScorecardState.PREPARING, choices=ScorecardState, index=True)
    contest_opens_on = Date(null=True, default=None)
    contest_closes_on = Date(null=True, default=None)
    snapshot = Text(default="")
    snapshot_sha256 = Varchar(length=64, default="")
    published_by = ForeignKey(User, on_delete=R, null=True)
    published_at = Timestamptz(null=True, default=None)
    # Demo data: shown to signed-in users, marked, and never through the public doors.
    sample = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)


class ScorecardAgency(Table):
    """An agency rated in a year (chosen when the year is opened; unique per pair)."""

    id: Serial
    scorecard = ForeignKey(ScorecardYear, null=False, on_delete=OnDelete.cascade, index=True)
    agency = ForeignKey(Agency, null=False, on_delete=R, index=True)


class ScorecardIndicator(Table):
    """One of a year's indicators, with its weight in the total (code unique per year)."""

    id: Serial
    scorecard = ForeignKey(ScorecardYear, null=False, on_delete=OnDelete.cascade, index=True)
    code = Varchar(length=20)
    position = Integer(default=0)
    title_es = Varchar(length=300)
    title_en = Varchar(length=300, default="")
    weight = Integer(default=0)


class ScorecardCriterion(Table):
    """A criterion of an indicator, with its weight within it (code unique per year)."""

    id: Serial
    scorecard = ForeignKey(ScorecardYear, null=False, on_delete=OnDelete.cascade, index=True)
    indicator = ForeignKey(ScorecardIndicator, null=False, on_delete=R, index=True)
    code = Varchar(length=20)
    position = Integer(default=0)
    title_es = Varchar(length=300)
    title_en = Varchar(length=300, default="")
    description_es = Text(default="")
    description_en = Text(default="")
    weight = Integer(default=0)


class ScorecardScore(Table):
    """An evaluator's score (0-100) of one agency on one criterion, with a note and an
    evidence link (unique per criterion and agency)."""

    id: Serial
    scorecard = ForeignKey(ScorecardYear, null=False, on_delete=OnDelete.cascade, index=True)
    criterion = ForeignKey(ScorecardCriterion, null=False, on_delete=R, index=True)
    agency = ForeignKey(Agency, null=False, on_delete=R, index=True)
    score = Integer()
    note = Text(default="")
    evidence_url = Varchar(length=1000, default="")
    scored_by = ForeignKey(User, on_delete=R, null=True)
    scored_at = Timestamptz(null=True, default=None)
    version = Integer(default=1)


class ScorecardContest(Table):
    """An agency's objection to one of its draft scores (one per score), and the answer."""

    id: Serial
    scorecard = ForeignKey(ScorecardYear, null=False, on_delete=OnDelete.cascade, index=True)
    score = ForeignKey(ScorecardScore, null=False, on_delete=R, unique=True)
    agency = ForeignKey(Agency, null=False, on_delete=R, index=True)
    reason = Text()
    submitted_by = ForeignKey(User, on_delete=R, null=True)
    submitted_at = Timestamptz(null=True, default=None)
    state = Varchar(length=10, default=ContestState.OPEN, choices=ContestState, index=True)
    answer = Text(default="")
    answered_by = ForeignKey(User, on_delete=R, null=True)
    answered_at = Timestamptz(null=True, default=None)
    score_before = Integer(null=True, default=None)
    score_after = Integer(null=True, default=None)


class LoginAttempt(Table):
    """Sign-in attempts counted per key (an account on a client, a client, an account) in a
    window that starts at the first attempt: counted with one atomic upsert per key."""

    id: Serial
    key = Varchar(length=400, unique=True)
    first_at = Timestamptz()
    attempts = Integer(default=0)


class IdempotentRequest(Table):
    """An API write sent with an Idempotency-Key, and its answer once given (replayed for a
    repeat of the same request by the same caller for a day)."""

    id: Serial
    key = Varchar(length=64, unique=True)  # SHA-256 of the caller's credential and the key
    fingerprint = Varchar(length=64)  # SHA-256 of method, path, query and body
    created_at = Timestamptz()
    done = Boolean(default=False)
    status = Integer(null=True, default=None)
    headers = Text(default="")
    body = Text(default="")


class Mail(Table):
    """The outbox: a message is written in the same transaction as the event that causes it,
    then delivered by the sender (commitments.mail.sender). `key` names what it is about, so
    the same notice is never queued twice."""

    id: Serial
    key = Varchar(length=300, unique=True)
    kind = Varchar(length=20, choices=MailKind, index=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, null=True, index=True)
    to_email = Varchar(length=254)
    locale = Varchar(length=5, default="es")
    subject = Varchar(length=300)
    body_text = Text()
    body_html = Text()
    link = Varchar(length=1000, default="")
    created_at = Timestamptz()
    state = Varchar(length=10, default=MailState.QUEUED, choices=MailState, index=True)
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(index=True)
    claimed_at = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)
    last_error = Text(default="")


class Reminder(Table):
    """A reminder of one kind given for one assignment in one period: given once."""

    id: Serial
    key = Varchar(length=100, unique=True)  # kind:period:assignment
    assignment = ForeignKey(Assignment, null=False, on_delete=OnDelete.cascade, index=True)
    sent_at = Timestamptz()


class AuditEvent(Table):
    """Every change, hash-chained: hash = SHA-256(prev_hash + canonical JSON of the event)."""

    id: Serial
    seq = Integer(unique=True)
    at = Timestamptz(default=TimestamptzNow())
    # The country whose instance made the change (ISO 3166-1 alpha-2); empty before it was kept.
    country = Varchar(length=2, default="", index=True)
    actor = Varchar(length=254)
    action = Varchar(length=60, index=True)
    entity = Varchar(length=40, index=True)
    entity_id = Varchar(length=160, default="")
    before = Text(default="")
    after = Text(default="")
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64, unique=True)


class CivilSocietyAssessment(Table):
    """An organisation's own rating of a recommendation in a period, on the mechanism's scale:
    one per organisation, recommendation and period; only the organisation's members change it
    (each save bumps `version`), and the commission never does."""

    id: Serial
    recommendation = ForeignKey(Recommendation, null=False, on_delete=R, index=True)
    period = ForeignKey(Period, null=False, on_delete=R, index=True)
    organisation = ForeignKey(Organisation, null=False, on_delete=R, index=True)
    level = ForeignKey(RatingLevel, null=False, on_delete=R)
    narrative = Text(default="")
    evidence_urls = Text(default="")  # one web address per line
    version = Integer(default=1)
    created_by = ForeignKey(User, on_delete=R, null=True)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_by = ForeignKey(User, on_delete=R, null=True)
    updated_at = Timestamptz(default=TimestamptzNow())


class CivilSocietyReply(Table):
    """The commission's answer to an organisation's assessment, shown beside it (a row of its
    own: the commission writes here and never on the assessment)."""

    id: Serial
    assessment = ForeignKey(CivilSocietyAssessment, null=False, on_delete=R, unique=True)
    body = Text()
    assessment_version = Integer(default=1)  # the version of the assessment it answers
    replied_by = ForeignKey(User, on_delete=R, null=True)
    replied_at = Timestamptz(default=TimestamptzNow())
    version = Integer(default=1)


class Consultation(Table):
    """A draft report opened for public comment on the portal, from `opens_at` until
    `closes_at` (closing early moves `closes_at`). `revision` grows with every comment, answer,
    hidden comment and statement, so a rendering knows whether it is still current."""

    id: Serial
    report = ForeignKey(Report, null=False, on_delete=R, unique=True)
    opens_at = Timestamptz()
    closes_at = Timestamptz()
    opened_by = ForeignKey(User, on_delete=R, null=True)
    closed_by = ForeignKey(User, on_delete=R, null=True)  # set when closed before its end
    # Closed before its end (by a person or the command line): final, whatever a clock says
    # later, so a clock set back (or a rehearsal's) never reopens it.
    closed_early = Boolean(default=False)
    statement = Text(default="")  # how the comments were taken into account
    revision = Integer(default=1)


class ConsultationComment(Table):
    """A comment from anyone on a draft report in consultation: plain text, never markup. The
    commission may answer it, or hide it with a reason (the count of hidden ones stays public)."""

    id: Serial
    consultation = ForeignKey(Consultation, null=False, on_delete=R, index=True)
    author_name = Varchar(length=120, default="")
    author_email = Varchar(length=254, default="")  # never shown on the portal
    body = Text()
    created_at = Timestamptz()
    hidden = Boolean(default=False)
    hidden_reason = Text(default="")
    hidden_by = ForeignKey(User, on_delete=R, null=True)
    hidden_at = Timestamptz(null=True, default=None)
    reply = Text(default="")
    replied_by = ForeignKey(User, on_delete=R, null=True)
    replied_at = Timestamptz(null=True, default=None)

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from enum import Enum
from piccolo.columns.column_types import Varchar

ID = "2026-12-02T13:48:42:626068"
VERSION = "1.38.0"
DESCRIPTION = "named values as choices"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="commitments", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="Agency",
        tablename="agency",
        column_name="branch",
        db_column_name="branch",
        params={
            "choices": Enum(
                "Branch",
                {
                    "EXECUTIVE": "executive",
                    "LEGISLATIVE": "legislative",
                    "JUDICIAL": "judicial",
                    "AUTONOMOUS": "autonomous",
                    "OVERSIGHT": "oversight",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Assessment",
        tablename="assessment",
        column_name="source",
        db_column_name="source",
        params={
            "choices": Enum("Source", {"SELF": "self", "REVIEWER": "reviewer"})
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Assignment",
        tablename="assignment",
        column_name="role",
        db_column_name="role",
        params={
            "choices": Enum(
                "AssignmentRole", {"LEAD": "lead", "SUPPORT": "support"}
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Assignment",
        tablename="assignment",
        column_name="state",
        db_column_name="state",
        params={
            "choices": Enum(
                "AssignmentState",
                {
                    "PENDING": "pending",
                    "ANSWERED": "answered",
                    "RETURNED": "returned",
                    "ACCEPTED": "accepted",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Evidence",
        tablename="evidence",
        column_name="kind",
        db_column_name="kind",
        params={
            "choices": Enum(
                "EvidenceKind",
                {
                    "DOCUMENT": "document",
                    "LINK": "link",
                    "LAW": "law",
                    "DATASET": "dataset",
                    "IMAGE": "image",
                    "OTHER": "other",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Evidence",
        tablename="evidence",
        column_name="visibility",
        db_column_name="visibility",
        params={
            "choices": Enum(
                "Visibility", {"PUBLIC": "public", "INTERNAL": "internal"}
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Evidence",
        tablename="evidence",
        column_name="verification",
        db_column_name="verification",
        params={
            "choices": Enum(
                "Verification",
                {
                    "PENDING": "pending",
                    "VERIFIED": "verified",
                    "REJECTED": "rejected",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Membership",
        tablename="membership",
        column_name="role",
        db_column_name="role",
        params={
            "choices": Enum(
                "Role",
                {
                    "ADMIN": "admin",
                    "ANALYST": "analyst",
                    "FOCAL_POINT": "focal_point",
                    "REVIEWER": "reviewer",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="RatingLevel",
        tablename="rating_level",
        column_name="state",
        db_column_name="state",
        params={
            "choices": Enum(
                "State",
                {
                    "NOT_STARTED": "not_started",
                    "IN_PROGRESS": "in_progress",
                    "SUBSTANTIAL": "substantial",
                    "COMPLETE": "complete",
                    "NOT_APPLICABLE": "not_applicable",
                    "NOT_ASSESSED": "not_assessed",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="RecommendationLink",
        tablename="recommendation_link",
        column_name="kind",
        db_column_name="kind",
        params={
            "choices": Enum(
                "LinkKind",
                {
                    "RELATED": "related",
                    "SAME_REFORM": "same_reform",
                    "SUPERSEDES": "supersedes",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Report",
        tablename="report",
        column_name="state",
        db_column_name="state",
        params={
            "choices": Enum(
                "ReportState",
                {"DRAFT": "draft", "FINAL": "final", "SENT": "sent"},
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Report",
        tablename="report",
        column_name="render_state",
        db_column_name="render_state",
        params={
            "choices": Enum(
                "RenderState",
                {
                    "PENDING": "pending",
                    "RUNNING": "running",
                    "READY": "ready",
                    "FAILED": "failed",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Response",
        tablename="response",
        column_name="state",
        db_column_name="state",
        params={
            "choices": Enum(
                "ResponseState",
                {
                    "DRAFT": "draft",
                    "SUBMITTED": "submitted",
                    "RETURNED": "returned",
                    "ACCEPTED": "accepted",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from enum import Enum
from piccolo.columns.base import OnDelete
from piccolo.columns.base import OnUpdate
from piccolo.columns.column_types import Boolean
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.column_types import Serial
from piccolo.columns.column_types import Text
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class User(Table, tablename="app_user", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


ID = "2026-12-03T06:36:46:053362"
VERSION = "1.38.0"
DESCRIPTION = "True"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="commitments", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="Agency",
        tablename="agency",
        column_name="requires_signoff",
        db_column_name="requires_signoff",
        column_class_name="Boolean",
        column_class=Boolean,
        params={
            "default": False,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="Membership",
        tablename="membership",
        column_name="approver",
        db_column_name="approver",
        column_class_name="Boolean",
        column_class=Boolean,
        params={
            "default": False,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="Response",
        tablename="response",
        column_name="approval_comment",
        db_column_name="approval_comment",
        column_class_name="Text",
        column_class=Text,
        params={
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="Response",
        tablename="response",
        column_name="approved_at",
        db_column_name="approved_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="Response",
        tablename="response",
        column_name="approved_by",
        db_column_name="approved_by",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": User,
            "on_delete": OnDelete.restrict,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.alter_column(
        table_class_name="Mail",
        tablename="mail",
        column_name="kind",
        db_column_name="kind",
        params={
            "choices": Enum(
                "MailKind",
                {
                    "ASSIGNED": "assigned",
                    "RETURNED": "returned",
                    "ACCEPTED": "accepted",
                    "DUE_7": "due_7",
                    "DUE_1": "due_1",
                    "OVERDUE": "overdue",
                    "ESCALATION": "escalation",
                    "DIGEST": "digest",
                    "PERIOD_OPENED": "period_opened",
                    "PERIOD_CLOSING": "period_closing",
                    "PASSWORD_RESET": "password_reset",
                    "TO_APPROVE": "to_approve",
                    "SENT_BACK": "sent_back",
                },
            )
        },
        old_params={
            "choices": Enum(
                "MailKind",
                {
                    "ASSIGNED": "assigned",
                    "RETURNED": "returned",
                    "ACCEPTED": "accepted",
                    "DUE_7": "due_7",
                    "DUE_1": "due_1",
                    "OVERDUE": "overdue",
                    "ESCALATION": "escalation",
                    "DIGEST": "digest",
                    "PERIOD_OPENED": "period_opened",
                    "PERIOD_CLOSING": "period_closing",
                    "PASSWORD_RESET": "password_reset",
                },
            )
        },
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
                    "TO_APPROVE": "to_approve",
                    "SUBMITTED": "submitted",
                    "RETURNED": "returned",
                    "ACCEPTED": "accepted",
                },
            )
        },
        old_params={
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
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager

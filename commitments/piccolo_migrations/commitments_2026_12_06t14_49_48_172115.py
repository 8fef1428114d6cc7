from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from enum import Enum
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T14:49:48:172115"
VERSION = "1.38.0"
DESCRIPTION = ""


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="commitments", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="Report",
        tablename="report",
        column_name="render_attempts",
        db_column_name="render_attempts",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": 0,
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
                    "RETRYING": "retrying",
                    "READY": "ready",
                    "FAILED": "failed",
                },
            )
        },
        old_params={
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
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager

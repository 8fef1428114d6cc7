from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-06T14:46:05:554166"
VERSION = "1.38.0"
DESCRIPTION = "translation slots replace text_translated"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="commitments", description=DESCRIPTION
    )

    manager.drop_column(
        table_class_name="Recommendation",
        tablename="recommendation",
        column_name="text_translated",
        db_column_name="text_translated",
        schema=None,
    )

    return manager

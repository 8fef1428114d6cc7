"""Editions of a report: every report gets its scope key, each issued one its edition in the
order it was finalized (the later supersedes the earlier), and one edition per scope is held by
a unique index (drafts have none: NULLs never collide)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.conf.apps import Finder

ID = "2026-12-03T12:26:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "report editions: scope keys, editions, supersession"

INDEX = 'CREATE UNIQUE INDEX report_country_scope_edition_key ON "report" ("country", "scope_key", "edition")'


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="commitments", description=DESCRIPTION)

    async def run():
        from commitments.services.reports import scope_key
        from commitments.tables import Report

        rows = await Report.select(
            Report.id,
            Report.country,
            Report.state,
            Report.locale,
            Report.internal,
            Report.finalized_at,
            Report.mechanism._.code.as_alias("mechanism_code"),
            Report.cycle._.code.as_alias("cycle_code"),
            Report.period._.code.as_alias("period_code"),
        ).order_by(Report.id)
        latest: dict[tuple[int, str], dict] = {}
        for row in rows:
            key = scope_key(
                row["mechanism_code"], row["cycle_code"], row["period_code"], row["locale"], row["internal"]
            )
            values = {Report.scope_key: key}
            if row["state"] in ("final", "sent"):
                before = latest.get((row["country"], key))
                values[Report.edition] = before["edition"] + 1 if before else 1
                if before:
                    values[Report.supersedes] = before["id"]
                    await Report.update({Report.superseded_by: row["id"]}).where(Report.id == before["id"])
                latest[(row["country"], key)] = {"id": row["id"], "edition": values[Report.edition]}
            await Report.update(values).where(Report.id == row["id"])
        await Finder().get_engine().run_ddl(INDEX)

    manager.add_raw(run)
    return manager

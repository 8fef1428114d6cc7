"""The one clock: today in the configured zone, pinned in tests and in the processes they start,
and used for every timestamp the services write."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from commitments import clock
from commitments.i18n import format_datetime
from commitments.schemas import AssessmentIn, AssignmentIn, PeriodIn
from commitments.services.assessments import record_assessment
from commitments.services.assignments import assign
from commitments.services.periods import create_period
from commitments.settings import Settings
from commitments.tables import Assessment, Assignment, AuditEvent, Recommendation
from tests.clirun import init_demo, run_cli
from tests.report_helpers import OGP_ITEM

GUATEMALA = ZoneInfo("America/Guatemala")


def test_today_is_the_configured_zones_day_not_utcs():
    # 23:30 in Guatemala is already the next day in UTC.
    with clock.pinned(dt.datetime(2027, 3, 1, 23, 30, tzinfo=GUATEMALA)):
        assert clock.now().date() == dt.date(2027, 3, 2)
        assert clock.today() == dt.date(2027, 3, 1)


def test_a_pinned_clock_keeps_ticking_from_where_it_was_set():
    at = dt.datetime(2031, 1, 1, 8, 0, tzinfo=dt.UTC)
    with clock.pinned(at):
        first = clock.now()
        second = clock.now()
    assert at <= first <= second < at + dt.timedelta(seconds=5)
    assert clock.now() < at  # unpinned again: back to the suite's clock


def test_a_naive_pin_is_refused():
    with pytest.raises(ValueError), clock.pinned(dt.datetime(2027, 1, 1)):
        pass


def test_clock_start_without_offset_is_read_in_the_configured_zone():
    settings = Settings(clock_at="2027-01-15T09:00:00", timezone="America/Guatemala")
    assert settings.clock_at == dt.datetime(2027, 1, 15, 15, 0, tzinfo=dt.UTC)


def test_an_unknown_time_zone_is_a_clear_error():
    with pytest.raises(ValidationError, match="IANA time zone"):
        Settings(timezone="Mars/Olympus_Mons")


def test_times_are_shown_in_the_configured_zone_with_its_offset():
    at = dt.datetime(2026, 12, 2, 13, 6, tzinfo=dt.UTC)
    # Babel separates "a. m." with no-break spaces; compare words.
    assert format_datetime(at, "es").split() == ["2/12/2026,", "7:06:00", "a.", "m.", "GMT-06:00"]
    assert format_datetime(at, "en").split() == ["Dec", "2,", "2026,", "7:06:00", "AM", "GMT-06:00"]


async def test_services_stamp_what_they_write_with_the_clock(cast):
    analyst = cast["analyst"]
    rec = await Recommendation.select(Recommendation.id).where(Recommendation.code == OGP_ITEM).first()
    period = PeriodIn(
        code="2031-S1",
        starts_on=dt.date(2031, 1, 1),
        ends_on=dt.date(2031, 6, 30),
        response_deadline=dt.date(2031, 7, 15),
    )
    with clock.pinned(dt.datetime(2031, 5, 4, 9, 0, tzinfo=GUATEMALA)):
        await create_period(analyst, period)
        assignment_id = await assign(analyst, rec["id"], AssignmentIn(agency="SEGEPLAN", role="support"))
        await record_assessment(analyst, rec["id"], AssessmentIn(period="2031-S1", level="limited"))
    created = await Assignment.select(Assignment.created_at).where(Assignment.id == assignment_id).first()
    assessed = (
        await Assessment.select(Assessment.assessed_at)
        .where(Assessment.recommendation == rec["id"])
        .order_by(Assessment.id, ascending=False)
        .first()
    )
    last_event = await AuditEvent.select(AuditEvent.at).order_by(AuditEvent.seq, ascending=False).first()
    for stamp in (created["created_at"], assessed["assessed_at"], last_event["at"]):
        assert clock.local_date(stamp) == dt.date(2031, 5, 4)


@pytest.mark.engine_independent
def test_a_command_runs_on_the_clock_it_is_started_with(cli_env):
    env = {**cli_env, "COMMITMENTS_CLOCK_AT": "2031-03-04T10:00:00-06:00"}
    assert init_demo(env).returncode == 0
    exported = run_cli(env, "export", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    days = {r["last_assessment_on"] for r in json.loads(exported.stdout)["recommendations"]}
    assert "2031-03-04" in days

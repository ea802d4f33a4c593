"""When a job is due: the latest scheduled time since its last start, in the district's time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from carbonpeak.jobs.schedule import Schedule, ScheduleError, parse, schedules

SH = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


def test_a_daily_job_is_due_once_after_its_time() -> None:
    daily = Schedule("supervision.remind", "0 8 * * *")
    assert daily.due(None, at("2026-12-06 07:00"), SH)  # never run: due
    assert not daily.due(at("2026-12-06 08:00:05"), at("2026-12-06 20:00"), SH)  # ran at 08:00
    assert daily.due(at("2026-12-05 08:00:05"), at("2026-12-06 08:00"), SH)  # 08:00 exactly counts
    assert not daily.due(at("2026-12-05 08:00:05"), at("2026-12-06 07:59"), SH)


def test_a_loop_that_was_stopped_runs_a_missed_job_once() -> None:
    hourly = Schedule("indicators.warn", "10 * * * *")
    last = at("2026-12-06 01:10")
    assert hourly.previous(at("2026-12-06 05:30"), SH) == at("2026-12-06 05:10")
    assert hourly.due(last, at("2026-12-06 05:30"), SH)
    assert not hourly.due(at("2026-12-06 05:30"), at("2026-12-06 06:09"), SH)


def test_schedules_are_in_local_time_whatever_the_clock_zone() -> None:
    daily = Schedule("x", "0 8 * * *")
    utc_now = datetime(2026, 12, 6, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai
    assert daily.previous(utc_now, SH) == at("2026-12-06 08:00")
    assert daily.following(utc_now, SH) == at("2026-12-07 08:00")


def test_the_bundled_schedules_name_every_job() -> None:
    from carbonpeak.jobs.catalogue import JOBS

    assert [s.job for s in schedules().jobs] == [j.name for j in JOBS]
    for s in schedules().jobs:
        assert s.following(at("2026-12-06 00:00"), SH) - at("2026-12-06 00:00") <= timedelta(days=1)


@pytest.mark.parametrize(("raw", "field"), [
    ({"jobs": {"a": {"cron": "61 * * * *"}}}, "jobs.a.cron"),
    ({"jobs": {"a": {}}}, "jobs.a.cron"),
    ({"jobs": {}}, "jobs"),
    ({"time_zone": "Mars/Olympus", "jobs": {"a": {"cron": "* * * * *"}}}, "time_zone"),
])
def test_a_bad_schedule_names_its_field(raw: dict[str, object], field: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse(raw)
    assert caught.value.field == field

"""When periodic jobs are due, from the cron expressions of `schedules.yaml`.

Pure module (no Django). A job is due when its latest scheduled time at or before now is later
than its last start: a loop that was stopped over a scheduled time runs the job once when it comes
back, not once per missed time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from croniter import croniter

from carbonpeak.common.localtime import TIME_ZONE
from carbonpeak.common.yaml_files import parse_yaml

SCHEDULES_FILE = Path(__file__).with_name("schedules.yaml")


class ScheduleError(ValueError):
    def __init__(self, field: str, reason: str):
        self.field, self.reason = field, reason
        super().__init__(f"{field}: {reason}")


@dataclass(frozen=True)
class Schedule:
    job: str
    cron: str

    def previous(self, now: datetime, zone: ZoneInfo) -> datetime:
        """The latest scheduled time at or before `now` (aware)."""
        # croniter's get_prev is strictly before its start: start a second later to include `now`.
        prev: datetime = croniter(self.cron, now.astimezone(zone) + timedelta(seconds=1)).get_prev(datetime)
        return prev

    def following(self, now: datetime, zone: ZoneInfo) -> datetime:
        nxt: datetime = croniter(self.cron, now.astimezone(zone)).get_next(datetime)
        return nxt

    def due(self, last_started: datetime | None, now: datetime, zone: ZoneInfo) -> bool:
        return last_started is None or self.previous(now, zone) > last_started


@dataclass(frozen=True)
class Schedules:
    zone: ZoneInfo
    jobs: tuple[Schedule, ...]

    def of(self, job: str) -> Schedule:
        for s in self.jobs:
            if s.job == job:
                return s
        raise ScheduleError("job", f"没有名为 {job} 的定时任务 / no job named {job}")


def parse(raw: Mapping[str, Any]) -> Schedules:
    """Check a schedules document: a known time zone and a valid cron expression per job."""
    try:
        zone = ZoneInfo(str(raw.get("time_zone", TIME_ZONE)))
    except (KeyError, ValueError) as exc:
        raise ScheduleError("time_zone", f"未知时区 / unknown time zone ({exc})") from exc
    jobs = raw.get("jobs")
    if not isinstance(jobs, Mapping) or not jobs:
        raise ScheduleError("jobs", "应列出定时任务 / must list the jobs")
    out = []
    for name, spec in jobs.items():
        cron = spec.get("cron") if isinstance(spec, Mapping) else None
        if not isinstance(cron, str) or not croniter.is_valid(cron):
            raise ScheduleError(f"jobs.{name}.cron", f"不是有效的 cron 表达式 / not a valid cron expression: {cron!r}")
        out.append(Schedule(str(name), cron))
    return Schedules(zone, tuple(out))


@cache
def schedules() -> Schedules:
    return parse(parse_yaml(SCHEDULES_FILE.read_text(encoding="utf-8")))

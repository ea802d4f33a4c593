"""What the 运行状态 page and the API show of each job: schedule, latest run, next time due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from carbonpeak.jobs.catalogue import JOBS, Job
from carbonpeak.jobs.models import JobLock, JobRun
from carbonpeak.jobs.schedule import schedules


@dataclass(frozen=True)
class JobState:
    job: Job
    cron: str
    last: JobRun | None
    next_due: dt.datetime
    running: bool


def job_states(now: dt.datetime | None = None) -> list[JobState]:
    at = now or timezone.now()
    table = schedules()
    # One small query per job: the history grows by hundreds of runs a day, never read it whole.
    latest = {job.name: JobRun.objects.filter(job=job.name).order_by("-started", "-id").first() for job in JOBS}
    running = set(JobLock.objects.filter(expires__gte=at).values_list("job", flat=True))
    out = []
    for job in JOBS:
        schedule = table.of(job.name)
        out.append(JobState(job, schedule.cron, latest.get(job.name), schedule.following(at, table.zone),
                            job.name in running))
    return out

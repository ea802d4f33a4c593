"""REST API of the periodic jobs (/api/v1/jobs…): the jobs with their schedule and latest run, the
runs, and running a job now (the office)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from carbonpeak.audit import actors
from carbonpeak.common.problems import InputRefused, NotAllowed, WrongState
from carbonpeak.jobs import runner
from carbonpeak.jobs.models import JobRun, Trigger
from carbonpeak.jobs.status import job_states
from carbonpeak.people.permissions import Permission, can

router = Router(tags=["jobs"])
MAX_RUNS = 500


class RunOut(Schema):
    id: int
    job: str
    trigger: str
    as_of: dt.date
    started: dt.datetime
    finished: dt.datetime | None
    outcome: str
    counts: dict[str, Any]
    changed: int
    error: str
    actor: str


class JobOut(Schema):
    name: str
    label: str
    cron: str
    next_due: dt.datetime
    running: bool
    last_run: RunOut | None


class RunsFilter(Schema):
    job: str | None = None
    limit: int = 100


def run_out(r: JobRun) -> RunOut:
    return RunOut(id=r.pk, job=r.job, trigger=r.trigger, as_of=r.as_of, started=r.started, finished=r.finished,
                  outcome=r.outcome, counts=r.counts, changed=r.changed, error=r.error, actor=r.actor_label)


def _need(request: HttpRequest, permission: Permission) -> None:
    if not can(request.user, permission):
        raise NotAllowed.one("permission", "无权访问 / not allowed")


@router.get("/jobs", response=list[JobOut])
def list_jobs(request: HttpRequest) -> list[JobOut]:
    _need(request, Permission.VIEW_JOBS)
    return [JobOut(name=s.job.name, label=str(s.job.label), cron=s.cron, next_due=s.next_due, running=s.running,
                   last_run=run_out(s.last) if s.last else None) for s in job_states()]


@router.get("/jobs/runs", response={200: list[RunOut]})
def list_runs(request: HttpRequest, filters: Query[RunsFilter]) -> Any:
    _need(request, Permission.VIEW_JOBS)
    if not 1 <= filters.limit <= MAX_RUNS:
        raise InputRefused.one("limit", f"应为 1–{MAX_RUNS} / must be 1–{MAX_RUNS}")
    runs = JobRun.objects.all()
    if filters.job:
        try:
            runner.check_names([filters.job])
        except runner.UnknownJob as exc:
            raise InputRefused.one(exc.field, exc.reason) from exc
        runs = runs.filter(job=filters.job)
    return Status(200, [run_out(r) for r in runs[: filters.limit]])


@router.post("/jobs/{name}/run", response={200: RunOut})
def run_now(request: HttpRequest, name: str) -> Any:
    _need(request, Permission.RUN_JOBS)
    try:
        [job] = runner.check_names([name])
    except runner.UnknownJob as exc:
        raise InputRefused.one(exc.field, exc.reason) from exc
    result = runner.run_job(job, trigger=Trigger.ONCE, actor_label=actors.of_request(request))
    if result.run_id is None:
        raise WrongState.one("job", "该任务正在运行 / the job is already running")
    return Status(200, run_out(JobRun.objects.get(pk=result.run_id)))

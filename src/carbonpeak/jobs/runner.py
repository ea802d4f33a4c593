"""Running the periodic jobs: each under a database lock, each run recorded as a JobRun.

A failing job is recorded with its error and the others still run. Two loops (or a loop and the
office's 立即运行) never run the same job at once: the lock is a row keyed by the job, inserted in
its own transaction, which SQLite and PostgreSQL both refuse to insert twice.
docs/operations.md says how to run the loop in production.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from carbonpeak.jobs.catalogue import BY_NAME, JOBS, Job, JobContext
from carbonpeak.jobs.models import JobLock, JobRun, Outcome, Trigger
from carbonpeak.jobs.schedule import ScheduleError, schedules

log = logging.getLogger(__name__)
# A run longer than this is taken for a dead process and its lock may be taken over.
LOCK_TTL = dt.timedelta(hours=2)
ERROR_CHARS = 4000  # the tail of a traceback kept on the run


class UnknownJob(ScheduleError):
    pass


def check_names(names: Iterable[str] | None) -> list[Job]:
    """The jobs asked for, in the order of a pass; an unknown name is refused with the known ones."""
    if not names:
        return list(JOBS)
    wanted = list(names)
    for n in wanted:
        if n not in BY_NAME:
            known = ", ".join(BY_NAME)
            raise UnknownJob("job", f"没有名为 {n} 的定时任务，可选：{known} / no job named {n}; known: {known}")
    return [BY_NAME[j.name] for j in JOBS if j.name in wanted]


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def acquire(job: str, now: dt.datetime, holder: str) -> bool:
    """Take the job's lock (or one left past its expiry by a dead process); False if it is held."""
    with transaction.atomic():
        JobLock.objects.filter(job=job, expires__lt=now).delete()
    try:
        with transaction.atomic():
            JobLock.objects.create(job=job, holder=holder, acquired=now, expires=now + LOCK_TTL)
    except IntegrityError:
        return False
    return True


def release(job: str, holder: str) -> None:
    JobLock.objects.filter(job=job, holder=holder).delete()


@dataclass(frozen=True)
class RunResult:
    job: str
    outcome: str  # ok, failed, or "locked" when another process was running it (no JobRun made)
    counts: dict[str, object]
    changed: int
    error: str = ""
    run_id: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {"job": self.job, "outcome": self.outcome, "counts": self.counts, "changed": self.changed,
                "error": self.error, "run": self.run_id}


def _context(as_of: dt.date | None, actor_label: str) -> JobContext:
    now = timezone.now()
    day = as_of or timezone.localdate(now)
    if as_of is not None and as_of != timezone.localdate(now):
        # A day asked for: the job sees the end of that day (the alerts judge "now").
        zone = timezone.get_current_timezone()
        now = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=zone) - dt.timedelta(seconds=1)
    return JobContext(day, now, actor_label)


def run_job(job: Job, *, as_of: dt.date | None = None, trigger: Trigger = Trigger.ONCE,
            actor_label: str) -> RunResult:
    """Run one job now under its lock and record the run; never raises for the job's own errors."""
    ctx = _context(as_of, actor_label)
    holder = _holder()
    started = timezone.now()
    if not acquire(job.name, started, holder):
        return RunResult(job.name, "locked", {}, 0)
    try:
        run = JobRun.objects.create(job=job.name, trigger=trigger, as_of=ctx.as_of, started=started,
                                    actor_label=actor_label[:200])
        try:
            counts = dict(job.run(ctx))
        except Exception as exc:  # a failing job is recorded and the others still run
            log.exception("job %s failed", job.name)
            text = "".join(traceback.format_exception(exc))[-ERROR_CHARS:]
            run.outcome, run.error, run.finished = Outcome.FAILED, text or repr(exc), timezone.now()
            run.save(update_fields=["outcome", "error", "finished"])
            return RunResult(job.name, Outcome.FAILED.value, {}, 0, f"{type(exc).__name__}: {exc}"[:500], run.pk)
        run.counts, run.changed = counts, job.changed(counts)
        run.outcome, run.finished = Outcome.OK, timezone.now()
        run.save(update_fields=["counts", "changed", "outcome", "finished"])
        return RunResult(job.name, Outcome.OK.value, counts, run.changed, "", run.pk)
    finally:
        release(job.name, holder)


def run_all(jobs: Sequence[Job], *, as_of: dt.date | None = None, trigger: Trigger = Trigger.ONCE,
            actor_label: str, progress: Callable[[str], None] | None = None) -> list[RunResult]:
    out = []
    for job in jobs:
        if progress is not None:
            progress(job.name)
        out.append(run_job(job, as_of=as_of, trigger=trigger, actor_label=actor_label))
    return out


def last_starts() -> dict[str, dt.datetime]:
    """Each job's latest start (any trigger), for the schedule."""
    rows = JobRun.objects.values("job").annotate(last=Max("started")).order_by()
    return {r["job"]: r["last"] for r in rows}


def due_jobs(jobs: Sequence[Job], now: dt.datetime) -> list[Job]:
    table, last = schedules(), last_starts()
    return [j for j in jobs if table.of(j.name).due(last.get(j.name), now, table.zone)]


def run_due(jobs: Sequence[Job], *, actor_label: str) -> list[RunResult]:
    """One pass of the loop: the jobs whose scheduled time has come since they last started."""
    return run_all(due_jobs(jobs, timezone.now()), trigger=Trigger.SCHEDULE, actor_label=actor_label)


def next_due(jobs: Sequence[Job], now: dt.datetime) -> dt.datetime:
    table = schedules()
    return min(table.of(j.name).following(now, table.zone) for j in jobs)


def loop(jobs: Sequence[Job], *, actor_label: str, report: Callable[[list[RunResult]], None],
         stop: Callable[[], bool] = lambda: False, max_sleep_s: float = 60.0) -> None:
    """Run due jobs, sleep until the next scheduled time (at most a minute, so a changed clock or a
    stop is seen), again, until `stop()`."""
    while not stop():
        results = run_due(jobs, actor_label=actor_label)
        if results:
            report(results)
        wait = (next_due(jobs, timezone.now()) - timezone.now()).total_seconds()
        time.sleep(min(max(wait, 1.0), max_sleep_s))

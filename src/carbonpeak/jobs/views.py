"""运行状态: the periodic jobs, their schedule, latest runs and failures; the office runs one now."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from carbonpeak.audit import actors
from carbonpeak.jobs import runner
from carbonpeak.jobs.models import JobRun, Outcome, Trigger
from carbonpeak.jobs.status import job_states
from carbonpeak.people.permissions import Permission, can, require

RECENT = 50


@require_GET
@login_required
@require(Permission.VIEW_JOBS)
def status(request: HttpRequest) -> HttpResponse:
    job = request.GET.get("job", "")
    runs = JobRun.objects.all()
    if job:
        runs = runs.filter(job=job)
    labels = {s.job.name: s.job.label for s in job_states()}
    return render(request, "jobs/status.html", {
        "states": job_states(), "runs": list(runs[:RECENT]), "labels": labels, "job": job,
        "failed": JobRun.objects.filter(outcome=Outcome.FAILED).count(),
        "may_run": can(request.user, Permission.RUN_JOBS),
    })


@require_POST
@login_required
@require(Permission.RUN_JOBS)
def run_now(request: HttpRequest, name: str) -> HttpResponse:
    try:
        [job] = runner.check_names([name])
    except runner.UnknownJob:
        messages.error(request, _("There is no such job."))
        return redirect("jobs:status")
    result = runner.run_job(job, trigger=Trigger.ONCE, actor_label=actors.of_request(request))
    if result.outcome == "locked":
        messages.warning(request, _("“%(job)s” is already running; try again when it has finished.")
                         % {"job": job.label})
    elif result.outcome == Outcome.FAILED:
        messages.error(request, _("“%(job)s” failed; the error is recorded below.") % {"job": job.label})
    else:
        messages.success(request, _("“%(job)s” ran: %(n)s change(s).") % {"job": job.label, "n": result.changed})
    return redirect("jobs:status")

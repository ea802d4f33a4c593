"""Runs of the periodic jobs (运行状态) and the database lock that keeps two loops off one job."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    RUNNING = "running", _("Running")
    OK = "ok", _("Succeeded")
    FAILED = "failed", _("Failed")


class Trigger(models.TextChoices):
    SCHEDULE = "schedule", _("On schedule")
    ONCE = "once", _("By hand")


class JobRun(models.Model):
    """One run of one job: when, how it ended, what it changed (counts) and the error, if any."""

    job = models.CharField(max_length=60)
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    as_of = models.DateField()
    started = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    counts = models.JSONField(default=dict, blank=True)
    # The sum of the counts that are changes (opened, created, updated …), so "nothing changed" is one number.
    changed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    actor_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-started", "-id"]
        indexes = [models.Index(fields=["job", "-started"], name="jobrun_job_started")]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="jobrun_outcome_valid"),
            models.CheckConstraint(condition=Q(trigger__in=Trigger.values), name="jobrun_trigger_valid"),
            models.CheckConstraint(condition=~Q(outcome=Outcome.FAILED) | ~Q(error=""), name="jobrun_failure_says_why"),
            models.CheckConstraint(condition=Q(outcome=Outcome.RUNNING) | Q(finished__isnull=False),
                                   name="jobrun_finished_when_ended"),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.started:%Y-%m-%d %H:%M} {self.outcome}"


class JobLock(models.Model):
    """A job being run: the row exists while a run holds it (primary key = the job, so a second
    INSERT fails on SQLite and PostgreSQL alike). A lock past `expires` was left by a dead process."""

    job = models.CharField(max_length=60, primary_key=True)
    holder = models.CharField(max_length=200)
    acquired = models.DateTimeField()
    expires = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.job} ← {self.holder}"

"""Dispatch rounds (调度), the progress reports they ask for, their history, evidence and notices.

The workflow itself (who may move a report where) is the pure module `workflow.py`; these
models keep its state, with invariants the database can hold.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carbonpeak.plan.models import Department, Plan, Task
from carbonpeak.supervision.periods import round_title

# Re-exported: rooms below supervision read reports through its models (plan.task_progress).
from carbonpeak.supervision.workflow import ReportKind as ReportKind
from carbonpeak.supervision.workflow import ReportStatus as ReportStatus
from carbonpeak.supervision.workflow import Step
from carbonpeak.supervision.workflow import TaskProgress as TaskProgress

LABELS: dict[str, Any] = {
    ReportKind.CONTRIBUTION: _("contribution"), ReportKind.CONSOLIDATED: _("consolidated report"),
    ReportStatus.DRAFT: _("Draft"), ReportStatus.SUBMITTED: _("Submitted"),
    ReportStatus.RETURNED: _("Returned"), ReportStatus.APPROVED: _("Approved"),
    TaskProgress.NOT_STARTED: _("not started"), TaskProgress.IN_PROGRESS: _("in progress"),
    TaskProgress.COMPLETED: _("completed"), TaskProgress.ON_SCHEDULE: _("ongoing as planned"),
    TaskProgress.BEHIND: _("behind"),
    Step.SAVE: _("saved"), Step.SUBMIT: _("submitted"), Step.RETURN: _("returned"), Step.APPROVE: _("approved"),
}


def _choices(enum: type) -> list[tuple[str, Any]]:
    return [(m.value, LABELS.get(m, m.value)) for m in enum]  # type: ignore[attr-defined]


PROGRESS_CHOICES = _choices(TaskProgress)


class Round(models.Model):
    """One dispatch round: the office asks the responsible departments to report by a date."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=100)  # 2025年第三季度
    due_on = models.DateField()
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    tasks = models.ManyToManyField(Task, related_name="rounds")

    class Meta:
        ordering = ["-due_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="round_code_unique_in_plan")]

    def __str__(self) -> str:
        return self.name

    def title(self, *, english: bool) -> str:
        """The name as a reader of that language reads it (periods.round_title: 2026年上半年 is "first half of
        2026" in English; a name the office typed stays as typed). A method here so the rooms below read it
        through the model (plan's task-list export)."""
        return round_title(self.code, self.name, english=english)


class Report(models.Model):
    """A department's report on one task in one round: a contribution (配合) or the task's
    consolidated report (牵头)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reports")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(max_length=12, choices=_choices(ReportKind))
    # Due reports are created when the round opens; a member of a collective (各镇…) may add
    # an optional contribution, which is not counted as due.
    due = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=_choices(ReportStatus), default=ReportStatus.DRAFT.value)
    progress = models.CharField(max_length=12, choices=_choices(TaskProgress), blank=True)
    narrative = models.TextField(blank=True)
    milestones = models.TextField(blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    times_returned = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "task__number", "kind", "department__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "task", "department"], name="one_report_per_department"),
            models.UniqueConstraint(
                fields=["round", "task"],
                condition=Q(kind=ReportKind.CONSOLIDATED.value),
                name="one_consolidated_report",
            ),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in ReportKind]), name="report_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ReportStatus]), name="report_status_valid"
            ),
            # Nothing leaves draft without saying how the task stands.
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT.value) | ~Q(progress=""), name="submitted_report_has_progress"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · 任务{self.task.number} · {self.department}"


class ReportEvent(models.Model):
    """Every step of a report: who, when, from which status to which, with the comment."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=200)
    step = models.CharField(max_length=10, choices=_choices(Step))
    from_status = models.CharField(max_length=10, choices=_choices(ReportStatus))
    to_status = models.CharField(max_length=10, choices=_choices(ReportStatus))
    comment = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.step}"


class ReportQuantity(models.Model):
    """A quantitative contribution a report states for an indicator linked to its task (e.g. 12 MW
    of new rooftop PV), kept in the indicator's unit so indicator observations can take it up."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="quantities")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, related_name="report_quantities")
    value = models.FloatField()  # as entered
    unit = models.CharField(max_length=30)  # as entered (a units.UNITS code)
    value_in_indicator_unit = models.FloatField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["report", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="one_quantity_per_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.value} {self.unit}"


def _evidence_path(instance: Evidence, filename: str) -> str:
    # The stored name is the content hash: no user-chosen path ever reaches the disk.
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(models.Model):
    """A file attached to a report; stored outside the static tree and served only through a
    view that checks who may see the report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["report", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class NoticeKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    OVERDUE = "overdue", _("Overdue")
    RETURNED = "returned", _("Returned")
    DEADLINE = "deadline", _("Deadline near")
    INDICATOR_WARNING = "indicator_warning", _("Indicator warning")


class Notice(models.Model):
    """An in-app notice (reminder, overdue, returned report…) to a department; `key` makes
    each notice unique, so a reminder job run twice sends nothing twice."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="notices")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    text = models.TextField()
    # Where the notice leads (a warning, a page) when it is not about a report.
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A superseded reminder is stored (so it is never sent later) but not shown.
    shown = models.BooleanField(default=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Notice")

    def __str__(self) -> str:
        return self.text[:60]

    def email(self) -> bool:
        """Mail the notice to its department's active users with an address; False when there is none."""
        users = get_user_model().objects.filter(profile__department=self.department, is_active=True).exclude(email="")
        addresses = [u.email for u in users]
        if not addresses:
            return False
        send_mail(f"[CarbonPeak] {self.text[:60]}", self.text, settings.DEFAULT_FROM_EMAIL, addresses)
        self.emailed_at = timezone.now()
        self.save(update_fields=["emailed_at"])
        return True

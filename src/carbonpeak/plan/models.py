"""The plan as the product holds it: plan, actions, measures, departments, tasks.

Invariants live in the database as well as in the loader, so no code path can store a
task without a lead department (Task.lead is NOT NULL) or list a body twice on a task.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from carbonpeak.plan import vocabulary as v


def _in_english() -> bool:
    return (get_language() or "").startswith("en")


class DepartmentKind(models.TextChoices):
    DISTRICT_BUREAU = v.DepartmentKind.DISTRICT_BUREAU, _("District bureau")
    PARTY_BODY = v.DepartmentKind.PARTY_BODY, _("Party body")
    STATE_AGENCY = v.DepartmentKind.STATE_AGENCY, _("Vertically managed agency")
    TOWN = v.DepartmentKind.TOWN, _("Town")
    STREET = v.DepartmentKind.STREET, _("Sub-district")
    PARK = v.DepartmentKind.PARK, _("Park")
    COMPANY = v.DepartmentKind.COMPANY, _("Company")
    COLLECTIVE = v.DepartmentKind.COLLECTIVE, _("Group of bodies")


class TimeNode(models.TextChoices):
    ONGOING = v.TimeNode.ONGOING, _("Ongoing")
    BY_2025 = v.TimeNode.BY_2025, _("By 2025")


class ResponsibilityRole(models.TextChoices):
    LEAD = v.ResponsibilityRole.LEAD, _("Lead")
    CO = v.ResponsibilityRole.CO, _("Co-responsible")


class Plan(models.Model):
    """碳达峰实施方案: one district's plan document."""

    public_fields: ClassVar[tuple[str, ...]] = (
        "code", "title", "title_en", "document_number", "issuer", "issued_on", "base_year",
    )

    code = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    document_number = models.CharField(max_length=100)
    issuer = models.CharField(max_length=200)
    issuer_en = models.CharField(max_length=200, blank=True)
    issued_on = models.DateField()
    base_year = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=300, blank=True)
    # The accounting factor set the plan's figures are judged with (accounting.FactorSet code).
    factor_set = models.CharField(max_length=64, blank=True)
    goals = models.JSONField(default=list, blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.title}（{self.document_number}）"

    @property
    def display_title(self) -> str:
        return self.title_en if _in_english() else self.title


class PlanRevision(models.Model):
    """One load of a plan file that changed something (history of the plan data)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    file_name = models.CharField(max_length=300)
    content_sha256 = models.CharField(max_length=64)
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan.code} @ {self.at:%Y-%m-%d %H:%M}"


class Department(models.Model):
    """A department or body named in a plan (区级部门、镇、街道、园区、企业 …)."""

    public_fields: ClassVar[tuple[str, ...]] = ("code", "name", "name_en", "kind")

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=100, unique=True)
    name_en = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=DepartmentKind.choices)
    aliases = models.JSONField(default=list, blank=True)
    # For a collective such as 各镇: the kinds of body it stands for.
    covers = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DepartmentKind.values), name="department_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.name_en if _in_english() else self.name


class Action(models.Model):
    """十大绿色行动之一."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    name_en = models.CharField(max_length=200)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="action_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="action_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def display_name(self) -> str:
        return self.name_en if _in_english() else self.name


class Measure(models.Model):
    """A numbered sub-measure of an action in the plan's body text (e.g. 二、1 “光伏+”行动)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    title_en = models.CharField(max_length=300)
    lead_codes = models.JSONField(default=list)
    co_codes = models.JSONField(default=list)

    class Meta:
        ordering = ["action", "number"]
        constraints = [
            models.UniqueConstraint(fields=["action", "number"], name="measure_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.action.number}.{self.number} {self.title}"

    @property
    def display_title(self) -> str:
        return self.title_en if _in_english() else self.title


class Task(models.Model):
    """A row of the 任务分解表: a key task with its time node and responsible bodies."""

    public_fields: ClassVar[tuple[str, ...]] = ("number", "content", "time_node", "notes")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField()
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="tasks")
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    content = models.TextField()
    time_node = models.CharField(max_length=10, choices=TimeNode.choices)
    # The first lead (☆) is on the task itself, so "every task has a lead" is NOT NULL.
    lead = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="led_tasks")
    responsible_raw = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    departments: models.ManyToManyField[Department, Responsibility] = models.ManyToManyField(
        Department, through="Responsibility", related_name="tasks", blank=True
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="task_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="task_number_positive"),
            models.CheckConstraint(
                condition=Q(time_node__in=TimeNode.values), name="task_time_node_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"任务 {self.number}"


class Responsibility(models.Model):
    """A department's part in a task: lead (☆ 牵头) or co-responsible (配合).

    Every body on the task has one row, the task's first lead included, so queries of
    "tasks this department is on" need only this table.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="responsibilities")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="responsibilities"
    )
    role = models.CharField(max_length=4, choices=ResponsibilityRole.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["task", "position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "department"], name="responsibility_once_per_task"),
            models.CheckConstraint(
                condition=Q(role__in=ResponsibilityRole.values), name="responsibility_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.department} {self.role}"

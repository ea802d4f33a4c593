"""Indicators (指标) of a plan and their targets (目标值) for given years."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from carbonpeak.plan import vocabulary as v
from carbonpeak.plan.models import Action, Plan, Task
from carbonpeak.units import UNITS


class Direction(models.TextChoices):
    INCREASE = v.Direction.INCREASE, _("Higher is better")
    DECREASE = v.Direction.DECREASE, _("Lower is better")


class TargetKind(models.TextChoices):
    LEVEL = v.TargetKind.LEVEL, _("Level to reach")
    CHANGE_VS_BASE = v.TargetKind.CHANGE_VS_BASE, _("Change versus base year")
    CUMULATIVE_ADDITION = v.TargetKind.CUMULATIVE_ADDITION, _("Cumulative addition since base year")
    HOLD_EVERY_YEAR = v.TargetKind.HOLD_EVERY_YEAR, _("Hold every year")
    RELATIVE_TO_REFERENCE = v.TargetKind.RELATIVE_TO_REFERENCE, _("Relative to a reference")


class Indicator(models.Model):
    """A quantity the plan sets a number for (e.g. 单位GDP能耗下降率, 森林覆盖率)."""

    public_fields: ClassVar[tuple[str, ...]] = (
        "code", "name", "name_en", "unit", "direction", "base_year", "base_value",
        "source_clause", "source_text",
    )

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=300)
    unit = models.CharField(max_length=30, choices=[(u, u) for u in UNITS])
    direction = models.CharField(max_length=10, choices=Direction.choices)
    # None: one of the plan's main goals (主要目标) rather than a single action's.
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.PROTECT, related_name="indicators"
    )
    base_year = models.PositiveSmallIntegerField(null=True, blank=True)
    base_value = models.FloatField(null=True, blank=True)
    source_clause = models.CharField(max_length=100)
    source_text = models.TextField()
    tasks = models.ManyToManyField(Task, related_name="indicators", blank=True)

    class Meta:
        ordering = ["plan", "action__number", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="indicator_direction_valid"
            ),
            models.CheckConstraint(condition=~Q(source_clause=""), name="indicator_has_source"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name

    @property
    def unit_display(self) -> str:
        info = UNITS[self.unit]
        return info.en if (get_language() or "").startswith("en") else info.zh


class Target(models.Model):
    """The value an indicator must reach, keep or change by in a year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=24, choices=TargetKind.choices)
    value = models.FloatField()
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    reference = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_year_unique"),
            models.CheckConstraint(condition=Q(kind__in=TargetKind.values), name="target_kind_valid"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(kind=TargetKind.HOLD_EVERY_YEAR, start_year__lte=F("year")),
                name="target_start_year_only_for_hold",
            ),
            models.CheckConstraint(
                condition=~Q(kind=TargetKind.RELATIVE_TO_REFERENCE) | ~Q(reference=""),
                name="target_relative_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"

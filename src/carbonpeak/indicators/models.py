"""Indicators (指标) of a plan and their targets (目标值) for given years."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from carbonpeak.common.measures import UNITS
from carbonpeak.indicators import vocabulary as iv
from carbonpeak.plan import vocabulary as v
from carbonpeak.plan.models import Action, Plan, Task


class Direction(models.TextChoices):
    INCREASE = v.Direction.INCREASE, _("Higher is better")
    DECREASE = v.Direction.DECREASE, _("Lower is better")


class TargetKind(models.TextChoices):
    LEVEL = v.TargetKind.LEVEL, _("Level to reach")
    CHANGE_VS_BASE = v.TargetKind.CHANGE_VS_BASE, _("Change versus base year")
    CUMULATIVE_ADDITION = v.TargetKind.CUMULATIVE_ADDITION, _("Cumulative addition since base year")
    HOLD_EVERY_YEAR = v.TargetKind.HOLD_EVERY_YEAR, _("Hold every year")
    RELATIVE_TO_REFERENCE = v.TargetKind.RELATIVE_TO_REFERENCE, _("Relative to a reference")


class PathShape(models.TextChoices):
    LINEAR = v.PathShape.LINEAR, _("Linear")
    GEOMETRIC = v.PathShape.GEOMETRIC, _("Constant rate")
    STEP = v.PathShape.STEP, _("At the target year only")


class Cycle(models.TextChoices):
    YEAR = v.Cycle.YEAR, _("Yearly")
    QUARTER = v.Cycle.QUARTER, _("Quarterly")
    MONTH = v.Cycle.MONTH, _("Monthly")


class Derivation(models.TextChoices):
    ENERGY_INTENSITY_CHANGE = v.Derivation.ENERGY_INTENSITY_CHANGE, _(
        "Energy accounting: energy per unit of GDP versus the base year")
    EXISTING_DATA_CENTRE_PUE = v.Derivation.EXISTING_DATA_CENTRE_PUE, _(
        "Online monitoring: energy-weighted PUE of the existing data centres")
    NEW_DATA_CENTRE_PUE = v.Derivation.NEW_DATA_CENTRE_PUE, _(
        "Online monitoring: energy-weighted PUE of the new data centres")
    INDUSTRIAL_ENERGY_SAVING = v.Derivation.INDUSTRIAL_ENERGY_SAVING, _(
        "Online monitoring: year-on-year energy saving of the key units comparable in both years")


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
    # How progress is judged (indicators.progress); set in the plan file.
    path_shape = models.CharField(max_length=10, choices=PathShape.choices, default=PathShape.LINEAR)
    reporting_cycle = models.CharField(max_length=10, choices=Cycle.choices, default=Cycle.YEAR)
    thresholds = models.JSONField(default=dict, blank=True)
    minimum = models.FloatField(null=True, blank=True)
    maximum = models.FloatField(null=True, blank=True)
    derived = models.CharField(max_length=60, choices=Derivation.choices, blank=True)

    class Meta:
        ordering = ["plan", "action__number", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="indicator_direction_valid"
            ),
            models.CheckConstraint(condition=~Q(source_clause=""), name="indicator_has_source"),
            models.CheckConstraint(condition=Q(path_shape__in=PathShape.values), name="indicator_path_valid"),
            models.CheckConstraint(condition=Q(reporting_cycle__in=Cycle.values), name="indicator_cycle_valid"),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True) | Q(maximum__isnull=True) | Q(minimum__lte=F("maximum")),
                name="indicator_range_ordered",
            ),
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


class Origin(models.TextChoices):
    ENTERED = "entered", _("Entered")
    IMPORTED = "imported", _("Imported")
    DERIVED = "derived", _("Derived")
    # Accepted from an approved supervision report's stated quantity (the report is linked).
    REPORTED = "reported", _("From a supervision report")
    # Official statistics recorded by the office; takes precedence over a derived value,
    # which is kept beside it in `derived_value`.
    OFFICIAL = "official", _("Official statistics")


def _evidence_path(instance: Observation, filename: str) -> str:
    return f"indicators/{instance.indicator.code}/{instance.period}/{filename}"


class Observation(models.Model):
    """指标数据: the value of an indicator for one period, in the indicator's unit.

    One row per indicator and period: a re-import or a correction updates it in place and
    the change is kept as an audit.ChangeRecord (before / after).
    """

    public_fields: ClassVar[tuple[str, ...]] = (
        "period", "value", "reference_value", "entered_value", "entered_unit", "source", "origin",
        "derivation", "illustrative", "note",
    )

    # PROTECT: a plan reload that drops an indicator must not take its data with it.
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    period = models.CharField(max_length=16)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.FloatField()
    reference_value = models.FloatField(null=True, blank=True)
    entered_value = models.FloatField()
    entered_unit = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=300, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    # How a derived value was computed (method, data, factor set).
    derivation = models.TextField(blank=True)
    # What made the value, as data (units, meters, period, completeness, factor set; or the
    # report, round and department): the page links each part it names.
    provenance = models.JSONField(default=dict, blank=True)
    # The value CarbonPeak computed for a period that also has an official one (shown beside it).
    derived_value = models.FloatField(null=True, blank=True)
    report = models.ForeignKey(
        "supervision.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="observations"
    )
    # Demo data: plausible, not official statistics.
    illustrative = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    evidence = models.FileField(upload_to=_evidence_path, blank=True, max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "period_end", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="observation_once_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="observation_period_ordered"),
            models.CheckConstraint(condition=Q(origin__in=Origin.values), name="observation_origin_valid"),
            models.CheckConstraint(
                condition=~Q(origin=Origin.DERIVED) | ~Q(derivation=""), name="observation_derived_says_how"
            ),
            models.CheckConstraint(
                condition=~Q(origin=Origin.REPORTED) | Q(report__isnull=False) | ~Q(source=""),
                name="observation_reported_names_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value:g}"


class ProgressStatus(models.TextChoices):
    """vocabulary.ProgressStatus with its labels."""

    ACHIEVED = iv.ProgressStatus.ACHIEVED, _("Achieved")
    ON_TRACK = iv.ProgressStatus.ON_TRACK, _("On track")
    AT_RISK = iv.ProgressStatus.AT_RISK, _("At risk")
    OFF_TRACK = iv.ProgressStatus.OFF_TRACK, _("Off track")
    NO_DATA = iv.ProgressStatus.NO_DATA, _("No data")
    STALE = iv.ProgressStatus.STALE, _("Stale")


class ProgressNote(models.TextChoices):
    """vocabulary.ProgressNote as sentences."""

    MET_EARLY = iv.ProgressNote.MET_EARLY, _("The target is met before its year.")
    MET_THEN_LOST = iv.ProgressNote.MET_THEN_LOST, _("An earlier value met the target; the latest does not.")
    TARGET_MISSED = iv.ProgressNote.TARGET_MISSED, _("The target year has passed and the target was missed.")
    MISSED_A_YEAR = iv.ProgressNote.MISSED_A_YEAR, _(
        "The rate fell short in at least one year since it became binding.")
    NO_BASE = iv.ProgressNote.NO_BASE, _("The plan gives no base value: the path starts at the first observation.")
    NO_REFERENCE = iv.ProgressNote.NO_REFERENCE, _("The reference value (e.g. the city average) is missing.")
    BEFORE_START = iv.ProgressNote.BEFORE_START, _("The rate is not binding yet.")
    ALREADY_WITHIN = iv.ProgressNote.ALREADY_WITHIN, _("The start already met the target; it must be kept there.")


class BarometerLevel(models.TextChoices):
    """vocabulary.BarometerLevel with its labels: the NDRC 晴雨表 reading of a status (发改办环资〔2021〕629号)."""

    RED = iv.BarometerLevel.RED, _("Level 1 warning: very severe")
    ORANGE = iv.BarometerLevel.ORANGE, _("Level 2 warning: fairly severe")
    GREEN = iv.BarometerLevel.GREEN, _("Level 3: broadly on course")
    NONE = iv.BarometerLevel.NONE, _("No reading")


# A 预警's level is the barometer level of the status that raised it (vocabulary.WARNING_LEVELS: orange or
# red). The warnings pages show it with the colour named as well, hence these labels of its own.
WARNING_LEVEL_CHOICES = [
    (iv.BarometerLevel.ORANGE.value, _("Level 2 warning (orange): fairly severe")),
    (iv.BarometerLevel.RED.value, _("Level 1 warning (red): very severe")),
]


class EarlyWarning(models.Model):
    """预警: an indicator at risk or off track, raised once and kept open until it recovers.

    The figures are those of the evaluation that raised or last escalated it.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="warnings")
    level = models.CharField(max_length=10, choices=WARNING_LEVEL_CHOICES)
    status = models.CharField(max_length=12, choices=ProgressStatus.choices)
    period = models.CharField(max_length=16)
    latest_value = models.FloatField()
    expected_value = models.FloatField(null=True, blank=True)
    target_value = models.FloatField(null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)
    shortfall = models.FloatField(null=True, blank=True)
    trend_per_year = models.FloatField(null=True, blank=True)
    as_of = models.DateField()
    opened_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=200, blank=True)
    departments = models.ManyToManyField("plan.Department", related_name="indicator_warnings", blank=True)
    # A place's warning (its split target, its figures), sent to the place itself; empty: the district's.
    place = models.ForeignKey("plan.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator"], condition=Q(closed_at__isnull=True, place__isnull=True),
                name="one_open_warning_per_indicator",
            ),
            models.UniqueConstraint(
                fields=["indicator", "place"], condition=Q(closed_at__isnull=True, place__isnull=False),
                name="one_open_warning_per_indicator_place",
            ),
            models.CheckConstraint(
                condition=Q(level__in=[level.value for level in iv.WARNING_LEVELS]), name="warning_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in iv.ProgressStatus if s in iv.WARNING_STATUSES]),
                name="warning_only_when_behind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.level} {self.period}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class WarningResponse(models.Model):
    """A notified department's acknowledgement of a warning, with what it will do."""

    warning = models.ForeignKey(EarlyWarning, on_delete=models.CASCADE, related_name="responses")
    department = models.ForeignKey("plan.Department", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    by_label = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["warning", "department"], name="one_response_per_department"),
            models.CheckConstraint(condition=~Q(text=""), name="warning_response_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.warning} ← {self.department}"


# --- targets split to places (分解到各镇、街道、园区) ------------------------------------------


class PlaceTarget(models.Model):
    """分解目标: a town's, sub-district's or park's target of an indicator for one of the district's target
    years, written as a value of its own or as a share (percent) of the district's target (indicators.split)."""

    public_fields: ClassVar[tuple[str, ...]] = ("year", "value", "share", "note")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="place_targets")
    place = models.ForeignKey("plan.Department", on_delete=models.PROTECT, related_name="indicator_targets")
    year = models.PositiveSmallIntegerField()
    value = models.FloatField(null=True, blank=True)
    share = models.FloatField(null=True, blank=True)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "place__code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "place", "year"], name="place_target_once_per_year"),
            models.CheckConstraint(
                condition=Q(value__isnull=False, share__isnull=True) | Q(value__isnull=True, share__isnull=False),
                name="place_target_value_or_share",
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | Q(share__gt=0, share__lte=100), name="place_target_share_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.place.code} {self.year}"


def _place_evidence_path(instance: PlaceObservation, filename: str) -> str:
    return f"indicators/{instance.indicator.code}/places/{instance.place.code}/{instance.period}/{filename}"


class PlaceObservation(models.Model):
    """分地区数据: a place's value of an indicator for one period, in the indicator's unit, entered by the
    place's own users or derived from data that carry the town (monitoring). History as ChangeRecords."""

    public_fields: ClassVar[tuple[str, ...]] = (
        "period", "value", "reference_value", "weight", "entered_value", "entered_unit", "source", "origin",
        "derivation", "note",
    )

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="place_observations")
    place = models.ForeignKey("plan.Department", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=16)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.FloatField()
    reference_value = models.FloatField(null=True, blank=True)
    # What the value weighs in the district's weighted mean (IT electricity, last year's energy); empty: equal.
    weight = models.FloatField(null=True, blank=True)
    entered_value = models.FloatField()
    entered_unit = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=300, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    derivation = models.TextField(blank=True)
    provenance = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    evidence = models.FileField(upload_to=_place_evidence_path, blank=True, max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "place__code", "period_end", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "place", "period"], name="place_observation_once_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")),
                                   name="place_observation_period_ordered"),
            models.CheckConstraint(condition=Q(origin__in=[Origin.ENTERED, Origin.IMPORTED, Origin.DERIVED]),
                                   name="place_observation_origin_valid"),
            models.CheckConstraint(condition=~Q(origin=Origin.DERIVED) | ~Q(derivation=""),
                                   name="place_observation_derived_says_how"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.place.code} {self.period}: {self.value:g}"

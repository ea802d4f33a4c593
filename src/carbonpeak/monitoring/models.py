"""The monitoring room's records: key units, meters, readings, rollups, unit tokens and alerts.

Readings are written only through `store.ReadingStore`; the rest of the product reads
rollups, never the raw table (docs/methodology/monitoring.md, "Storage and rollups").
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from django.conf import settings
from django.db import models
from django.db.models import Q

from carbonpeak.monitoring.vocabulary import (
    DEFAULT_INTERVAL_S,
    AlertKind,
    AlertState,
    DataCentreStage,
    Grain,
    KeyUnitLevel,
    MeterKind,
    MeterRole,
    Scope,
)
from carbonpeak.people.models import Enterprise


def _choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(m.value, m.value) for m in enum]


def _values(enum: type[StrEnum]) -> list[str]:
    return [m.value for m in enum]


def _one_of(field: str, enum: type[StrEnum]) -> Q:
    """field = a OR field = b …: on SQLite a CHECK with IN (…) is re-planned for every row written,
    which halved the speed of the store's rollup upserts; the OR chain is not."""
    out = Q()
    for m in enum:
        out |= Q(**{field: m.value})
    return out


class KeyUnit(models.Model):
    """A key energy-using unit (重点用能单位) or data centre reporting into the platform."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    # 统一社会信用代码 (GB 32100-2015), checked by its check digit on every way in.
    uscc = models.CharField(max_length=18)
    # The enterprise that owns the unit's data: its users see and feed this unit only.
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="key_units"
    )
    industry_code = models.CharField(max_length=4)  # GB/T 4754-2017 class
    town = models.CharField(max_length=60)
    level = models.CharField(max_length=10, choices=_choices(KeyUnitLevel), default=KeyUnitLevel.DISTRICT.value)
    is_data_centre = models.BooleanField(default=False)
    data_centre_stage = models.CharField(max_length=10, choices=_choices(DataCentreStage), blank=True)
    design_pue = models.FloatField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(level__in=_values(KeyUnitLevel)), name="keyunit_level_valid"),
            # A data centre has a stage (new or existing: its PUE limit); nothing else has one.
            models.CheckConstraint(
                condition=(Q(is_data_centre=True, data_centre_stage__in=_values(DataCentreStage))
                           | Q(is_data_centre=False, data_centre_stage="")),
                name="keyunit_stage_iff_data_centre",
            ),
            models.CheckConstraint(condition=Q(design_pue__isnull=True) | Q(design_pue__gte=1),
                                   name="keyunit_design_pue_at_least_1"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def industry_division(self) -> str:
        """The GB/T 4754 division (大类, two digits): the grain of the by-industry rollups."""
        return self.industry_code[:2]


class UnitBudget(models.Model):
    """A unit's energy budget for a year (用能预算, tce 当量值), against which pace is watched."""

    unit = models.ForeignKey(KeyUnit, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField()
    budget_tce = models.FloatField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["unit", "year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unitbudget_one_per_year"),
            models.CheckConstraint(condition=Q(budget_tce__gt=0), name="unitbudget_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year}: {self.budget_tce} tce"


class Meter(models.Model):
    """A measurement point (计量点) of a unit."""

    code = models.CharField(max_length=60, unique=True)
    unit = models.ForeignKey(KeyUnit, on_delete=models.PROTECT, related_name="meters")
    energy_type = models.CharField(max_length=30)  # an accounting energy type (accounting/factors/energy_types.yaml)
    unit_of_measure = models.CharField(max_length=20)  # as the meter sends it: kWh, m3, t, GJ …
    kind = models.CharField(max_length=10, choices=_choices(MeterKind))
    multiplier = models.FloatField(default=1.0)  # CT/PT ratio: sent value × multiplier = quantity
    role = models.CharField(max_length=10, choices=_choices(MeterRole), default=MeterRole.TOTAL.value)
    interval_s = models.PositiveIntegerField(default=DEFAULT_INTERVAL_S)
    register_max = models.FloatField(null=True, blank=True)  # where a cumulative register wraps
    minimum = models.FloatField(null=True, blank=True)  # plausible energy per interval (OUT_OF_RANGE)
    maximum = models.FloatField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["unit__code", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=_values(MeterKind)), name="meter_kind_valid"),
            models.CheckConstraint(condition=Q(role__in=_values(MeterRole)), name="meter_role_valid"),
            models.CheckConstraint(condition=Q(multiplier__gt=0), name="meter_multiplier_positive"),
            models.CheckConstraint(condition=Q(interval_s__gt=0), name="meter_interval_positive"),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True) | Q(maximum__isnull=True) | Q(minimum__lte=models.F("maximum")),
                name="meter_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class IngestBatch(models.Model):
    """One acknowledged delivery of readings (API call or file import): what came, what was kept."""

    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    unit = models.ForeignKey(KeyUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="batches")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    channel = models.CharField(max_length=20)  # api / cli / demo / form
    source = models.CharField(max_length=200, blank=True)  # file name or token name
    accepted = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)  # flags and the first errors, as answered

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.channel} {self.accepted}"


class Reading(models.Model):
    """One raw reading, exactly as sent (× multiplier), with its VEE flags and validated energy.

    (meter, ts) is the primary key: a resend cannot duplicate. `energy` is the validated
    energy of the interval ending at `ts` in the meter's unit (NULL when not trusted);
    an estimate is its own row with `estimated`; a hand edit keeps `value` and sets
    `edited_value` (audited).
    """

    pk = models.CompositePrimaryKey("meter_id", "ts")
    # No index of its own: the primary key (meter, ts) leads with the meter. No database foreign keys on
    # this table (an exception to "enforced twice"): on PostgreSQL their per-row triggers made a bulk COPY
    # five times slower (docs/performance.md, "Monitoring"). Only ReadingStore writes here, with meters it
    # has just read and locked; PROTECT and SET_NULL are still applied by Django when a meter or a batch
    # is deleted.
    meter = models.ForeignKey(Meter, on_delete=models.PROTECT, related_name="+", db_index=False,
                              db_constraint=False)
    ts = models.DateTimeField()  # end of the interval, UTC
    value = models.FloatField()
    flags = models.IntegerField(default=0)  # vocabulary.Flag bits
    energy = models.FloatField(null=True, blank=True)
    estimated = models.BooleanField(default=False)
    edited_value = models.FloatField(null=True, blank=True)
    batch = models.ForeignKey(IngestBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              db_index=False, db_constraint=False)

    class Meta:
        constraints = [
            # An estimate is never also a hand edit: the two are different provenances.
            models.CheckConstraint(condition=Q(estimated=False) | Q(edited_value__isnull=True),
                                   name="reading_estimate_not_edited"),
        ]

    def __str__(self) -> str:
        return f"{self.meter_id} {self.ts:%Y-%m-%d %H:%M} {self.value}"


class Rollup(models.Model):
    """Energy summed over a bucket (local hour, day or month) for a meter, unit, industry or town.

    One row per energy type: physical `quantity` in `unit_of_measure`, and through the
    accounting engine tce (当量值 and 等价值) and tCO2, naming the factor set used.
    Kept consistent with the readings by `store.ReadingStore` in the same transaction.

    The primary key is the bucket itself (scope, grain, key, start, energy type): the store adds to
    it with INSERT … ON CONFLICT DO UPDATE, and a surrogate id with its own index made that three
    times slower on SQLite (docs/performance.md, "Monitoring"). Queries across keys by time
    (scope, grain, start range) use the key's prefix (scope, grain).
    """

    pk = models.CompositePrimaryKey("scope", "grain", "key", "start", "energy_type")
    scope = models.CharField(max_length=10, choices=_choices(Scope))
    key = models.CharField(max_length=60)  # meter code, unit code, industry division or town
    grain = models.CharField(max_length=5, choices=_choices(Grain))
    start = models.DateTimeField()  # start of the local bucket, stored in UTC
    energy_type = models.CharField(max_length=30)
    quantity = models.FloatField()
    unit_of_measure = models.CharField(max_length=20)
    tce = models.FloatField()  # 当量值
    tce_equal_value = models.FloatField()  # 等价值
    co2_t = models.FloatField()
    readings = models.IntegerField(default=0)  # measured readings in the bucket
    estimated = models.IntegerField(default=0)
    invalid = models.IntegerField(default=0)  # readings whose energy VEE did not trust
    factor_set = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=_one_of("scope", Scope), name="rollup_scope_valid"),
            models.CheckConstraint(condition=_one_of("grain", Grain), name="rollup_grain_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} {self.grain} {self.start:%Y-%m-%d %H:%M} {self.energy_type}"


class UnitToken(models.Model):
    """A bearer token for one unit's devices: it may write that unit's meters and nothing else.

    Only its SHA-256 is stored; the token itself is shown once when issued.
    """

    unit = models.ForeignKey(KeyUnit, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    revoked = models.DateTimeField(null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["unit", "-created"]

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.name}"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class Alert(models.Model):
    """A monitoring alert on a unit: opened by the rules, acknowledged and closed with a note."""

    unit = models.ForeignKey(KeyUnit, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=_choices(AlertKind))
    subject = models.CharField(max_length=40)  # what it is about: a month "2026-07", a day, "" for the unit
    state = models.CharField(max_length=12, choices=_choices(AlertState), default=AlertState.OPEN.value)
    value = models.FloatField(null=True, blank=True)
    limit = models.FloatField(null=True, blank=True)
    message_zh = models.CharField(max_length=300)
    message_en = models.CharField(max_length=300)
    opened = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(null=True, blank=True)  # the last evaluation that still found it
    acknowledged = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    closed = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    note = models.TextField(blank=True)
    # Closed by the rules because the condition no longer holds (not by a person): the same subject
    # may open again; one a person closed is not re-opened for that subject.
    auto_closed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opened", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=_values(AlertKind)), name="alert_kind_valid"),
            models.CheckConstraint(condition=Q(state__in=_values(AlertState)), name="alert_state_valid"),
            # One alert that is not closed per unit, kind and subject: a daily run re-finds, never duplicates.
            models.UniqueConstraint(fields=["unit", "kind", "subject"], condition=~Q(state=AlertState.CLOSED.value),
                                    name="alert_one_open_per_subject"),
            # Closing takes a note (the issue: alerts are closed with a note).
            models.CheckConstraint(condition=~Q(state=AlertState.CLOSED.value) | ~Q(note=""),
                                   name="alert_closed_with_note"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.kind} {self.subject} ({self.state})"


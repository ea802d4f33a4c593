"""Stored accounting data: factor sets, activity data per year, inventory inputs and results.

The computation itself is in the pure modules beside this one (engine, inventory); these
models keep what it reads and what it produced, with who did it.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from carbonpeak.accounting.catalogue import Use, energy_types
from carbonpeak.accounting.factor_sets import DualControlBasis, FactorRow, FactorSetSpec, Parameter
from carbonpeak.accounting.inventory import DataQuality, NotationKey


class FactorSet(models.Model):
    """A named set of factors; the bundled ones are loaded from accounting/factors/."""

    public_fields: ClassVar[tuple[str, ...]] = (
        "code",
        "name",
        "name_en",
        "version",
        "extends",
        "dual_control_basis",
        "description",
        "bundled",
        "digest",
    )

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    version = models.CharField(max_length=40, blank=True)
    extends = models.CharField(max_length=64, blank=True)
    dual_control_basis = models.CharField(
        max_length=20, blank=True, choices=[(b.value, b.value) for b in DualControlBasis]
    )
    description = models.TextField(blank=True)
    bundled = models.BooleanField(default=False)
    digest = models.CharField(max_length=12)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def to_spec(self) -> FactorSetSpec:
        return FactorSetSpec(
            id=self.code,
            name=self.name,
            name_en=self.name_en,
            version=self.version,
            rows=tuple(f.to_row() for f in self.factors.all()),
            extends=self.extends or None,
            dual_control_basis=DualControlBasis(self.dual_control_basis) if self.dual_control_basis else None,
            description=self.description,
        )


class Factor(models.Model):
    factor_set = models.ForeignKey(FactorSet, on_delete=models.CASCADE, related_name="factors")
    subject = models.CharField(max_length=40)
    parameter = models.CharField(max_length=40, choices=[(p.value, p.value) for p in Parameter])
    value = models.FloatField()
    unit = models.CharField(max_length=40)
    standard = models.CharField(max_length=200)
    table = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    doubt = models.TextField(blank=True)
    # What readers are shown in the other language (factor_sets.READER_COLUMNS); not in the set's digest.
    doubt_zh = models.TextField(blank=True)
    standard_en = models.TextField(blank=True)
    table_en = models.TextField(blank=True)
    table_zh = models.TextField(blank=True)

    class Meta:
        ordering = ["factor_set", "subject", "parameter", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="factor_value_not_negative"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="factor_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.factor_set_id}:{self.subject}.{self.parameter}={self.value} {self.unit}"

    # The stored columns are exactly FactorRow's fields.
    _ROW_FIELDS = tuple(f.name for f in dataclasses.fields(FactorRow))

    def to_row(self) -> FactorRow:
        values = {name: getattr(self, name) for name in self._ROW_FIELDS}
        return FactorRow(**{**values, "parameter": Parameter(self.parameter)})

    @classmethod
    def from_row(cls, factor_set: FactorSet, row: FactorRow) -> Factor:
        values = {name: getattr(row, name) for name in cls._ROW_FIELDS}
        return cls(factor_set=factor_set, **{**values, "parameter": str(row.parameter)})


def _energy_choices() -> list[tuple[str, str]]:
    return [(t.code, f"{t.zh} / {t.en}") for t in energy_types().values()]


class ActivityRecord(models.Model):
    """One activity record of the district's energy data for a year (清单活动水平数据)."""

    year = models.PositiveSmallIntegerField(db_index=True)
    entity = models.CharField(max_length=200)
    period = models.CharField(max_length=20)
    energy_type = models.CharField(max_length=30, choices=_energy_choices)
    quantity = models.FloatField()
    unit = models.CharField(max_length=20)
    use = models.CharField(max_length=10, choices=[(u.value, u.value) for u in Use], default=Use.FUEL)
    sector = models.CharField(max_length=40, blank=True)
    green_power = models.BooleanField(default=False)
    renewable = models.BooleanField(default=False)
    source = models.CharField(max_length=200, help_text=_("File or batch the record came from"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["year", "id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=0), name="activity_quantity_not_negative")]

    def __str__(self) -> str:
        return f"{self.entity} {self.period} {self.energy_type} {self.quantity} {self.unit}"

    def as_record(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "period": self.period,
            "energy_type": self.energy_type,
            "quantity": self.quantity,
            "unit": self.unit,
            "use": self.use,
            "sector": self.sector,
            "green_power": self.green_power,
            "renewable": self.renewable,
        }


class LandArea(models.Model):
    """Forest or wetland area of a year, for the removal lines of the inventory."""

    year = models.PositiveSmallIntegerField()
    land = models.CharField(max_length=20, choices=[("forest", _("Forest")), ("wetland", _("Wetland"))])
    area_ha = models.FloatField()
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["year", "land"]
        constraints = [
            models.UniqueConstraint(fields=["year", "land"], name="one_area_per_land_and_year"),
            models.CheckConstraint(condition=Q(area_ha__gte=0), name="land_area_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.land} {self.area_ha} ha"


class InventoryEntry(models.Model):
    """What the compiler enters for an inventory line of a year (processes, agriculture, waste),
    or a notation key / quality rating for any line."""

    year = models.PositiveSmallIntegerField()
    line = models.CharField(max_length=60)
    co2_t = models.FloatField(default=0)
    ch4_t = models.FloatField(default=0)
    n2o_t = models.FloatField(default=0)
    notation = models.CharField(max_length=2, blank=True, choices=[(k.value, k.value) for k in NotationKey])
    quality = models.CharField(max_length=1, blank=True, choices=[(q.value, q.value) for q in DataQuality])
    note = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["year", "line"]
        constraints = [
            models.UniqueConstraint(fields=["year", "line"], name="one_entry_per_line_and_year"),
            models.CheckConstraint(condition=Q(co2_t__gte=0, ch4_t__gte=0, n2o_t__gte=0), name="entry_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.line}"


class Inventory(models.Model):
    """A compiled inventory of a year: the lines as computed, and with which factor set.

    Compiling again keeps the earlier ones, so a published inventory stays as it was.
    """

    year = models.PositiveSmallIntegerField(db_index=True)
    factor_set = models.CharField(max_length=120)  # FactorSet.label(): code@version#digest
    compiled_at = models.DateTimeField(auto_now_add=True)
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    compiled_by_label = models.CharField(max_length=200)
    total_co2e_t = models.FloatField()
    gross_co2e_t = models.FloatField()
    energy_tce = models.FloatField()
    gwp = models.JSONField(default=dict)
    lines = models.JSONField(default=list)
    activity_records = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-year", "-compiled_at", "-id"]
        verbose_name_plural = "inventories"

    def __str__(self) -> str:
        return f"{self.year} ({self.factor_set})"


class DistrictGdp(models.Model):
    """地区生产总值 of the district in a year: the denominator of energy and carbon intensity.

    Intensities compare years at the base year's prices, so the real growth over the year
    before is kept beside the value at current prices (national formula, see
    docs/methodology/accounting.md).
    """

    public_fields: ClassVar[tuple[str, ...]] = (
        "year", "value_10k_cny", "real_growth_percent", "source", "illustrative",
    )

    year = models.PositiveSmallIntegerField(unique=True)
    value_10k_cny = models.FloatField()  # current prices, 万元
    real_growth_percent = models.FloatField(null=True, blank=True)  # over the year before, comparable prices
    source = models.CharField(max_length=300)
    illustrative = models.BooleanField(default=False)  # demo figures, not official statistics

    class Meta:
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(condition=Q(value_10k_cny__gt=0), name="gdp_positive"),
            models.CheckConstraint(condition=Q(real_growth_percent__gt=-100) | Q(real_growth_percent__isnull=True),
                                   name="gdp_growth_above_minus_100"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value_10k_cny:g} 万元"


class PointSource(models.Model):
    """A point source's CO2 on an inventory line of a year (重点排放源): a key unit's accepted GHG report, handed
    over by the enterprise room (`accounting.point_sources.hand_over`). `source` says which report made it."""

    year = models.PositiveSmallIntegerField()
    line = models.CharField(max_length=60)  # an inventory line code (inventory_lines.yaml)
    key = models.CharField(max_length=60)  # the unit's code
    name = models.CharField(max_length=200)
    co2_t = models.FloatField()
    source = models.CharField(max_length=300)  # e.g. "enterprise GHG report 12 (U004 2026), accepted 2027-03-02"
    handed_over_at = models.DateTimeField(auto_now=True)
    handed_over_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["year", "line", "key"]
        constraints = [
            models.UniqueConstraint(fields=["year", "line", "key"], name="pointsource_one_per_line_and_unit"),
            models.CheckConstraint(condition=Q(co2_t__gte=0), name="pointsource_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.line} {self.key} {self.co2_t} t"

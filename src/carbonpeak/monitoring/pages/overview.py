"""The district overview (全区能耗总览): totals by industry and town, the top consumers, year on year.

Read from the monthly rollups only (a year of a 10,000-channel district is a few thousand rows),
never from the readings. A year is counted January to the last month with data (year to date),
and compared with the same months of the year before. docs/performance.md ("Monitoring") gives
its latency on a year of data.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from carbonpeak.caching import versions
from carbonpeak.caching.readmodels import cached_read
from carbonpeak.common.industries import industry_table  # the GB/T 4754 division names
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.monitoring.pages.queries import units_completeness
from carbonpeak.monitoring.readings.rollup_math import month_bounds
from carbonpeak.monitoring.readings.sql import Dialect, moment
from carbonpeak.monitoring.readings.store import ReadingStore
from carbonpeak.monitoring.readings.store_reads import RollupSums
from carbonpeak.monitoring.vocabulary import Grain, Scope


@dataclass(frozen=True)
class Figure:
    """Energy of one key (an industry division, a town, a unit) over the period and the year before."""

    key: str
    name: str
    tce: float  # 当量值
    tce_equal_value: float  # 等价值
    co2_t: float
    last_year_tce: float

    @property
    def yoy(self) -> float | None:
        """Change on the same months of the year before (0.05 = +5 %); None without a base."""
        return None if self.last_year_tce <= 0 else self.tce / self.last_year_tce - 1

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "name": self.name, "tce": self.tce, "tce_equal_value": self.tce_equal_value,
                "co2_t": self.co2_t, "last_year_tce": self.last_year_tce, "yoy": self.yoy}


@dataclass(frozen=True)
class DistrictOverview:
    year: int
    month: int | None  # None: the year to date
    first_month: int
    last_month: int  # the months counted: first_month…last_month of `year`
    total: Figure
    by_industry: list[Figure]
    by_town: list[Figure]
    top_units: list[Figure]
    units_reporting: int
    energy_types: dict[str, tuple[float, str]] = field(default_factory=dict)  # type → (quantity, basis unit)

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year, "month": self.month, "first_month": self.first_month, "last_month": self.last_month,
            "total": self.total.as_dict(), "by_industry": [f.as_dict() for f in self.by_industry],
            "by_town": [f.as_dict() for f in self.by_town], "top_units": [f.as_dict() for f in self.top_units],
            "units_reporting": self.units_reporting,
            "energy_types": {k: {"quantity": q, "unit": u} for k, (q, u) in self.energy_types.items()},
        }


def _span(year: int, first: int, last: int) -> tuple[datetime, datetime]:
    return moment(month_bounds(year, first)[0]), moment(month_bounds(year, last)[1])


def _sums(scope: Scope, span: tuple[datetime, datetime]) -> dict[str, RollupSums]:
    return ReadingStore().sums_by_key(scope, Grain.MONTH, *span)


def _figures(scope: Scope, now: tuple[datetime, datetime], before: tuple[datetime, datetime],
             names: dict[str, str], limit: int | None = None) -> list[Figure]:
    current, last = _sums(scope, now), _sums(scope, before)
    out = [Figure(k, names.get(k, k), *v, last_year_tce=last.get(k, (0.0, 0.0, 0.0))[0]) for k, v in current.items()]
    out.sort(key=lambda f: (-f.tce, f.key))
    return out[:limit] if limit is not None else out


def last_month_with_data(year: int) -> int | None:
    """The last month of `year` with a unit rollup (the year to date ends there)."""
    lo, hi = _span(year, 1, 12)
    last = ReadingStore().last_start(Scope.UNIT, Grain.MONTH, start=lo, end=hi)
    return None if last is None else int(last.astimezone(Dialect.local).month)


@cached_read(versions.only("monitoring", versions.READINGS))  # kept until the next reading or registry change
def district_overview(year: int, month: int | None = None, *, top: int = 10) -> DistrictOverview:
    """The district's energy over a month, or the year to date, with last year's same months."""
    if month is not None:
        first = last = month
    else:
        first, last = 1, last_month_with_data(year) or 12
    now, before = _span(year, first, last), _span(year - 1, first, last)
    units = dict(KeyUnit.objects.values_list("code", "name"))
    divisions = industry_table().divisions
    by_unit = _figures(Scope.UNIT, now, before, units)
    totals = [sum(getattr(f, a) for f in by_unit) for a in ("tce", "tce_equal_value", "co2_t", "last_year_tce")]
    store = ReadingStore()
    reporting = store.keys_reporting(Scope.UNIT, Grain.MONTH, *now)
    kinds = store.quantities_by_type(Scope.TOWN, Grain.MONTH, *now)
    return DistrictOverview(
        year=year, month=month, first_month=first, last_month=last,
        total=Figure("district", "全区 / district", *totals),
        by_industry=_figures(Scope.INDUSTRY, now, before, dict(divisions)),
        by_town=_figures(Scope.TOWN, now, before, {}),
        top_units=by_unit[:top],
        units_reporting=reporting,
        energy_types={energy_type: (q, unit) for energy_type, unit, q in kinds},
    )


# Completeness counts the readings expected up to now, so it is kept per time slot as well (as the page is).
COMPLETENESS_SLOT_S = 300


def district_completeness(year: int, month: int) -> list[tuple[KeyUnit, float | None]]:
    """Each active unit's data completeness in the month (`queries.units_completeness`), kept until the next
    reading or registry change and for at most 5 minutes: the overview's costliest part (each meter's first
    reading), computed once per process for all its viewers instead of once per viewer."""
    return _completeness(year, month, int(time.time() // COMPLETENESS_SLOT_S))


@cached_read(versions.only("monitoring", versions.READINGS))
def _completeness(year: int, month: int, slot: int) -> list[tuple[KeyUnit, float | None]]:
    return units_completeness(year, month)

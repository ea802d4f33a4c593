"""The district overview (全区能耗总览): totals by industry and town, the top consumers, year on year.

Read from the monthly rollups only (a year of a 10,000-channel district is a few thousand rows),
never from the readings. A year is counted January to the last month with data (year to date).
Year on year compares only the months of the period with data in both years that have ended
(`figures.year_on_year`): a part year or a running month is not read against whole ones.
docs/performance.md ("Monitoring") gives its latency on a year of data.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from carbonpeak.caching import versions
from carbonpeak.caching.readmodels import cached_read
from carbonpeak.common.industries import industry_table  # the GB/T 4754 division names
from carbonpeak.monitoring.figures.open_periods import open_month
from carbonpeak.monitoring.figures.year_on_year import ComparedMonths, NoComparison, change, compared_months
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.monitoring.pages.queries import monthly_tce, units_completeness
from carbonpeak.monitoring.readings.rollup_math import month_bounds
from carbonpeak.monitoring.readings.sql import Dialect, moment
from carbonpeak.monitoring.readings.store import ReadingStore
from carbonpeak.monitoring.readings.store_reads import RollupSums
from carbonpeak.monitoring.vocabulary import Grain, Scope


@dataclass(frozen=True)
class Figure:
    """Energy of one key (an industry division, a town, a unit) over the period, and over the compared months
    (`DistrictOverview.yoy_months`) this year and the year before."""

    key: str
    name: str
    tce: float  # 当量值, the whole period
    tce_equal_value: float  # 等价值
    co2_t: float
    last_year_tce: float  # the compared months of the year before
    yoy_tce: float = 0.0  # the compared months of this year

    @property
    def yoy(self) -> float | None:
        """Change over the compared months (0.05 = +5 %); None without a compared month or a base."""
        return change(self.yoy_tce, self.last_year_tce)

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "name": self.name, "tce": self.tce, "tce_equal_value": self.tce_equal_value,
                "co2_t": self.co2_t, "last_year_tce": self.last_year_tce, "yoy_tce": self.yoy_tce, "yoy": self.yoy}


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
    # The months year on year compares (none by default).
    compared: ComparedMonths = field(default_factory=lambda: ComparedMonths((), None, NoComparison.NO_COMMON_MONTH))

    @property
    def yoy_months(self) -> tuple[int, ...]:
        return self.compared.months

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year, "month": self.month, "first_month": self.first_month, "last_month": self.last_month,
            "total": self.total.as_dict(), "by_industry": [f.as_dict() for f in self.by_industry],
            "by_town": [f.as_dict() for f in self.by_town], "top_units": [f.as_dict() for f in self.top_units],
            "units_reporting": self.units_reporting,
            "energy_types": {k: {"quantity": q, "unit": u} for k, (q, u) in self.energy_types.items()},
            "yoy_months": list(self.compared.months), "yoy_running_month_left_out": self.compared.running_left_out,
            "yoy_reason": None if self.compared.reason is None else self.compared.reason.value,
        }


def _span(year: int, first: int, last: int) -> tuple[datetime, datetime]:
    return moment(month_bounds(year, first)[0]), moment(month_bounds(year, last)[1])


def _sums(scope: Scope, span: tuple[datetime, datetime]) -> dict[str, RollupSums]:
    return ReadingStore().sums_by_key(scope, Grain.MONTH, *span)


def _tce_over(scope: Scope, year: int, runs: list[tuple[int, int]]) -> dict[str, float]:
    """tce (当量值) of each key over the months of `runs` of `year` (one read a run of consecutive months)."""
    out: dict[str, float] = {}
    for first, last in runs:
        for key, sums in _sums(scope, _span(year, first, last)).items():
            out[key] = out.get(key, 0.0) + sums[0]
    return out


def _figures(scope: Scope, now: tuple[datetime, datetime], year: int, compared: ComparedMonths,
             names: dict[str, str], limit: int | None = None) -> list[Figure]:
    current = _sums(scope, now)
    this, last = _tce_over(scope, year, compared.runs()), _tce_over(scope, year - 1, compared.runs())
    out = [Figure(k, names.get(k, k), *v, last_year_tce=last.get(k, 0.0), yoy_tce=this.get(k, 0.0))
           for k, v in current.items()]
    out.sort(key=lambda f: (-f.tce, f.key))
    return out[:limit] if limit is not None else out


def last_month_with_data(year: int) -> int | None:
    """The last month of `year` with a unit rollup (the year to date ends there)."""
    lo, hi = _span(year, 1, 12)
    last = ReadingStore().last_start(Scope.UNIT, Grain.MONTH, start=lo, end=hi)
    return None if last is None else int(last.astimezone(Dialect.local).month)


def district_overview(year: int, month: int | None = None, *, top: int = 10,
                      now: datetime | None = None) -> DistrictOverview:
    """The district's energy over a month, or the year to date, and year on year over the months of it with data
    in both years that have ended (the month under way at `now`, by default the clock's, is left out)."""
    running = open_month(year, now or timezone.now())
    return _district_overview(year, month, top=top, running=None if running is None else running.index + 1)


@cached_read(versions.only("monitoring", versions.READINGS))  # kept until the next reading or registry change
def _district_overview(year: int, month: int | None, *, top: int, running: int | None) -> DistrictOverview:
    if month is not None:
        first = last = month
    else:
        first, last = 1, last_month_with_data(year) or 12
    now = _span(year, first, last)
    # Months with any unit rollup in each year: the district has data for them.
    compared = compared_months(range(first, last + 1), monthly_tce(Scope.UNIT, year), monthly_tce(Scope.UNIT, year - 1),
                               running)
    units = dict(KeyUnit.objects.values_list("code", "name"))
    divisions = industry_table().divisions
    by_unit = _figures(Scope.UNIT, now, year, compared, units)
    totals = [sum(getattr(f, a) for f in by_unit)
              for a in ("tce", "tce_equal_value", "co2_t", "last_year_tce", "yoy_tce")]
    store = ReadingStore()
    reporting = store.keys_reporting(Scope.UNIT, Grain.MONTH, *now)
    kinds = store.quantities_by_type(Scope.TOWN, Grain.MONTH, *now)
    return DistrictOverview(
        year=year, month=month, first_month=first, last_month=last,
        total=Figure("district", "全区 / district", *totals),
        by_industry=_figures(Scope.INDUSTRY, now, year, compared, dict(divisions)),
        by_town=_figures(Scope.TOWN, now, year, compared, {}),
        top_units=by_unit[:top],
        units_reporting=reporting,
        energy_types={energy_type: (q, unit) for energy_type, unit, q in kinds},
        compared=compared,
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

"""Indicators CarbonPeak computes from its own data instead of people entering them.

Each derived value is stored as an Observation with origin `derived` and a sentence saying
how it was computed: the method, the data it read and the factor set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carbonpeak.accounting.intensity import IntensityError
from carbonpeak.accounting.services import energy_intensity_series
from carbonpeak.indicators.models import Derivation, Indicator, Origin
from carbonpeak.indicators.observations import CheckedRows, ObservationRow
from carbonpeak.indicators.progress import period_end
from carbonpeak.indicators.services import ImportSummary, store_rows
from carbonpeak.people.permissions import AnyUser
from carbonpeak.plan.models import Plan


@dataclass(frozen=True)
class DerivationOutcome:
    indicator: str
    summary: ImportSummary | None
    problem: str = ""  # why nothing could be derived (no GDP, no activity data …)


def _energy_intensity(indicator: Indicator, user: AnyUser | None, actor_label: str) -> DerivationOutcome:
    base_year = indicator.base_year or indicator.plan.base_year
    try:
        series = energy_intensity_series(base_year, indicator.plan.factor_set or None)
    except IntensityError as exc:
        return DerivationOutcome(indicator.code, None, str(exc))
    how = (
        f"由能源核算计算：单位GDP能耗 = 能耗双控口径能源消费量（吨标准煤）÷ 地区生产总值（{base_year}年可比价，万元），"
        f"较{base_year}年变化率 = (强度ₜ ÷ 强度₀ − 1) × 100。因子集 {series.factor_set}；"
        f"能源数据 {', '.join(series.activity_sources)}；GDP {', '.join(series.gdp_sources)}。"
        f" / Energy accounting: dual-control energy ÷ GDP at {base_year} prices, change versus {base_year}; "
        f"factor set {series.factor_set}."
    )
    rows = []
    for n, y in enumerate(series.years, start=1):
        start = dt.date(y.year, 1, 1)
        rows.append(ObservationRow(
            row=n, indicator=indicator.code, period=str(y.year), period_start=start,
            period_end=period_end(start, str(y.year)), value=round(y.change_percent, 4),
            entered_value=round(y.change_percent, 4), entered_unit="%", reference_value=None,
            source=f"CarbonPeak 核算 {series.factor_set}", note="",
        ))
    illustrative = any(y.illustrative for y in series.years)
    summary = store_rows(indicator.plan, CheckedRows(rows, []), origin=Origin.DERIVED, user=user,
                         actor_label=actor_label, derivation=how, illustrative=illustrative, reason="derived")
    return DerivationOutcome(indicator.code, summary)


_DERIVERS = {Derivation.ENERGY_INTENSITY_CHANGE: _energy_intensity}


def derive_all(plan: Plan, *, user: AnyUser | None = None, actor_label: str) -> list[DerivationOutcome]:
    """Recompute every derived indicator of the plan; unchanged values leave no history."""
    out = []
    for indicator in plan.indicators.exclude(derived="").select_related("plan"):
        out.append(_DERIVERS[Derivation(indicator.derived)](indicator, user, actor_label))
    return out

"""The arithmetic of the energy-use report (能源利用状况报告): unit consumption, deviations, the budget.

Pure module (no Django); docs/methodology/enterprise.md gives each formula and its source.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

KGCE_PER_TCE = 1000.0


def unit_consumption_kgce(energy_tce: float, quantity: float) -> float | None:
    """单位产品综合能耗 e = E / P (GB/T 2589, 综合能耗计算通则): the energy attributed to a product (tce,
    当量值) over its output, in kgce per unit of output; None when nothing was produced."""
    if quantity <= 0:
        return None
    return energy_tce * KGCE_PER_TCE / quantity


@dataclass(frozen=True)
class AgainstLimit:
    value_kgce: float | None
    limit_kgce: float | None
    within: bool | None  # None: no value or no sourced limit to compare with

    @property
    def share(self) -> float | None:
        """The value as a share of the limit (1.0 = at the limit)."""
        if self.value_kgce is None or not self.limit_kgce:
            return None
        return self.value_kgce / self.limit_kgce


def against_limit(value_kgce: float | None, limit_kgce: float | None) -> AgainstLimit:
    """A unit consumption against its limit: within when it does not exceed it (a limit is a maximum)."""
    if value_kgce is None or limit_kgce is None:
        return AgainstLimit(value_kgce, limit_kgce, None)
    return AgainstLimit(value_kgce, limit_kgce, value_kgce <= limit_kgce)


@dataclass(frozen=True)
class Deviation:
    relative: float | None  # (filed − monitored) / monitored; None: nothing monitored to compare with
    flagged: bool


def deviation(filed: float, monitored: float | None, tolerance: float) -> Deviation:
    """How far the filed quantity strays from the monitored one; flagged above the tolerance.

    A deviation of exactly the tolerance is not flagged ("above"); the ratio is rounded to 1e-9 so that
    binary fractions (105 / 100 − 1 = 0.05000000000000004) do not cross the boundary by accident. Filing
    energy where the meters saw none (monitored 0) is always flagged; no monitored figure flags nothing.
    """
    if monitored is None:
        return Deviation(None, False)
    if monitored == 0:
        return Deviation(None if filed == 0 else math.inf, filed != 0)
    relative = round((filed - monitored) / monitored, 9)
    return Deviation(relative, abs(relative) > tolerance)


def purchase(row: Mapping[str, Any], metered_purchases: Collection[str]) -> float | None:
    """购进量 of a filed energy row, in the row's unit (the form's 能源消费及购进; stock change = purchase −
    consumption).

    Where the enterprise gave it, as given (None: left empty). Until then the prefill: the monitored quantity for
    energy delivered through a meter (`metered_purchases`: what the meter saw arrive is what was bought), nothing
    for other types (a stocked fuel's meter sees what was burnt, not what was bought). The prefill is not stored,
    so its source stays the monitored quantity kept on the row.
    """
    if "purchase" in row:
        given = row["purchase"]
        return None if given is None else float(given)
    monitored = row.get("monitored_quantity")
    if monitored is not None and row.get("energy_type") in metered_purchases:
        return float(monitored)
    return None


@dataclass(frozen=True)
class BudgetCompletion:
    budget_tce: float | None
    used_tce: float
    share: float | None  # used / budget; None without a budget
    within: bool | None


def budget_completion(used_tce: float, budget_tce: float | None) -> BudgetCompletion:
    """The year's energy (tce 当量值) against the unit's energy budget (用能预算): within when ≤ budget."""
    if budget_tce is None or budget_tce <= 0:
        return BudgetCompletion(budget_tce, used_tce, None, None)
    return BudgetCompletion(budget_tce, used_tce, used_tce / budget_tce, used_tce <= budget_tce)

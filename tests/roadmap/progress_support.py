"""Inputs of the progress scenario built by hand: an inventory of a year, an observation of a plan indicator."""

from __future__ import annotations

import datetime as dt

from carbonpeak.accounting.models import Inventory
from carbonpeak.indicators.models import Indicator, Observation, Origin

AS_OF = dt.date(2026, 6, 30)


def inventory(year: int, co2_t: float) -> Inventory:
    """A compiled inventory of `year` whose gross CO2 is `co2_t` (a sink line that must not count)."""
    lines = [{"code": "energy.industry.direct", "category": "energy", "co2_t": co2_t * 0.9},
             {"code": "ippu.processes", "category": "ippu", "co2_t": co2_t * 0.1},
             {"code": "lulucf.forest", "category": "lulucf", "co2_t": -50_000.0}]
    return Inventory.objects.create(year=year, factor_set="shanghai@test", compiled_by_label="tests",
                                    total_co2e_t=co2_t - 50_000, gross_co2e_t=co2_t, energy_tce=1.0, lines=lines)


def observe(code: str, period: str, value: float, origin: str = Origin.ENTERED) -> Observation:
    year = int(period[:4])
    return Observation.objects.create(
        indicator=Indicator.objects.get(code=code), period=period, period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31), value=value, entered_value=value, origin=origin,
        derivation="tests" if origin == Origin.DERIVED else "", source="tests", entered_by_label="tests")

"""What CarbonPeak already knows that the roadmap shows beside its assumptions (Django side).

* Delivered so far: the latest observation of the plan indicator that measures a lever's
  parameter (`links.yaml`), e.g. PV capacity installed against the lever's 300 MW.
* The compiled GHG inventory of the model's base year, beside the model's base-year CO2.

Scenarios run on their bundled base data (`data/base_jinshan.yaml`) and these figures are shown
beside them; only the progress scenario (progress.py, progress_data.py) is fed the inventories and
observations, and its page lists every one it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from carbonpeak.accounting.inventory import Category
from carbonpeak.accounting.services import latest_inventories
from carbonpeak.common.yaml_files import parse_yaml
from carbonpeak.indicators.models import Indicator, Observation
from carbonpeak.plan.queries import NoPlanLoaded, current_plan

LINKS_FILE = Path(__file__).parent / "links.yaml"


@dataclass(frozen=True)
class Link:
    kind: str
    param: str
    indicator: str
    scale: float  # indicator unit → parameter unit


@dataclass(frozen=True)
class Delivered:
    """The latest observed value of the indicator that measures a lever parameter."""

    indicator: Indicator
    observation: Observation
    scale: float

    @property
    def as_parameter(self) -> float:
        """The observed value in the parameter's unit."""
        return self.observation.value * self.scale


@dataclass(frozen=True)
class BaseYearInventory:
    year: int
    total_co2e_t: float  # net, every gas and line
    gross_co2e_t: float
    energy_co2_t: float  # CO2 of energy use: combustion and purchased electricity and heat
    factor_set: str
    compiled_at: Any


@cache
def links() -> tuple[Link, ...]:
    raw = parse_yaml(LINKS_FILE.read_text(encoding="utf-8"))
    return tuple(Link(str(i["kind"]), str(i["param"]), str(i["indicator"]), float(i["scale"])) for i in raw["links"])


def delivered_so_far() -> dict[tuple[str, str], Delivered]:
    """(measure kind, parameter) → the latest observation of its indicator, where there is one."""
    wanted = {link.indicator: link for link in links()}
    try:
        plan = current_plan()
    except NoPlanLoaded:  # no plan loaded yet: nothing observed
        return {}
    found: dict[tuple[str, str], Delivered] = {}
    indicators = plan.indicators.filter(code__in=list(wanted)).prefetch_related("observations")
    for indicator in indicators:
        observations = sorted(indicator.observations.all(), key=lambda o: (o.period_end, o.period_start))
        if observations:
            link = wanted[indicator.code]
            found[(link.kind, link.param)] = Delivered(indicator, observations[-1], link.scale)
    return found


def base_year_inventory(year: int) -> BaseYearInventory | None:
    """The latest compiled inventory of `year`, if the accounting room has one."""
    inventory = latest_inventories().get(year)
    if inventory is None:
        return None
    energy = sum(line.get("co2_t") or 0.0 for line in inventory.lines if line.get("category") == Category.ENERGY.value)
    return BaseYearInventory(year, inventory.total_co2e_t, inventory.gross_co2e_t, float(energy),
                             inventory.factor_set, inventory.compiled_at)

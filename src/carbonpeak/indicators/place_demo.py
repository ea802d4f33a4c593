"""The demo's targets split to places (演示): so that a fresh `carbonpeak setup` shows the 分地区晴雨表 with levels.

Two indicators derived from the meters are split, to exactly the places whose demo units give them a figure:
the PUE of existing data centres (each place held to the district's ceiling) and the 百一 saving (each place to
save the district's 1 % a year). The places are found through the room's own town figures
(`from_monitoring.pue_by_town`, `saving_by_town`), so the choice follows the demo data and is the same on every
install; the targets are set through `place_services.set_place_target` (audited, actor = setup; again without
change). The places' values then come from `derive.derive_all`, as the jobs loop would make them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from carbonpeak.indicators import from_monitoring, place_services
from carbonpeak.indicators.models import Indicator
from carbonpeak.monitoring.vocabulary import DataCentreStage
from carbonpeak.plan.models import Department, Plan
from carbonpeak.plan.queries import plan_places
from carbonpeak.plan.vocabulary import Derivation

# A note as the office would type it, stored "中文 / English" so each page shows its reader's half (in_language).
NOTE = "演示：分解到演示监测数据中有数值的地区 / Demo: split to the places with a figure in the demo monitoring data"
TownFigures = Callable[[int, dt.date], dict[str, from_monitoring.TownFigure]]

SPLITS: tuple[tuple[Derivation, TownFigures], ...] = (
    (Derivation.EXISTING_DATA_CENTRE_PUE,
     lambda year, day: from_monitoring.pue_by_town(DataCentreStage.EXISTING, year, day)),
    (Derivation.INDUSTRIAL_ENERGY_SAVING, from_monitoring.saving_by_town),
)


def _places_with_figures(by_town: TownFigures, as_of: dt.date) -> list[Department]:
    """The plan's places named by the towns of the latest year that has any figure (a place by name or alias)."""
    for year in reversed(from_monitoring.years_with_data(as_of)):
        towns = by_town(year, as_of)
        if towns:
            return [p for p in plan_places() if any(n in towns for n in (p.name, *(p.aliases or [])))]
    return []


def split_demo_targets(plan: Plan, as_of: dt.date, actor_label: str) -> int:
    """Give each place with a demo figure the district's target of its year as its own; the count of targets."""
    count = 0
    for derivation, by_town in SPLITS:
        indicator: Indicator | None = plan.indicators.filter(derived=derivation.value).first()
        if indicator is None:
            continue
        district = list(indicator.targets.order_by("year"))
        for place in _places_with_figures(by_town, as_of):
            for target in district:
                place_services.set_place_target(indicator, place.code, target.year, value=target.value, note=NOTE,
                                                user=None, actor_label=actor_label)
                count += 1
    return count

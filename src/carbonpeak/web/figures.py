"""One truth per figure on the dashboard: where an indicator has no observed value but the roadmap
projects it, the indicator's tile shows the projection, labelled as such, rather than "no data" beside a
headline card that states it.

The only such indicator today is 碳达峰年份 (`carbon_peak_year`): no one observes a peak before it has
happened, and the peak card reads the roadmap's projected peak year. The web room may read the roadmap
(docs/architecture.md, Layers); the indicators room may not, so the tile is composed here.
"""

from __future__ import annotations

from typing import Any

from carbonpeak.indicators.evaluation import IndicatorStatus
from carbonpeak.roadmap.pages import pick
from carbonpeak.roadmap.progress import PEAK_INDICATOR


def projected_tiles(statuses: list[IndicatorStatus], peak: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Indicator code → the projection its tile shows, for indicators without an observation.

    `peak` is the dashboard's peak card (the progress scenario's, else the plan scenario's): the same
    figure, so the tile and the card cannot disagree.
    """
    if not peak:
        return {}
    tiles: dict[str, dict[str, Any]] = {}
    for st in statuses:
        if st.indicator.code == PEAK_INDICATOR and not st.observations:
            tiles[st.indicator.code] = {"year": peak.get("peak_year"), "scenario": peak.get("scenario"),
                                        "scenario_name": pick(peak.get("name_zh", ""), peak.get("name_en", ""))}
    return tiles

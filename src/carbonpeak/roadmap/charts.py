"""Chart and table data of the results page, from the run's JSON (`running.run`): pathways by scenario,
the wedges of the focus scenario's measures, the Monte Carlo fan, the tornado and the comparison.

Emissions are shown in 10⁴ tCO2 (万吨), the unit district reports use; the JSON keeps tCO2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from carbonpeak.roadmap.pages import pick

SCALE = 10_000.0  # t → 10⁴ t
PEAK_BY = 2030


def _w(value: float | None) -> float | None:
    return None if value is None else round(value / SCALE, 3)


def unit() -> str:
    return _("10⁴ t CO₂")


def name_of(s: dict[str, Any]) -> str:
    return pick(s.get("name_zh", ""), s.get("name_en", ""))


def pathways(data: dict[str, Any]) -> dict[str, Any]:
    """Gross CO2 of every scenario by year, its peak marked, and the plan's deadline (peak by 2030)."""
    scenarios = data["scenarios"]
    years = list(next(iter(scenarios.values()))["series"]) if scenarios else []
    baseline = (data.get("run") or {}).get("baseline")
    return {
        "years": years, "unit": unit(),
        "deadline": {"year": PEAK_BY, "label": _("Peak no later than 2030 (plan)")},
        "series": [{"id": sid, "name": name_of(s), "baseline": sid == baseline,
                    "data": [_w(s["series"][y]["co2_t"]) for y in years],
                    "peak_year": s["peak_year"], "peak_level": _w(s["peak_co2_t"])} for sid, s in scenarios.items()],
    }


# The wedges' colours, one per measure (largest first), none repeated below 19 measures: a palette that
# cycled (12 colours, two of them the scenario's and the baseline's) gave two measures the same orange.
# The scenario's area and the baseline's line keep their own colours, which no measure uses.
WEDGE_COLOURS = ("#4a78b5", "#e08a00", "#8e44ad", "#16a085", "#d35400", "#2c3e50", "#b7950b", "#e377c2",
                 "#8c564b", "#17becf", "#7f8c8d", "#bcbd22", "#aec7e8", "#ffbb78", "#c5b0d5", "#c49c94",
                 "#98df8a", "#f7b6d2", "#9edae5")
SCENARIO_AREA, SCENARIO_LINE, BASELINE_LINE = "#dfe7e2", "#1d2a24", "#c0392b"


def wedges(data: dict[str, Any]) -> dict[str, Any] | None:
    """The focus scenario's emissions with each measure's avoided emissions stacked on top, up to the
    baseline (the attribution's metric: net CO2 unless stated). `key_year` is the year the key beside the
    chart reads (2030, the plan's peak deadline, else the last year): the baseline, less each measure's
    contribution, gives the scenario."""
    a = data.get("attribution")
    if not a:
        return None
    scenarios = data["scenarios"]
    scen, base = scenarios.get(a["scenario"]), scenarios.get(a["baseline"])
    if scen is None or base is None:
        return None
    years = list(scen["series"])
    metric = a.get("metric") or "net_co2_t"
    labels = a.get("labels") or {}
    key_year = str(PEAK_BY) if str(PEAK_BY) in years else years[-1]
    # Largest in the key's year first: the key lists them in the order they are stacked from the scenario up.
    measures = sorted(a["measures"].items(), key=lambda kv: -abs(kv[1].get(key_year, 0.0)))
    table_years = [y for y in years if y in ("2025", "2030")]
    table_years += [years[-1]] if years[-1] not in table_years else []
    return {
        "years": years, "unit": unit(), "metric": metric, "table_years": table_years, "key_year": key_year,
        "method": _("exact") if a.get("method") == "exact" else _("sampled"),
        "scenario_name": name_of(scen), "baseline_name": name_of(base),
        "scenario": [_w(scen["series"][y][metric]) for y in years],
        "baseline": [_w(base["series"][y][metric]) for y in years],
        "scenario_key": _w(scen["series"][key_year][metric]), "baseline_key": _w(base["series"][key_year][metric]),
        "scenario_colour": SCENARIO_AREA, "scenario_line": SCENARIO_LINE, "baseline_colour": BASELINE_LINE,
        "measures": [{"id": mid, "name": pick(labels.get(mid, {}).get("zh", mid), labels.get(mid, {}).get("en", mid)),
                      "colour": WEDGE_COLOURS[i % len(WEDGE_COLOURS)],
                      "data": [_w(by_year.get(y)) for y in years],
                      "key": _w(by_year.get(key_year)),
                      "table": [_w(by_year.get(y)) for y in table_years]} for i, (mid, by_year) in enumerate(measures)],
    }


def fan(data: dict[str, Any]) -> dict[str, Any] | None:
    """Percentile bands of the focus scenario's emissions over the Monte Carlo runs."""
    mc = data.get("monte_carlo")
    if not mc or not mc.get("fan"):
        return None
    years = list(mc["fan"])
    percentiles = sorted(float(p) for p in next(iter(mc["fan"].values())))

    def at(p: float) -> list[float | None]:
        return [_w(mc["fan"][y].get(_key(mc["fan"][y], p))) for y in years]

    bands = []
    lows = [p for p in percentiles if p < 50]
    for low in lows:  # outermost first
        high = 100 - low
        if high in percentiles:
            # Named for the reader (90% range), not by its percentiles (P5–P95): the share of runs inside.
            bands.append({"name": _("%(share)s%% range") % {"share": f"{high - low:g}"},
                          "low": at(low), "high": at(high)})
    central = data["scenarios"].get(mc["scenario"])
    return {
        "years": years, "unit": unit(), "bands": bands,
        "median_name": _("Median"), "median": at(50) if 50 in percentiles else [],
        "central_name": _("Central estimate"),
        "central": None if central is None else [_w(central["series"].get(y, {}).get("co2_t")) for y in years],
    }


def _key(row: dict[str, Any], p: float) -> str:
    return next(k for k in row if float(k) == p)


def tornado(data: dict[str, Any], top: int = 12) -> dict[str, Any] | None:
    """How far the focus scenario's peak level moves when one input goes to its 5th or 95th
    percentile (the others central); inputs ranked by how far the peak year, then the level, moves."""
    rows = (data.get("tornado") or [])[:top]
    focus = data["scenarios"].get((data.get("run") or {}).get("focus", ""))
    if not rows or focus is None:
        return None
    central = focus["peak_co2_t"]
    return {
        "unit": unit(), "low_name": _("Input at its 5th percentile"), "high_name": _("Input at its 95th percentile"),
        "labels": [pick(r["label_zh"], r["label_en"]) for r in rows],
        "low": [_w(r["peak_level_low"] - central) for r in rows],
        "high": [_w(r["peak_level_high"] - central) for r in rows],
        "rows": [{**r, "label": pick(r["label_zh"], r["label_en"]), "level_low": _w(r["peak_level_low"]),
                  "level_high": _w(r["peak_level_high"])} for r in rows],
    }


@dataclass(frozen=True)
class Comparison:
    id: str
    name: str
    peak_year: int | None
    peak_level: float | None  # 10⁴ t
    before_2030: bool
    p_peak_by_2030: float | None
    ei_2025: float | None  # % change vs 2020
    ei_2025_met: bool | None
    ci_2025: float | None
    ei_2030: float | None
    ei_2030_met: bool | None
    ci_2030: float | None
    ci_2030_met: bool | None


def _target(s: dict[str, Any], code: str) -> dict[str, Any]:
    return next((t for t in s.get("targets") or [] if t["code"] == code), {})


def comparison(data: dict[str, Any], uncertainty: dict[str, dict[str, Any]]) -> list[Comparison]:
    """Side by side: peak, P(peak ≤ 2030), and the intensity changes the plan sets targets for."""
    out = []
    for sid, s in data["scenarios"].items():
        ei25, ci25 = _target(s, "energy_intensity_change"), _target(s, "carbon_intensity_change")
        ei30, ci30 = _target(s, "energy_intensity_further_decline"), _target(s, "carbon_intensity_further_decline")
        mc = uncertainty.get(sid)
        out.append(Comparison(
            id=sid, name=name_of(s), peak_year=s["peak_year"], peak_level=_w(s["peak_co2_t"]),
            before_2030=bool(s["before_2030"]), p_peak_by_2030=None if mc is None else mc["p_peak_by_2030"],
            ei_2025=ei25.get("value"), ei_2025_met=ei25.get("met"), ci_2025=ci25.get("value"),
            ei_2030=ei30.get("value"), ei_2030_met=ei30.get("met"), ci_2030=ci30.get("value"),
            ci_2030_met=ci30.get("met"),
        ))
    return out


def co2_table(data: dict[str, Any]) -> dict[str, Any]:
    """The pathways as a table (years down, scenarios across), for reading without the chart."""
    chart = pathways(data)
    return {"scenarios": [s["name"] for s in chart["series"]],
            "rows": [(y, [s["data"][i] for s in chart["series"]]) for i, y in enumerate(chart["years"])]}

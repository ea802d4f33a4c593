"""The bundled (illustrative) data: sourced, flagged, and giving the expected peaks from the data."""

from __future__ import annotations

import yaml

from carbonpeak.roadmap.analysis import run_scenario
from carbonpeak.roadmap.basedata import BASE_FILE, filled_base_file, load_base_data
from carbonpeak.roadmap.measures import MEASURES_FILE
from carbonpeak.roadmap.scenario import default_scenarios, resolve


def test_base_data_is_flagged_illustrative_and_every_number_has_a_status() -> None:
    assert yaml.safe_load(BASE_FILE.read_text(encoding="utf-8"))["demo_source"] == "jinshan-demo"
    raw = filled_base_file()  # with the district figures of the demo source
    assert raw["illustrative"] is True and load_base_data().illustrative
    for group in ("facts", "context", "sinks", "waste"):
        for key, item in raw[group].items():
            assert item["status"] in ("published", "assumed", "illustrative"), f"{group}.{key}"
            assert item.get("source"), f"{group}.{key}"
    for sector in raw["sectors"]:
        assert sector["status"] == "illustrative"
    for p in raw["parameters"]:
        assert p["status"] in ("published", "assumed", "illustrative") and p["source"], p["path"]


def test_every_lever_cites_the_plan_and_every_default_its_source() -> None:
    raw = yaml.safe_load(MEASURES_FILE.read_text(encoding="utf-8"))
    for lever in raw["levers"]:
        assert lever["source"]["clause"] and lever["source"]["tasks"], lever["kind"]
        for p in lever["parameters"]:
            assert p["source"].startswith(("plan", "assumed")), (lever["kind"], p["name"])


def test_results_say_they_are_illustrative_and_name_their_factor_set() -> None:
    r = run_scenario(resolve(default_scenarios(), "baseline"))
    assert r.illustrative and "示意" in r.notice_zh
    assert r.factor_set.startswith("shanghai@")


def test_baseline_peaks_after_2030_and_the_plan_before() -> None:
    specs = default_scenarios()
    base = run_scenario(resolve(specs, "baseline"), horizon=2060)
    plan = run_scenario(resolve(specs, "plan"), horizon=2060)
    assert base.peak.year is not None and base.peak.year > 2030
    assert plan.peak.before_2030
    assert run_scenario(resolve(specs, "baseline")).peak.year is None  # not within the default 2035 horizon

"""Derived indicators: the energy-intensity change (单位GDP能耗较2020年) computed from the district
GDP and the activity data, stored as observations that say how they were computed."""

from __future__ import annotations

import re

import pytest

from carbonpeak.accounting.models import ActivityRecord, DistrictGdp
from carbonpeak.accounting.services import energy_intensity_series
from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from carbonpeak.indicators.derive import derive_all
from carbonpeak.indicators.models import Observation
from carbonpeak.plan.models import Plan
from tests.indicators.conftest import INTENSITY

Capsys = pytest.CaptureFixture[str]
BASE = 2020


def derived() -> dict[str, Observation]:
    return {o.period: o for o in Observation.objects.filter(indicator__code=INTENSITY)}


def history_count() -> int:
    prefix = f"jinshan-2023/{INTENSITY}/"
    return ChangeRecord.objects.filter(entity="observation", entity_key__startswith=prefix).count()


def hand_change(year: int) -> float:
    """(E_t / G_t) ÷ (E_0 / G_0) − 1, with G at 2020 prices from DistrictGdp's real growth rates."""
    energy = {y.year: y.energy_tce for y in energy_intensity_series(BASE).years}
    gdp = {g.year: g for g in DistrictGdp.objects.all()}
    comparable = gdp[BASE].value_10k_cny
    for y in range(BASE + 1, year + 1):
        growth = gdp[y].real_growth_percent
        assert growth is not None
        comparable *= 1 + growth / 100
    return ((energy[year] / comparable) / (energy[BASE] / gdp[BASE].value_10k_cny) - 1) * 100


def test_every_year_with_gdp_and_energy_is_derived(plan: Plan) -> None:
    [outcome] = derive_all(plan, actor_label="tests", only=[INTENSITY])
    assert outcome.indicator == INTENSITY and outcome.problem == ""
    years = [y.year for y in energy_intensity_series(BASE).years]
    assert years == list(range(2020, 2026))
    assert outcome.summary is not None and outcome.summary.created == len(years)
    stored = derived()
    assert sorted(stored) == [str(y) for y in years]
    assert stored["2020"].value == 0
    for year in years:
        assert stored[str(year)].value == pytest.approx(hand_change(year), abs=1e-4), year
    # The demo accounting shows a fall of energy intensity.
    assert stored["2025"].value < 0


def test_a_derived_value_says_how_it_was_computed(plan: Plan) -> None:
    derive_all(plan, actor_label="tests", only=[INTENSITY])
    series = energy_intensity_series(BASE)
    o = derived()["2024"]
    assert (o.origin, o.entered_unit) == ("derived", "%")
    assert series.factor_set and series.factor_set in o.derivation
    assert "单位GDP能耗" in o.derivation and "2020" in o.derivation
    # each half of the stored "中文 / English" names the sources in its own language only
    zh, en = o.derivation.split(" / ", 1)
    assert all(source.split(" / ")[0] in zh and source.split(" / ")[-1] in en for source in series.gdp_sources)
    assert "jinshan-demo" not in o.derivation and "演示区数据" in zh
    assert not re.search(r"[\u3400-\u9fff]", en)
    assert o.source == f"CarbonPeak 核算 {series.factor_set} / CarbonPeak accounting {series.factor_set}"
    assert o.illustrative  # the demo GDP is illustrative
    assert o.entered_by_label == "tests"


def test_derivation_is_idempotent(plan: Plan) -> None:
    derive_all(plan, actor_label="tests", only=[INTENSITY])
    before = sorted(Observation.objects.values_list("period", "value", "updated_at"))
    records = history_count()
    [again] = derive_all(plan, actor_label="tests", only=[INTENSITY])
    assert again.summary is not None
    assert (again.summary.created, again.summary.updated, again.summary.unchanged) == (0, 0, 6)
    assert sorted(Observation.objects.values_list("period", "value", "updated_at")) == before
    assert history_count() == records


def test_a_corrected_gdp_updates_the_derived_values_with_history(plan: Plan) -> None:
    derive_all(plan, actor_label="tests", only=[INTENSITY])
    old = derived()["2025"].value
    DistrictGdp.objects.filter(year=2025).update(real_growth_percent=3.0)  # less growth: higher intensity
    [outcome] = derive_all(plan, actor_label="tests", only=[INTENSITY])
    assert outcome.summary is not None and outcome.summary.updated == 1 and outcome.summary.unchanged == 5
    new = derived()["2025"].value
    assert new > old
    assert new == pytest.approx(hand_change(2025), abs=1e-4)
    records = ChangeRecord.objects.filter(entity="observation", entity_key=f"jinshan-2023/{INTENSITY}/2025")
    last = records.order_by("id").last()
    assert last is not None and last.action == "updated"
    assert (last.before["value"], last.after["value"]) == (pytest.approx(old), pytest.approx(new))


def test_missing_base_year_gdp_is_a_problem_not_a_crash(plan: Plan, capsys: Capsys) -> None:
    DistrictGdp.objects.filter(year=BASE).delete()
    [outcome] = derive_all(plan, actor_label="tests", only=[INTENSITY])
    assert outcome.summary is None
    assert "no GDP for the base year 2020" in outcome.problem
    assert not derived()
    assert main(["indicators", "derive"]) == 1
    err = capsys.readouterr().err
    assert f"{INTENSITY}: 未能计算 / not derived:" in err and "2020" in err


def test_missing_base_year_energy_is_a_problem(plan: Plan) -> None:
    ActivityRecord.objects.filter(year=BASE).delete()
    [outcome] = derive_all(plan, actor_label="tests", only=[INTENSITY])
    assert outcome.summary is None and "base year" in outcome.problem
    assert not derived()


def test_the_cli_derives(plan: Plan, capsys: Capsys) -> None:
    assert main(["indicators", "derive"]) == 0
    first, *monitored = capsys.readouterr().out.strip().splitlines()
    assert first == f"{INTENSITY}: 新增 created 6 · 更新 updated 0 · 未变 unchanged 0"
    # Without a month of monitoring the PUE indicators have nothing to derive yet, which is no failure.
    assert [line.split(":")[0] for line in monitored] == ["existing_data_centre_pue", "new_data_centre_pue"]
    assert all("no complete month of monitoring data" in line for line in monitored)
    assert main(["indicators", "derive"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"{INTENSITY}: 新增 created 0 · 更新 updated 0 · 未变 unchanged 6"
    assert derived()["2024"].entered_by_label.startswith("cli:indicators derive")

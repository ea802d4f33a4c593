"""The district context built from stored data: the plan's base year, the accounting series, the
projection of 2030, and the averages. Expected values are recomputed here from the same rule."""

from __future__ import annotations

import pytest

from carbonpeak.accounting.models import DistrictGdp
from carbonpeak.accounting.services import energy_intensity_series
from carbonpeak.plan.models import Plan
from carbonpeak.review.intake import ReviewInputError
from carbonpeak.review.projection import ProjectionError, project
from carbonpeak.review.queries import district_context, energy_co2_by_year
from carbonpeak.review.services import assess_data
from tests.review.support import ENERGY_TCE, project_data


def test_projection_rule_by_hand() -> None:
    series = {2020: 100.0, 2021: 110.0, 2022: 121.0}
    assert project(series, 2020, 2022).value == 121.0 and project(series, 2020, 2022).stored
    p = project(series, 2020, 2025)  # 10 %/yr from 2020 to 2022, carried on three more years
    assert (p.from_year, p.annual_change_pct) == (2022, pytest.approx(10.0))
    assert p.value == pytest.approx(121 * 1.1**3)
    assert project({2020: 100.0}, 2020, 2030).value == 100.0  # only the base year: held flat
    assert project({2020: 100.0, 2024: 90.0}, 2020, 2022).value == pytest.approx(100.0)  # latest ≤ 2022 is 2020
    with pytest.raises(ProjectionError):
        project({2021: 1.0}, 2020, 2025)


def test_context_from_the_demo_district(plan: Plan) -> None:
    ctx = district_context()
    series = {y.year: y for y in energy_intensity_series(plan.base_year).years}
    co2 = energy_co2_by_year()
    assert ctx.base_year == plan.base_year == 2020
    assert ctx.base_energy_tce == pytest.approx(series[2020].energy_tce)
    assert ctx.base_value_added_10k_cny == pytest.approx(DistrictGdp.objects.get(year=2020).value_10k_cny)
    assert ctx.base_co2_t == pytest.approx(co2[2020])
    y2025, y2030 = ctx.years
    assert y2025.year == 2025 and y2025.energy_tce == pytest.approx(series[2025].energy_tce)  # stored
    assert y2025.value_added_10k_cny == pytest.approx(series[2025].gdp_comparable_10k_cny)
    energy_rate = (series[2025].energy_tce / series[2020].energy_tce) ** (1 / 5)
    gdp_rate = (series[2025].gdp_comparable_10k_cny / series[2020].gdp_comparable_10k_cny) ** (1 / 5)
    assert y2030.energy_tce == pytest.approx(series[2025].energy_tce * energy_rate**5)
    assert y2030.value_added_10k_cny == pytest.approx(series[2025].gdp_comparable_10k_cny * gdp_rate**5)
    assert "projected from 2025" in ctx.source and "stored" in ctx.source
    gdp_2025 = DistrictGdp.objects.get(year=2025).value_10k_cny
    assert ctx.district_average is not None
    assert ctx.district_average.energy_tce_per_10k_cny == pytest.approx(series[2025].energy_tce / gdp_2025)
    assert ctx.shanghai_average is None  # no sourced figure in averages.yaml yet


def test_without_base_year_gdp_the_context_names_what_is_missing(plan: Plan) -> None:
    DistrictGdp.objects.filter(year=plan.base_year).delete()
    with pytest.raises(ReviewInputError) as caught:
        district_context()
    (issue,) = caught.value.issues
    assert issue.field == "base_year" and "2020" in issue.reason


def test_the_worked_example_of_the_methodology_on_the_demo_district(db: None) -> None:
    # docs/methodology/review.md, "District context in CarbonPeak": the chlor-alkali plant (1 944.5 tce).
    impact = assess_data(project_data()).as_dict()["impact"]
    assert impact["intensity_2025_without_project"] == pytest.approx(0.350624, abs=5e-7)
    assert impact["intensity_2025_with_project"] == pytest.approx(0.350507, abs=5e-7)
    assert impact["intensity_2025_path"] == pytest.approx(0.386611, abs=5e-7)
    budget = impact["years"]["2025"]["energy"]["remaining_budget"]
    assert budget == pytest.approx(477_540.5, abs=0.5)
    assert impact["share_of_remaining_energy_budget"] == pytest.approx(ENERGY_TCE / budget)
    assert impact["intensity_2030_path"] is None and impact["share_of_remaining_carbon_budget"] is None

"""Worked examples of the project assessment, every expected figure computed here by hand.

Factors (the bundled `shanghai` set, which extends `cn-national`; projects at capacity in 2025):

    electricity  当量值 0.1229 kgce/kWh (GB/T 2589-2020 附录A)      → 0.0001229 tce/kWh
                 等价值 0.404 kgce/kWh (能源统计年鉴)                → 0.000404 tce/kWh
                 CO2 4.2 t/10^4 kWh (沪环气〔2022〕34号, from 2022)    → 0.00042 t/kWh
    raw coal     0.7143 kgce/kg (GB/T 2589-2020)                      → 0.7143 tce/t
                 CO2 20.908 GJ/t × 26.1 tC/TJ × 0.93 × 44/12          ≈ 1.8608 t/t
    natural gas  1.33 kgce/m3 (GB/T 2589-2020, 38 931 kJ/m3)          → 0.00133 tce/m3
                 CO2 389.31 GJ/10^4 m3 × 15.3 tC/TJ × 0.99 × 44/12    ≈ 21.6219 t/10^4 m3

Tiers (thresholds.yaml, 固定资产投资项目节能审查办法 2023): exempt if < 1000 tce AND < 5 000 000 kWh;
city if ≥ 10 000 tce; district otherwise.

The example district (illustrative round numbers, not Jinshan's): 2020 energy 5 000 000 tce,
GDP 10 000 000 ×10^4 CNY, CO2 20 000 000 t; 2025 without the project 5 200 000 tce,
13 000 000 ×10^4 CNY, 20 000 000 t CO2, CO2 target −18 %; 2030 5 500 000 tce, 17 000 000 ×10^4 CNY.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from carbonpeak.accounting.factor_sets import FactorSet, bundled_factor_sets, parse_manifest, resolve
from carbonpeak.common.industries import industry_table
from carbonpeak.review.assessment import Assessment, assess
from carbonpeak.review.district import AverageIntensity, DistrictContext, DistrictYear
from carbonpeak.review.intake import ProjectInput, ReviewInputError, parse_project
from carbonpeak.review.thresholds import DEFAULT_PATH, ReviewTier, load_thresholds, review_tier
from carbonpeak.review.two_high import TwoHighSector, classify_two_high, two_high_entries

REL = 1e-9
ELEC_TCE = 0.1229 / 1000  # tce per kWh
ELEC_TCE_EV = 0.404 / 1000
ELEC_CO2 = 4.2 / 10_000  # t per kWh
COAL_TCE = 0.7143  # tce per t
COAL_CO2 = 20.908 * 26.1 / 1000 * 0.93 * 44 / 12  # t per t, ≈ 1.8608
GAS_TCE = 1.33 / 1000  # tce per m3
GAS_CO2 = 389.31 * 15.3 / 1000 * 0.99 * 44 / 12 / 10_000  # t per m3, ≈ 0.00216219
USCC = "91310116MA1J00000Y"


@cache
def factor_set(set_id: str = "shanghai") -> FactorSet:
    return resolve(set_id, bundled_factor_sets())


def elec(kwh: float) -> dict[str, Any]:
    return {"energy_type": "electricity", "quantity": kwh, "unit": "kWh"}


def coal(tonnes: float) -> dict[str, Any]:
    return {"energy_type": "raw_coal", "quantity": tonnes, "unit": "t"}


def gas(m3: float, use: str = "fuel") -> dict[str, Any]:
    return {"energy_type": "natural_gas", "quantity": m3, "unit": "m3", "use": use}


def project(energy: list[dict[str, Any]], **fields: Any) -> ProjectInput:
    data: dict[str, Any] = {
        "name": "示例项目", "owner_uscc": USCC, "industry_code": "3484", "town": "漕泾镇", "kind": "new",
        "energy": energy, "output_value_10k_cny": 50_000, "value_added_10k_cny": 10_000, "first_full_year": 2025,
        **fields,
    }
    return parse_project(data)


def context(**changes: Any) -> DistrictContext:
    fields: dict[str, Any] = {
        "name": "示例区",
        "base_year": 2020,
        "base_energy_tce": 5_000_000,
        "base_value_added_10k_cny": 10_000_000,
        "base_co2_t": 20_000_000,
        "years": (
            DistrictYear(2025, 5_200_000, 13_000_000, co2_t=20_000_000, co2_intensity_change_pct=-18),
            DistrictYear(2030, 5_500_000, 17_000_000),
        ),
        "district_average": AverageIntensity(0.5, 2.0, 2023, "示例"),
        "shanghai_average": AverageIntensity(0.1, None, 2023, "示例"),
        **changes,
    }
    return DistrictContext(**fields)


def run(p: ProjectInput, ctx: DistrictContext | None = None, **kwargs: Any) -> Assessment:
    return assess(p, factor_set(), ctx or context(), **kwargs)


# --- a full worked example ----------------------------------------------------------------------

def chlor_alkali(unit_consumption: float = 320) -> ProjectInput:
    """A new 烧碱 plant: 5 000 000 kWh and 1 000 000 m3 of gas a year, value added 10 000 ×10^4 CNY."""
    return project(
        [elec(5_000_000), gas(1_000_000)],
        industry_code="2612",
        products=[{"name": "烧碱", "output": 10, "unit": "万t", "unit_consumption": unit_consumption,
                   "quota_standard": "GB 21257", "advanced_value": 300, "unit_of_consumption": "kgce/t"}],
    )


def test_worked_example_new_plant_energy_co2_and_intensity() -> None:
    a = run(chlor_alkali())
    # 当量值: 5 000 000 × 0.1229 / 1000 = 614.5; 1 000 000 × 1.33 / 1000 = 1 330; total 1 944.5 tce
    assert a.counted.energy_tce == pytest.approx(614.5 + 1330, rel=REL)
    assert a.counted.energy_tce == pytest.approx(1944.5, rel=REL)
    # 等价值: 5 000 000 × 0.404 / 1000 = 2 020; gas unchanged 1 330; total 3 350 tce
    assert a.counted.energy_tce_equal_value == pytest.approx(3350, rel=REL)
    assert a.counted.electricity_kwh == 5_000_000
    # CO2: 500 ×10^4 kWh × 4.2 = 2 100 t; 100 ×10^4 m3 × 21.6219 = 2 162.19 t; total ≈ 4 262.19 t
    assert a.counted.co2_t == pytest.approx(5_000_000 * ELEC_CO2 + 1_000_000 * GAS_CO2, rel=REL)
    assert a.counted.co2_t == pytest.approx(4262.19, abs=0.01)
    # Per 10^4 CNY of value added: 1 944.5 / 10 000 = 0.19445 tce; 4 262.19 / 10 000 = 0.426219 t
    assert a.intensity_tce_per_10k_cny == pytest.approx(0.19445, rel=REL)
    assert a.co2_per_10k_cny == pytest.approx(0.426219, abs=1e-6)
    assert a.factor_set == factor_set().label()


def test_worked_example_compared_with_the_district_and_shanghai_averages() -> None:
    comparison = run(chlor_alkali()).as_dict()["comparison"]
    # district 0.5 tce/10^4 CNY: 0.19445 / 0.5 = 0.3889, below the average
    assert comparison["district"]["energy_ratio"] == pytest.approx(0.3889, rel=REL)
    assert comparison["district"]["energy_below_average"] is True
    # CO2: 0.426219 / 2.0 = 0.21311
    assert comparison["district"]["co2_ratio"] == pytest.approx(0.21311, abs=1e-5)
    # Shanghai 0.1 (an illustrative figure): 0.19445 / 0.1 = 1.9445, above the average; no CO2 average given
    assert comparison["shanghai"]["energy_ratio"] == pytest.approx(1.9445, rel=REL)
    assert comparison["shanghai"]["energy_below_average"] is False
    assert comparison["shanghai"]["co2_ratio"] is None and comparison["shanghai"]["co2_below_average"] is None


def test_worked_example_district_impact_2025_and_2030() -> None:
    impact = run(chlor_alkali()).as_dict()["impact"]
    # 2025 without: 5 200 000 / 13 000 000 = 0.4
    assert impact["intensity_2025_without_project"] == pytest.approx(0.4, rel=REL)
    # with: (5 200 000 + 1 944.5) / (13 000 000 + 10 000) = 5 201 944.5 / 13 010 000 ≈ 0.399842
    assert impact["intensity_2025_with_project"] == pytest.approx(5_201_944.5 / 13_010_000, rel=REL)
    # path: 2020 intensity 5 000 000 / 10 000 000 = 0.5; × (1 − 0.14) = 0.43
    assert impact["intensity_2025_path"] == pytest.approx(0.43, rel=REL)
    # remaining 2025 energy budget: 0.43 × 13 000 000 − 5 200 000 = 390 000 tce; share 1 944.5 / 390 000
    year = impact["years"]["2025"]["energy"]
    assert year["remaining_budget"] == pytest.approx(390_000, rel=REL)
    assert impact["share_of_remaining_energy_budget"] == pytest.approx(1944.5 / 390_000, rel=REL)
    assert impact["share_of_remaining_energy_budget"] == pytest.approx(0.004986, abs=1e-6)
    # change vs 2020: 0.4 / 0.5 − 1 = −20 %; the path asks for −14 %, so both meet it
    assert year["change_without_project_pct"] == pytest.approx(-20.0, rel=REL)
    assert year["meets_path"] == {"without_project": True, "with_project": True}
    # carbon: 2020 20 000 000 / 10 000 000 = 2.0 t; path 2.0 × (1 − 0.18) = 1.64;
    # budget 1.64 × 13 000 000 − 20 000 000 = 1 320 000 t; share 4 262.19 / 1 320 000 ≈ 0.003229
    carbon = impact["years"]["2025"]["carbon"]
    assert carbon["path"] == pytest.approx(1.64, rel=REL)
    assert carbon["remaining_budget"] == pytest.approx(1_320_000, rel=REL)
    assert impact["share_of_remaining_carbon_budget"] == pytest.approx(0.003229, abs=1e-6)
    # 2030: 5 500 000 / 17 000 000 ≈ 0.323529 without; (5 500 000 + 1 944.5) / 17 010 000 with; no target
    assert impact["intensity_2030_without_project"] == pytest.approx(5_500_000 / 17_000_000, rel=REL)
    assert impact["intensity_2030_with_project"] == pytest.approx(5_501_944.5 / 17_010_000, rel=REL)
    assert impact["intensity_2030_path"] is None
    assert impact["years"]["2030"]["carbon"] is None  # no 2030 CO2 figure in the context


def test_the_json_answer_has_the_fields_the_issue_requires() -> None:
    answer = json.loads(json.dumps(run(chlor_alkali()).as_dict(), ensure_ascii=False))
    for key in ("energy_tce", "energy_tce_equal_value", "electricity_kwh", "co2_t", "review_tier", "two_high",
                "intensity_tce_per_10k_cny", "impact", "factor_set"):
        assert key in answer, key
    for key in ("intensity_2025_with_project", "intensity_2025_without_project", "share_of_remaining_energy_budget"):
        assert key in answer["impact"], key
    assert answer["review_tier"] == "district"
    assert answer["two_high"] is True
    assert answer["factor_set"].startswith("shanghai@")


# --- review tier: each boundary just below and at ----------------------------------------------------

@pytest.mark.parametrize(
    ("energy", "tier", "tce", "kwh"),
    [
        # 999.99 tce of coal: 999.99 / 0.7143 ≈ 1 399.958 t; no electricity → both below → exempt
        ([coal(999.99 / COAL_TCE)], ReviewTier.EXEMPT, 999.99, 0),
        # exactly 1 000 tce: 1 000 / 0.7143 ≈ 1 399.972 t; 不满1000 is strict → district
        ([coal(1000 / COAL_TCE)], ReviewTier.DISTRICT, 1000.0, 0),
        # 4 999 999 kWh: 4 999 999 × 0.0001229 = 614.4998771 tce; both below → exempt
        ([elec(4_999_999)], ReviewTier.EXEMPT, 614.4998771, 4_999_999),
        # exactly 5 000 000 kWh (614.5 tce, well under 1 000): electricity not below → district
        ([elec(5_000_000)], ReviewTier.DISTRICT, 614.5, 5_000_000),
        # 4 999 999 kWh plus 385 tce of coal (385 / 0.7143 t): 999.4998771 tce → still exempt
        ([elec(4_999_999), coal(385 / COAL_TCE)], ReviewTier.EXEMPT, 999.4998771, 4_999_999),
        # 9 999.99 tce → district
        ([coal(9999.99 / COAL_TCE)], ReviewTier.DISTRICT, 9999.99, 0),
        # exactly 10 000 tce: 及以上 is inclusive → city
        ([coal(10_000 / COAL_TCE)], ReviewTier.CITY, 10_000.0, 0),
        # 10 000 tce made of 40 000 000 kWh (4 916 tce) and 5 084 tce of coal → city
        ([elec(40_000_000), coal(5084 / COAL_TCE)], ReviewTier.CITY, 10_000.0, 40_000_000),
    ],
)
def test_review_tier_at_each_boundary(energy: list[dict[str, Any]], tier: ReviewTier, tce: float, kwh: float) -> None:
    a = run(project(energy))
    assert a.counted.energy_tce == pytest.approx(tce, rel=1e-9)
    assert a.counted.electricity_kwh == pytest.approx(kwh, rel=REL)
    assert a.tier is tier
    assert a.as_dict()["review_tier"] == tier.value


@pytest.mark.parametrize(
    ("tce", "kwh", "tier"),
    [
        (999.99, 0, ReviewTier.EXEMPT),
        (1000.0, 0, ReviewTier.DISTRICT),
        (999.9999999999, 0, ReviewTier.DISTRICT),  # float noise of 1000: taken as 1000
        (0, 4_999_999.99, ReviewTier.EXEMPT),
        (0, 5_000_000, ReviewTier.DISTRICT),
        (9999.99, 0, ReviewTier.DISTRICT),
        (10_000.0, 0, ReviewTier.CITY),
        (-50.0, 0, ReviewTier.EXEMPT),  # a renovation that saves energy
    ],
)
def test_review_tier_function(tce: float, kwh: float, tier: ReviewTier) -> None:
    assert review_tier(tce, kwh, load_thresholds()) is tier


def test_thresholds_come_from_the_data_file_with_their_source() -> None:
    t = load_thresholds()
    assert (t.exempt_energy_tce_below, t.exempt_electricity_kwh_below, t.city_energy_tce_at_least) == (
        1000, 5_000_000, 10_000)
    assert "固定资产投资项目节能审查办法" in t.source
    target = t.target(2025, 2020)
    assert target is not None and target.energy_change_pct == -14
    assert "沪府发〔2022〕7号" in target.source


def thresholds_file(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the bundled thresholds.yaml with one setting changed."""
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "thresholds.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_other_thresholds_can_be_configured(tmp_path: Path) -> None:
    path = thresholds_file(tmp_path, "energy_tce_at_least: 10000", "energy_tce_at_least: 5000")
    p = project([coal(6000 / COAL_TCE)])  # 6 000 tce
    assert run(p).tier is ReviewTier.DISTRICT
    assert run(p, thresholds=load_thresholds(path)).tier is ReviewTier.CITY


def test_a_city_limit_below_the_exempt_limit_is_refused(tmp_path: Path) -> None:
    path = thresholds_file(tmp_path, "energy_tce_at_least: 10000", "energy_tce_at_least: 500")
    with pytest.raises(ValueError, match=r"tiers\.city\.energy_tce_at_least"):
        load_thresholds(path)


def test_a_thresholds_file_missing_a_setting_is_refused(tmp_path: Path) -> None:
    path = thresholds_file(tmp_path, "electricity_kwh_below: 5000000", "electricity_kwh_limit: 5000000")
    with pytest.raises(ValueError, match="electricity_kwh_below"):
        load_thresholds(path)


def test_feedstock_counts_towards_the_tier_unless_configured_otherwise(tmp_path: Path) -> None:
    # 900 000 m3 of gas as feedstock: 900 000 × 1.33 / 1000 = 1 197 tce; plus 100 000 m3 fuel = 133 tce
    p = project([gas(900_000, use="feedstock"), gas(100_000)])
    assert run(p).tier_energy_tce == pytest.approx(1330, rel=REL)
    assert run(p).tier is ReviewTier.DISTRICT
    path = thresholds_file(tmp_path, "count_feedstock_in_tier: true", "count_feedstock_in_tier: false")
    a = run(p, thresholds=load_thresholds(path))
    assert a.tier_energy_tce == pytest.approx(133, rel=REL)
    assert a.tier is ReviewTier.EXEMPT
    # The district impact uses the dual-control basis, which leaves feedstock out either way: 133 tce
    assert a.counted.energy_tce_dual_control == pytest.approx(133, rel=REL)


# --- renovation: only the increase counts ----------------------------------------------------------

def test_renovation_is_counted_by_its_increase() -> None:
    """A plant burning 3 000 t of coal adds 2 000 000 kWh of electric heating.

    after:  3 000 × 0.7143 = 2 142.9 tce  +  2 000 000 × 0.0001229 = 245.8 tce  → 2 388.7 tce
    before: 3 000 × 0.7143 = 2 142.9 tce
    counted increase: 245.8 tce and 2 000 000 kWh → both below the limits → exempt;
    counted as a whole plant, 2 388.7 tce would need a district review.
    """
    after = [coal(3000), elec(2_000_000)]
    renovation = project(after, kind="renovation", energy_before=[coal(3000)],
                         value_added_10k_cny=20_000, value_added_before_10k_cny=18_000)
    a = run(renovation)
    assert a.after.energy_tce == pytest.approx(2388.7, rel=REL)
    assert a.before is not None and a.before.energy_tce == pytest.approx(2142.9, rel=REL)
    assert a.counted.energy_tce == pytest.approx(245.8, rel=1e-9)
    assert a.counted.electricity_kwh == pytest.approx(2_000_000, rel=REL)
    # CO2 increase: 200 ×10^4 kWh × 4.2 = 840 t (the coal cancels out)
    assert a.counted.co2_t == pytest.approx(840, rel=1e-9)
    assert a.tier is ReviewTier.EXEMPT
    assert run(project(after, value_added_10k_cny=20_000)).tier is ReviewTier.DISTRICT
    d = a.as_dict()
    assert d["counted_as"] == "increase"
    assert d["energy_tce"] == pytest.approx(245.8, rel=1e-9)
    # the plant after the renovation: 2 388.7 / 20 000 = 0.119435 tce per 10^4 CNY
    assert d["intensity_tce_per_10k_cny"] == pytest.approx(0.119435, rel=REL)
    # the district gains 20 000 − 18 000 = 2 000 ×10^4 CNY of GDP and 245.8 tce:
    # (5 200 000 + 245.8) / (13 000 000 + 2 000)
    assert d["value_added_counted_10k_cny"] == 2000
    assert d["impact"]["intensity_2025_with_project"] == pytest.approx(5_200_245.8 / 13_002_000, rel=1e-9)


def test_renovation_switching_fuel_is_counted_by_the_net_increase() -> None:
    """Coal 2 000 t → coal 1 000 t plus 8 000 000 kWh.

    energy: (1 000 × 0.7143 + 8 000 000 × 0.0001229) − 2 000 × 0.7143 = 1 697.5 − 1 428.6 = 268.9 tce
    electricity increase 8 000 000 kWh ≥ 5 000 000 → district, although 268.9 tce < 1 000
    CO2: 800 × 4.2 − 1 000 × 1.8608 = 3 360 − 1 860.8 ≈ 1 499.2 t
    value added not given as changed: the district gains energy but no GDP.
    """
    a = run(project([coal(1000), elec(8_000_000)], kind="renovation", energy_before=[coal(2000)]))
    assert a.counted.energy_tce == pytest.approx(268.9, rel=1e-9)
    assert a.counted.electricity_kwh == pytest.approx(8_000_000, rel=REL)
    assert a.counted.co2_t == pytest.approx(8_000_000 * ELEC_CO2 - 1000 * COAL_CO2, rel=1e-9)
    assert a.counted.co2_t == pytest.approx(1499.2, abs=0.1)
    assert a.tier is ReviewTier.DISTRICT
    assert a.value_added_counted_10k_cny == 0
    # (5 200 000 + 268.9) / 13 000 000
    assert a.as_dict()["impact"]["intensity_2025_with_project"] == pytest.approx(5_200_268.9 / 13_000_000, rel=1e-9)


# --- 两高 and 两高一低 ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("code", "energy", "products", "sector", "two_high"),
    [
        # 煤电: 4411 火力发电 burning coal is 两高; the same class burning gas is not
        ("4411", [coal(100_000)], [], TwoHighSector.COAL_POWER, True),
        ("4411", [gas(1_000_000)], [], TwoHighSector.COAL_POWER, False),
        ("4412", [coal(100_000), elec(1_000)], [], TwoHighSector.COAL_POWER, True),
        # 石化: 2511 炼油, the whole class; 2614 only for 乙烯 and 对二甲苯 (PX)
        ("2511", [gas(1_000_000)], [], TwoHighSector.PETROCHEMICAL, True),
        ("2614", [gas(1_000_000)], ["PX"], TwoHighSector.PETROCHEMICAL, True),
        ("2614", [gas(1_000_000)], ["醋酸"], TwoHighSector.PETROCHEMICAL, False),
        # 化工: 2612 烧碱 yes, 氢氧化钾 no; 2621 合成氨; 2523 煤制液体燃料 (whole class)
        ("2612", [elec(1_000)], ["烧碱"], TwoHighSector.CHEMICAL, True),
        ("2612", [elec(1_000)], ["氢氧化钾"], TwoHighSector.CHEMICAL, False),
        ("2621", [gas(1_000_000)], ["合成氨"], TwoHighSector.CHEMICAL, True),
        ("2523", [coal(1_000)], [], TwoHighSector.CHEMICAL, True),
        # 钢铁: 3120 炼钢 yes; 3130 钢压延加工 is not in the table
        ("3120", [elec(1_000)], [], TwoHighSector.STEEL, True),
        # 有色金属冶炼: 3216 铝冶炼 through the group 321
        ("3216", [elec(1_000)], [], TwoHighSector.NONFERROUS, True),
        ("3232", [elec(1_000)], [], TwoHighSector.NONFERROUS, True),
        # 建材: 3041 平板玻璃 yes; 3011 水泥 only with 水泥熟料 (a grinding station is not)
        ("3041", [gas(1_000_000)], [], TwoHighSector.BUILDING_MATERIALS, True),
        ("3011", [coal(1_000)], ["水泥熟料"], TwoHighSector.BUILDING_MATERIALS, True),
        ("3011", [elec(1_000)], ["水泥"], TwoHighSector.BUILDING_MATERIALS, False),
    ],
)
def test_two_high_in_each_sector(
    code: str, energy: list[dict[str, Any]], products: list[str], sector: TwoHighSector, two_high: bool
) -> None:
    p = project(energy, industry_code=code, products=[{"name": n} for n in products])
    d = run(p).as_dict()
    assert d["two_high"] is two_high
    assert d["two_high_basis"]["sector"] == sector.value
    assert d["two_high_basis"]["source"]["document"]  # every entry names its source
    assert d["two_high_basis"]["source"]["year"] >= 2017


@pytest.mark.parametrize("code", ["3130", "3252", "3240", "6450", "6550", "3484", "2710"])
def test_codes_outside_the_table_are_not_two_high(code: str) -> None:
    pue = {"design_pue": 1.25} if code in ("6450", "6550") else {}  # data centres must state it
    d = run(project([elec(1_000)], industry_code=code, **pue)).as_dict()
    assert d["two_high"] is False
    assert d["two_high_basis"] is None


def test_every_two_high_entry_is_a_real_code_with_a_source() -> None:
    table = industry_table()
    for entry in two_high_entries():
        if len(entry.code) == 4:
            assert entry.code in table.classes, entry.code
            assert entry.name == table.classes[entry.code], entry.code
        else:  # a group: some class of the table starts with it
            assert any(c.startswith(entry.code) for c in table.classes), entry.code
        assert entry.source.document and entry.source.article and entry.source.year, entry.code
    assert {e.sector for e in two_high_entries()} == set(TwoHighSector)


def test_a_gas_fired_power_plant_is_told_why_it_is_not_coal_power() -> None:
    match = classify_two_high("4411", [], ["natural_gas"])
    assert match is not None and not match.two_high
    assert "原煤" in match.reason and "raw coal" in match.reason


def test_a_product_limited_class_without_products_is_presumed_two_high() -> None:
    match = classify_two_high("2612", [], ["electricity"])
    assert match is not None and match.two_high and match.presumed
    assert "presumed" in match.reason


def test_product_names_match_exactly_so_polyethylene_is_not_ethylene() -> None:
    match = classify_two_high("2614", ["聚乙烯"], [])
    assert match is not None and not match.two_high


@pytest.mark.parametrize(
    ("unit_consumption", "below", "two_high_one_low"),
    [
        (320, True, True),  # 320 kgce/t is worse than the advanced value 300 → 两高一低
        (300, False, False),  # at the advanced value is not below it
        (290, False, False),  # better than advanced
    ],
)
def test_two_high_one_low_when_a_product_is_worse_than_the_advanced_value(
    unit_consumption: float, below: bool, two_high_one_low: bool
) -> None:
    a = run(chlor_alkali(unit_consumption))
    assert a.two_high is True
    assert a.efficiency_below_advanced is below
    assert a.two_high_one_low is two_high_one_low
    assert a.as_dict()["products"][0]["below_advanced"] is below


def test_without_an_advanced_value_efficiency_is_unknown_and_not_two_high_one_low() -> None:
    a = run(project([elec(1_000)], industry_code="2612",
                    products=[{"name": "烧碱", "unit_consumption": 400, "unit_of_consumption": "kgce/t"}]))
    assert a.two_high is True
    assert a.efficiency_below_advanced is None
    assert a.two_high_one_low is False


def test_a_low_efficiency_project_outside_two_high_is_not_two_high_one_low() -> None:
    a = run(project([elec(1_000)], industry_code="3484", products=[
        {"name": "零件", "unit_consumption": 2, "advanced_value": 1, "quota_standard": "企业标准",
         "unit_of_consumption": "kgce/件"}]))
    assert a.efficiency_below_advanced is True
    assert a.two_high_one_low is False


# --- district impact: timing, used-up budgets, targets -------------------------------------------------

def test_a_project_at_capacity_after_2025_leaves_2025_unchanged() -> None:
    d = run(replace(chlor_alkali(), first_full_year=2027)).as_dict()["impact"]
    assert d["years"]["2025"]["project_counted"] is False
    assert d["intensity_2025_with_project"] == d["intensity_2025_without_project"]
    assert d["share_of_remaining_energy_budget"] == 0
    assert d["years"]["2030"]["project_counted"] is True
    assert d["intensity_2030_with_project"] == pytest.approx(5_501_944.5 / 17_010_000, rel=REL)


def test_a_used_up_budget_gives_no_share_and_says_so() -> None:
    # 2025 at 5 700 000 tce: 0.43 × 13 000 000 = 5 590 000 < 5 700 000, nothing left
    ctx = context(years=(DistrictYear(2025, 5_700_000, 13_000_000),))
    energy = run(chlor_alkali(), ctx).as_dict()["impact"]["years"]["2025"]["energy"]
    assert energy["remaining_budget"] == pytest.approx(-110_000, rel=REL)
    assert energy["budget_used_up"] is True
    assert energy["share_of_remaining_budget"] is None
    assert energy["meets_path"] == {"without_project": False, "with_project": False}


def test_a_year_may_carry_its_own_target() -> None:
    # −10 %: path 0.5 × 0.9 = 0.45; budget 0.45 × 13 000 000 − 5 200 000 = 650 000 tce
    ctx = context(years=(DistrictYear(2025, 5_200_000, 13_000_000, energy_intensity_change_pct=-10),))
    impact = run(chlor_alkali(), ctx).as_dict()["impact"]
    assert impact["intensity_2025_path"] == pytest.approx(0.45, rel=REL)
    assert impact["share_of_remaining_energy_budget"] == pytest.approx(1944.5 / 650_000, rel=REL)


def test_without_co2_figures_there_is_no_carbon_budget() -> None:
    ctx = context(base_co2_t=None)
    impact = run(chlor_alkali(), ctx).as_dict()["impact"]
    assert impact["share_of_remaining_carbon_budget"] is None
    assert impact["years"]["2025"]["carbon"] is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"base_energy_tce": 0}, "base_energy_tce"),
        ({"base_value_added_10k_cny": -1}, "base_value_added_10k_cny"),
        ({"years": ()}, "years"),
        ({"years": (DistrictYear(2019, 1, 1),)}, "years[0].year"),
        ({"years": (DistrictYear(2025, 1, 0),)}, "years[0].value_added_10k_cny"),
        ({"years": (DistrictYear(2025, 1, 1), DistrictYear(2025, 2, 2))}, "years"),
    ],
)
def test_a_bad_district_context_is_refused_naming_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ReviewInputError) as caught:
        context(**changes)
    assert [i.field for i in caught.value.issues] == [field]


# --- factor sets -------------------------------------------------------------------------------------

def test_the_assessment_names_the_factor_set_and_follows_it() -> None:
    p = project([elec(5_000_000)])
    national = assess(p, factor_set("cn-national"), context())
    # national grid 2023+ factor 0.5306 kg/kWh: 5 000 000 × 0.5306 / 1000 = 2 653 t (Shanghai: 2 100 t)
    assert national.counted.co2_t == pytest.approx(2653, rel=REL)
    assert run(p).counted.co2_t == pytest.approx(2100, rel=REL)
    assert national.as_dict()["factor_set"] == factor_set("cn-national").label()
    assert national.factor_set.startswith("cn-national@")


def test_a_factor_set_lacking_a_factor_is_reported_on_the_energy_line() -> None:
    spec = parse_manifest({"id": "bare", "name": "bare"}, "bare",
                          "subject,parameter,value,unit,standard\nraw_coal,coal_coefficient,0.7143,kgce/kg,GB/T 2589\n")
    bare = resolve("bare", {"bare": spec})
    with pytest.raises(ReviewInputError) as caught:
        assess(project([elec(1_000)]), bare, context())
    fields = {i.field for i in caught.value.issues}
    assert fields == {"energy[0].energy_type"}
    assert any("bare" in i.reason and "coal_coefficient" in i.reason for i in caught.value.issues)

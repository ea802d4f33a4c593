"""services.build_inventory: a year's inventory from what is stored (the demo district)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import yaml

from carbonpeak.accounting import services
from carbonpeak.accounting.models import ActivityRecord
from tests.accounting._hand import DEMO_FILE, ELEC_CO2_SHANGHAI_2023, ELEC_CO2_SHANGHAI_BEFORE_2022


@cache
def demo() -> dict[str, Any]:
    return yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def lines(year: int, factor_set: str | None = None) -> dict[str, dict[str, Any]]:
    return {line.spec.code: line.as_dict() for line in services.build_inventory(year, factor_set).lines}


def grown(base: float, growth: float, years: int, digits: int) -> float:
    return round(base * (1 + growth / 100) ** years, digits)


def test_lines_add_up_to_the_totals(db: None) -> None:
    built = services.build_inventory(2023)
    assert built.total_co2e_t == pytest.approx(sum(line.co2e_t for line in built.lines), rel=1e-12)
    assert built.gross_co2e_t == pytest.approx(
        sum(line.co2e_t for line in built.lines if not line.spec.code.startswith("lulucf.")), rel=1e-12)
    assert built.factor_set.startswith("shanghai@")
    assert len(built.lines) == 22


def test_build_matches_the_compiled_demo_inventory(db: None) -> None:
    stored = services.latest_inventories()[2023]
    built = services.build_inventory(2023)
    assert built.total_co2e_t == pytest.approx(stored.total_co2e_t, rel=1e-12)
    assert [line.as_dict() for line in built.lines] == stored.lines


def test_removals_are_negative_and_match_area_times_rate(db: None) -> None:
    got = lines(2023)
    forest_ha = grown(9000, 1.5, 3, 1)  # 9411.1 ha
    wetland_ha = grown(7800, 0.5, 3, 1)  # 7917.6 ha
    assert got["lulucf.forest"]["co2e_t"] == pytest.approx(-forest_ha * 3.9) == pytest.approx(-36703.29)
    assert got["lulucf.wetland"]["co2e_t"] == pytest.approx(-wetland_ha * 0.6) == pytest.approx(-4750.56)
    assert all(line["co2e_t"] < 0 for code, line in got.items() if code.startswith("lulucf."))
    assert all(line["co2e_t"] >= 0 for code, line in got.items() if not code.startswith("lulucf."))


def test_entered_lines_convert_gases_with_ar5_gwp(db: None) -> None:
    got = lines(2023)
    # Incineration: 822 700 residents × 1 kg/day × 365.25 × (1 − 43 % recovered) × 0.35 t fossil CO2/t,
    # stored to 0.1 t (the demo source's waste figures, which the roadmap's base year uses too).
    assert got["waste.incineration"]["co2e_t"] == pytest.approx(round(822_700 * 0.36525 * 0.57 * 0.35, 1)) == (
        pytest.approx(59948.0))
    # Livestock: 900 t CH4 and 40 t N2O × 0.97³ (to 0.01 t) × GWP 28 / 265.
    ch4, n2o = grown(900, -3.0, 3, 2), grown(40, -3.0, 3, 2)
    assert (ch4, n2o) == (821.41, 36.51)
    assert got["agriculture.livestock"]["co2e_t"] == pytest.approx(ch4 * 28 + n2o * 265) == pytest.approx(32674.63)
    assert got["agriculture.livestock"]["quality"] == "L"


def test_purchased_electricity_uses_the_factor_of_the_year(db: None) -> None:
    # Transport electricity: 3000 10⁴ kWh × 1.25^n; Shanghai's 7.88 t/10⁴ kWh until 2021, then 4.2.
    assert lines(2021)["energy.transport.indirect"]["co2e_t"] == pytest.approx(3750 * ELEC_CO2_SHANGHAI_BEFORE_2022)
    assert lines(2023)["energy.transport.indirect"]["co2e_t"] == pytest.approx(5859.375 * ELEC_CO2_SHANGHAI_2023)


def test_green_power_is_counted_at_zero_from_2023(db: None) -> None:
    # Commercial electricity in 2023: data centre 12 000 × 1.12³ and buildings 95 000 × 1.025³ at 4.2;
    # the data centre's 2000 10⁴ kWh of traded green power at 0.
    grid = grown(12000, 12.0, 3, 3) + grown(95000, 2.5, 3, 3)
    assert lines(2023)["energy.commercial.indirect"]["co2e_t"] == pytest.approx(grid * 4.2) == pytest.approx(
        500487.729)


def test_lines_without_data_carry_ne(db: None) -> None:
    got = lines(2023)
    sectors = {stream["sector"] for stream in demo()["streams"]}
    for code, line in got.items():
        if code.startswith("energy."):
            sector = code.split(".")[1]
            if sector in sectors:
                assert line["notation"] is None, code
            else:
                assert (line["notation"], line["co2e_t"]) == ("NE", 0.0), code
    assert {c for c, line in got.items() if line["notation"] == "NE"} == {
        "energy.unspecified.direct", "energy.unspecified.indirect", "ippu.product_use"}


def test_landfill_is_not_occurring(db: None) -> None:
    entry = next(e for e in demo()["entries"] if e["line"] == "waste.landfill")
    landfill = lines(2023)["waste.landfill"]
    assert landfill["notation"] == entry["notation"] == "NO"
    assert landfill["co2e_t"] == 0.0
    assert "plan task 51" in landfill["note"]


def test_every_line_has_gpc_and_scope(db: None) -> None:
    for code, line in lines(2023).items():
        assert line["gpc"] and line["gpc"][0] in "IV", code
        assert line["scope"] in (1, 2, 3), code
        if code.startswith("energy."):
            assert line["scope"] == {"direct": 1, "indirect": 2}[code.rsplit(".", 1)[1]], code
        else:
            assert line["scope"] == 1, code


def test_energy_is_shown_once_per_sector_on_the_direct_line(db: None) -> None:
    built = services.build_inventory(2023)
    assert all(line.energy_tce == 0 for line in built.lines if line.spec.code.endswith(".indirect"))
    assert built.energy_tce > 0


def test_year_without_any_data_is_all_notation_keys(db: None) -> None:
    built = services.build_inventory(2019)
    assert built.total_co2e_t == 0
    assert {line.as_dict()["notation"] for line in built.lines} == {"NE"}


def test_activity_removed_makes_energy_lines_ne(db: None) -> None:
    ActivityRecord.objects.filter(year=2023).delete()
    got = lines(2023)
    assert all(line["notation"] == "NE" for code, line in got.items() if code.startswith("energy."))
    assert got["waste.incineration"]["notation"] is None

"""The CLI JSON shape, and the IAMC export read back with pyam."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pyam
import pytest

from carbonpeak.roadmap.analysis import attribute, monte_carlo, result_json, run_scenario
from carbonpeak.roadmap.iamc import iamc_meta, iamc_rows, write_iamc_csv, write_iamc_xlsx
from carbonpeak.roadmap.scenario import default_scenarios, resolve


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    specs = default_scenarios()
    return {sid: run_scenario(resolve(specs, sid)) for sid in ("baseline", "plan")}


def test_result_json_has_the_cli_keys(results) -> None:  # type: ignore[no-untyped-def]
    specs = default_scenarios()
    a = attribute(resolve(specs, "plan"), resolve(specs, "baseline"))
    mc = monte_carlo(resolve(specs, "plan"), 100, seed=3)
    data = json.loads(json.dumps(result_json(results, a, mc)))
    assert data["illustrative"] is True
    plan = data["scenarios"]["plan"]
    assert {"peak_year", "peak_co2_t", "before_2030", "plateau_years", "series", "targets"} <= set(plan)
    assert plan["peak_year"] == results["plan"].peak.year
    assert set(plan["series"]) == {str(y) for y in range(2020, 2036)}
    year = plan["series"]["2025"]
    assert {"co2_t", "energy_tce", "energy_tce_dual_control", "co2_t_by_sector", "net_co2_t"} <= set(year)
    assert year["co2_t"] == pytest.approx(sum(year["co2_t_by_sector"].values()), rel=1e-9)
    assert data["scenarios"]["baseline"]["peak_year"] is None
    attribution = data["attribution"]
    assert attribution["method"] == "exact" and attribution["standard_error"] is None
    assert set(attribution["measures"]) == {m.id for m in resolve(specs, "plan").measures}
    assert set(attribution["measures"]["offshore_wind"]) == {str(y) for y in range(2020, 2036)}
    m = data["monte_carlo"]
    assert m["runs"] == 100 and m["seed"] == 3 and 0 <= m["p_peak_by_2030"] <= 1
    assert set(m["peak_year_quantiles"]) == {"p5", "p25", "p50", "p75", "p95"}
    assert set(m["peak_level_quantiles"]) == {"p5", "p25", "p50", "p75", "p95"}


def test_result_json_without_attribution_or_monte_carlo(results) -> None:  # type: ignore[no-untyped-def]
    data = result_json(results, None, None)
    assert data["attribution"] is None and data["monte_carlo"] is None


def test_targets_are_checked_against_the_plan(results) -> None:  # type: ignore[no-untyped-def]
    plan = {t.code: t for t in results["plan"].targets}
    ei = plan["energy_intensity_change"]
    r = results["plan"]
    expected = (r.at(r.energy_intensity, 2025) / r.energy_intensity[0] - 1) * 100
    assert ei.value == pytest.approx(expected) and ei.target == -14.0 and ei.met == (expected <= -14)
    assert plan["carbon_intensity_change"].target is None and plan["carbon_intensity_change"].met is None
    assert plan["carbon_peak_year"].met is True
    assert {t.code: t for t in results["baseline"].targets}["carbon_peak_year"].met is False


def test_iamc_csv_and_xlsx_read_back_with_pyam(results, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = iamc_rows(results)
    write_iamc_csv(rows, tmp_path / "roadmap.csv")
    write_iamc_xlsx(rows, tmp_path / "roadmap.xlsx", iamc_meta(results))
    for path in (tmp_path / "roadmap.csv", tmp_path / "roadmap.xlsx"):
        df = pyam.IamDataFrame(path)
        assert set(df.scenario) == {"baseline", "plan"} and df.model == ["CarbonPeak"] and df.region == ["Jinshan"]
        co2 = df.filter(scenario="plan", variable="Emissions|CO2").timeseries()
        assert co2.to_numpy()[0] == pytest.approx(results["plan"].net_co2_t * 1e-6, rel=1e-12)
        kt = df.convert_unit("Mt CO2/yr", to="kt CO2/yr").filter(scenario="plan", variable="Emissions|CO2")
        assert kt.timeseries().to_numpy()[0] == pytest.approx(results["plan"].net_co2_t * 1e-3, rel=1e-12)
        mtce = df.convert_unit("EJ/yr", to="Mtce/yr").filter(scenario="baseline", variable="Final Energy", year=2020)
        assert mtce.timeseries().to_numpy()[0, 0] == pytest.approx(results["baseline"].energy_tce[0] / 1e6, rel=1e-3)
        assert df.check_aggregate("Emissions|CO2|Energy|Demand") is None
        gross = df.subtract("Emissions|CO2", "Emissions|CO2|AFOLU", "gross").filter(scenario="plan")
        assert gross.timeseries().to_numpy()[0] == pytest.approx(results["plan"].co2_t * 1e-6, rel=1e-9)
    meta = pyam.IamDataFrame(tmp_path / "roadmap.xlsx").meta
    assert bool(meta.loc[("CarbonPeak", "plan"), "illustrative"]) is True


def test_iamc_writers_take_streams(results) -> None:  # type: ignore[no-untyped-def]
    rows = iamc_rows(results, model="M", region="R")
    text = io.StringIO()
    write_iamc_csv(rows, text)
    header = text.getvalue().splitlines()[0].split(",")
    assert header[:5] == ["Model", "Scenario", "Region", "Variable", "Unit"] and header[5] == "2020"
    blob = io.BytesIO()
    write_iamc_xlsx(rows, blob)
    assert blob.getvalue()[:2] == b"PK"
    assert all(np.isfinite(v) for row in rows for k, v in row.items() if isinstance(k, int))

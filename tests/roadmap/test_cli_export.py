"""`carbonpeak roadmap export --format csv|xlsx -o FILE`: IAMC files that pyam reads back."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonpeak.cli import main

pyam = pytest.importorskip("pyam")
Capsys = pytest.CaptureFixture[str]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_pyam_reads_the_export(db: None, tmp_path: Path, capsys: Capsys, fmt: str) -> None:
    path = tmp_path / f"roadmap.{fmt}"
    code = main(["roadmap", "export", "--format", fmt, "-o", str(path), "--scenario", "baseline",
                 "--scenario", "plan"])
    assert code == 0 and "已写出 / written" in capsys.readouterr().err
    df = pyam.IamDataFrame(path)
    assert set(df.scenario) == {"baseline", "plan"}
    assert df.model == ["CarbonPeak"] and len(df.region) == 1
    assert "Emissions|CO2" in df.variable
    assert min(df.year) == 2020 and max(df.year) == 2035
    co2 = df.filter(variable="Emissions|CO2", year=2030).timeseries()
    assert co2.loc[("CarbonPeak", "plan")].iloc[0, 0] < co2.loc[("CarbonPeak", "baseline")].iloc[0, 0]


def test_csv_to_stdout(db: None, capsys: Capsys) -> None:
    assert main(["roadmap", "export", "--scenario", "plan"]) == 0
    assert capsys.readouterr().out.startswith("Model,Scenario,Region,Variable,Unit,2020")


def test_unknown_scenario(db: None, tmp_path: Path, capsys: Capsys) -> None:
    path = tmp_path / "x.csv"
    assert main(["roadmap", "export", "-o", str(path), "--scenario", "nope"]) == 1
    assert not path.exists()
    assert "no such scenario: nope" in capsys.readouterr().err

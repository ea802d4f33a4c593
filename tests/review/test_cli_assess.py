"""`carbonpeak review assess FILE.json [--json]`: the figures a reviewer needs, nothing stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from carbonpeak.review.models import Project
from tests.review.support import (
    BAD_FIELDS,
    BAD_INPUT,
    CO2_T,
    ENERGY_TCE,
    ENERGY_TCE_EQUAL_VALUE,
    project_data,
)

Capsys = pytest.CaptureFixture[str]
REQUIRED = {"energy_tce", "energy_tce_equal_value", "electricity_kwh", "co2_t", "review_tier", "two_high",
            "intensity_tce_per_10k_cny", "impact"}
REQUIRED_IMPACT = {"intensity_2025_with_project", "intensity_2025_without_project", "share_of_remaining_energy_budget"}


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "project.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def run(capsys: Capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_answer_has_the_required_keys_and_the_figures_by_hand(db: None, tmp_path: Path, capsys: Capsys) -> None:
    code, out, _ = run(capsys, "review", "assess", write(tmp_path, project_data()), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= REQUIRED
    assert set(data["impact"]) >= REQUIRED_IMPACT
    assert data["energy_tce"] == pytest.approx(ENERGY_TCE)
    assert data["energy_tce_equal_value"] == pytest.approx(ENERGY_TCE_EQUAL_VALUE)
    assert data["electricity_kwh"] == pytest.approx(5_000_000)
    assert data["co2_t"] == pytest.approx(CO2_T)
    assert data["review_tier"] == "district"  # 5 000 000 kWh is not below the exempt limit
    assert data["two_high"] is True and data["two_high_one_low"] is True
    assert data["intensity_tce_per_10k_cny"] == pytest.approx(ENERGY_TCE / 10_000)
    impact = data["impact"]
    assert impact["intensity_2025_with_project"] < impact["intensity_2025_without_project"]  # efficient plant
    assert 0 < impact["share_of_remaining_energy_budget"] < 1
    assert data["factor_set"].startswith("shanghai@")


def test_plain_answer_names_the_figures(db: None, tmp_path: Path, capsys: Capsys) -> None:
    code, out, _ = run(capsys, "review", "assess", write(tmp_path, project_data()))
    assert code == 0
    assert "energy_tce" in out and "1,944.50" in out
    assert "review_tier" in out and "district" in out


def test_bad_input_exits_1_with_every_issue_and_stores_nothing(db: None, tmp_path: Path, capsys: Capsys) -> None:
    records_before = ChangeRecord.objects.count()
    code, out, err = run(capsys, "review", "assess", write(tmp_path, project_data(**BAD_INPUT)), "--json")
    assert code == 1
    errors = json.loads(out)["errors"]
    assert {e["field"] for e in errors} == BAD_FIELDS
    assert all(e["reason"] for e in errors)
    for field in BAD_FIELDS:
        assert f"{field}:" in err
    assert Project.objects.count() == 0
    assert ChangeRecord.objects.count() == records_before


def test_json_syntax_error_is_bad_input(db: None, tmp_path: Path, capsys: Capsys) -> None:
    code, _, err = run(capsys, "review", "assess", write(tmp_path, '{"name": '))
    assert code == 1
    assert "json" in err


def test_missing_file_is_not_bad_input(db: None, tmp_path: Path, capsys: Capsys) -> None:
    code, _, err = run(capsys, "review", "assess", str(tmp_path / "nowhere.json"))
    assert code == 2
    assert "cannot read" in err

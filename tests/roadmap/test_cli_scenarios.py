"""`carbonpeak roadmap scenarios list|show ID|load FILE.yaml`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from carbonpeak.roadmap.models import Scenario

Capsys = pytest.CaptureFixture[str]

FILE = """
scenarios:
  fast-pv:
    name_zh: 光伏提速
    name_en: Faster PV
    parent: plan
    overrides:
      measure.pv_new.capacity_mw_2025: 450
  fast-pv-wind:
    name_zh: 光伏提速加风电
    name_en: Faster PV and wind
    parent: fast-pv
    measures:
      - {id: more_wind, kind: generation, params: {source: wind, capacity_mw: 200, full_load_hours: 2500}}
"""


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "scenarios.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_list(db: None, capsys: Capsys) -> None:
    assert main(["roadmap", "scenarios", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("id")
    assert [line.split()[0] for line in out[1:]] == ["baseline", "plan", "plan_slow", "progress"]


def test_show_resolves_the_lineage(db: None, capsys: Capsys) -> None:
    assert main(["roadmap", "scenarios", "show", "plan_slow"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lineage"] == ["baseline", "plan", "plan_slow"]
    assert data["parameters"]["measures.delivery_scale"] == 0.6
    assert data["parent"] == "plan" and data["bundled"] is True


def test_show_unknown(db: None, capsys: Capsys) -> None:
    assert main(["roadmap", "scenarios", "show", "nope"]) == 1
    assert "没有此情景 / no such scenario: nope" in capsys.readouterr().err


def test_load_a_file_then_again(db: None, tmp_path: Path, capsys: Capsys) -> None:
    path = _write(tmp_path, FILE)
    assert main(["roadmap", "scenarios", "load", path]) == 0
    assert "新增 created 2" in capsys.readouterr().out
    child = Scenario.objects.get(slug="fast-pv-wind")
    assert child.parent is not None and child.parent.slug == "fast-pv" and not child.bundled
    assert child.measures[0]["params"]["capacity_mw"] == 200
    assert ChangeRecord.objects.filter(entity="roadmap_scenario", entity_key="fast-pv").count() == 1
    assert main(["roadmap", "scenarios", "load", path]) == 0
    assert "无变化 unchanged 2" in capsys.readouterr().out
    assert main(["roadmap", "scenarios", "load", _write(tmp_path, FILE.replace("450", "500"))]) == 0
    assert Scenario.objects.get(slug="fast-pv").version == 2


@pytest.mark.parametrize(("text", "expected"), [
    (FILE.replace("450", "99999"), "measure.pv_new.capacity_mw_2025"),
    (FILE.replace("parent: plan\n", "parent: fast-pv-wind\n"), "parent"),
    ("scenarios:\n  plan:\n    name_zh: 改\n    name_en: changed\n    parent: baseline\n", "read-only"),
    ("scenarios: [1, 2]\n", "scenarios"),
])
def test_bad_files_store_nothing(db: None, tmp_path: Path, capsys: Capsys, text: str, expected: str) -> None:
    before = Scenario.objects.count()
    assert main(["roadmap", "scenarios", "load", _write(tmp_path, text)]) == 1
    err = capsys.readouterr().err
    assert "nothing computed or stored" in err and expected in err
    assert Scenario.objects.count() == before


def test_unreadable_file(db: None, tmp_path: Path, capsys: Capsys) -> None:
    assert main(["roadmap", "scenarios", "load", str(tmp_path / "missing.yaml")]) == 2
    assert "无法读取 / cannot read" in capsys.readouterr().err

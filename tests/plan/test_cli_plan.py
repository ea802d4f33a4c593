"""`carbonpeak plan load` and `carbonpeak plan export` from the console."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from carbonpeak.cli import main
from carbonpeak.plan.models import Plan, Task
from tests.plan._support import bundled_raw, db_state, task_of, write_plan


def test_load_malformed_file_exits_2_and_names_the_issue(
    plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = bundled_raw()
    task_of(raw, 12)["lead"].append("区宇航局")
    task_of(raw, 12)["content"] = "不应写入"
    path = write_plan(raw, tmp_path, "bad.yaml")
    before = db_state()
    assert main(["plan", "load", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "nothing changed (1)" in err
    assert "任务 12 / task 12 · lead: 未知部门「区宇航局」" in err
    assert db_state() == before
    assert Task.objects.get(plan=plan, number=12).content != "不应写入"


def test_load_yaml_syntax_error_exits_2_with_the_line(
    plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("schema_version: 1\nplan:\n  code: x: y\n", encoding="utf-8")
    assert main(["plan", "load", str(path)]) == 2
    assert "line 3" in capsys.readouterr().err


def test_load_good_file_reports_unchanged(plan: Plan, plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = db_state()
    assert main(["plan", "load", str(plan_path)]) == 0
    out, _ = capsys.readouterr()
    assert out.strip() == "无变化 / unchanged: jinshan-2023"
    assert db_state() == before


def test_load_edited_file_reports_counts(plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = bundled_raw()
    task_of(raw, 30)["content"] = "加快既有数据中心节能升级改造。"
    assert main(["plan", "load", str(write_plan(raw, tmp_path))]) == 0
    out, _ = capsys.readouterr()
    assert out.strip() == "已载入 / loaded jinshan-2023: task.updated=1"
    assert Task.objects.get(plan=plan, number=30).content == "加快既有数据中心节能升级改造。"
    revision = plan.revisions.first()
    assert revision is not None and revision.actor_label.startswith("cli:plan load")


def test_export_json_to_file(plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "plan.json"
    assert main(["plan", "export", "--format", "json", "-o", str(out_file)]) == 0
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["plan"]["code"] == "jinshan-2023"
    assert len(data["tasks"]) == 80
    assert len(data["indicators"]) == 36
    assert "金府发〔2023〕1号" in out_file.read_text(encoding="utf-8")  # not \u-escaped
    assert str(out_file) in capsys.readouterr().err


def test_export_xlsx_to_file(plan: Plan, tmp_path: Path) -> None:
    out_file = tmp_path / "table.xlsx"
    assert main(["plan", "export", "--format", "xlsx", "-o", str(out_file)]) == 0
    ws = load_workbook(io.BytesIO(out_file.read_bytes())).active
    assert ws is not None
    assert ws.max_row == 82
    assert ws["A82"].value == 80


def test_export_unknown_plan_exits_2(plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "export", "--plan", "nowhere-2099"]) == 2
    assert "nowhere-2099" in capsys.readouterr().err

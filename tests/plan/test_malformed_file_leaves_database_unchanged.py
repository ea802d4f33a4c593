"""A file that fails validation, or fails half-way in the database, changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from carbonpeak.plan import services as loader
from carbonpeak.plan.models import Plan, Task
from carbonpeak.plan.plan_file import PlanFileError
from tests.plan._support import bundled_raw, db_state, indicator_of, task_of, write_plan


def _edited() -> dict[str, Any]:
    raw = bundled_raw()
    task_of(raw, 12)["content"] = "已修改的任务内容"
    raw["tasks"] = [t for t in raw["tasks"] if t["number"] != 79]
    indicator_of(raw, "forest_cover_rate")["targets"][0]["value"] = 20
    return raw


def test_file_failing_validation_changes_nothing(plan: Plan, tmp_path: Path) -> None:
    raw = _edited()
    task_of(raw, 12)["lead"].append("区宇航局")
    before = db_state()
    with pytest.raises(PlanFileError) as info:
        loader.load_plan_from_path(write_plan(raw, tmp_path), actor_label="test bad")
    assert [(i.field, "12" in i.where) for i in info.value.issues] == [("lead", True)]
    assert db_state() == before


def test_yaml_syntax_error_changes_nothing(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("schema_version: 1\nplan: [\n", encoding="utf-8")
    before = db_state()
    with pytest.raises(PlanFileError):
        loader.load_plan_from_path(path, actor_label="test broken")
    assert db_state() == before


def test_failure_half_way_through_the_database_rolls_everything_back(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_plan(_edited(), tmp_path)
    before = db_state()
    seen_mid_load: list[str] = []
    store_indicators = loader._store_indicators

    def store_then_fail(*args: Any, **kwargs: Any) -> None:
        store_indicators(*args, **kwargs)
        # Tasks and indicators are written by now: prove it, then fail.
        seen_mid_load.append(Task.objects.get(plan=plan, number=12).content)
        seen_mid_load.append(str(Task.objects.filter(plan=plan).count()))
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "_store_indicators", store_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        loader.load_plan_from_path(path, actor_label="test half-way")
    assert seen_mid_load == ["已修改的任务内容", "79"]
    after = db_state()
    assert after == before
    assert after["task12"][1].startswith("推动既有建筑安装光伏")
    assert ("forest_cover_rate", 2025, 16.5, "level") in after["targets"]


def test_failure_while_writing_tasks_rolls_back_earlier_rows(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _edited()
    raw["plan"]["title_en"] = "Edited title"
    raw["actions"][0]["name_en"] = "Edited action"
    path = write_plan(raw, tmp_path)
    before = db_state()

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom in tasks")

    monkeypatch.setattr(loader, "_store_tasks", fail)
    with pytest.raises(RuntimeError, match="boom in tasks"):
        loader.load_plan_from_path(path, actor_label="test tasks fail")
    assert db_state() == before
    plan.refresh_from_db()
    assert plan.title_en == "Jinshan District Carbon Peak Implementation Plan"
    assert plan.actions.get(number=1).name_en == "Green transformation and upgrading of industry"

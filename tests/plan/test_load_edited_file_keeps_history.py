"""Loading an edited plan file updates rows in place and keeps before/after history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.indicators.models import Indicator
from carbonpeak.plan.models import Plan, PlanRevision, Task
from carbonpeak.plan.services import LoadResult, load_plan_from_path
from tests.plan._support import bundled_raw, indicator_of, task_of, write_plan

NEW_CONTENT = "推动既有建筑安装光伏（修订）：到2025年覆盖率达到55%以上。"
NEW_INDICATOR: dict[str, Any] = {
    "code": "low_carbon_training_sessions",
    "name": "领导干部碳达峰专题培训场次",
    "name_en": "Carbon-peak training sessions for officials",
    "unit": "count",
    "direction": "increase",
    "action": 10,
    "base_year": None,
    "base_value": None,
    "targets": [{"year": 2025, "kind": "level", "value": 12}],
    "source": {"clause": "三、(十)4", "text": "分阶段、多层次对各级领导干部开展培训"},
    "tasks": [80],
}


def _edited() -> dict[str, Any]:
    raw = bundled_raw()
    task_of(raw, 12)["content"] = NEW_CONTENT
    task_of(raw, 12)["co"].remove("区卫健委")  # moved from task 12 …
    task_of(raw, 13)["co"].append("区卫健委")  # … to task 13
    indicator_of(raw, "existing_roof_pv_coverage")["targets"][0]["value"] = 55
    raw["tasks"] = [t for t in raw["tasks"] if t["number"] != 79]
    raw["indicators"].append(NEW_INDICATOR)
    return raw


@pytest.fixture
def edited_path(tmp_path: Path) -> Path:
    return write_plan(_edited(), tmp_path, "jinshan-edited.yaml")


@pytest.fixture
def loaded(plan: Plan, edited_path: Path) -> tuple[Plan, LoadResult, int, int]:
    """(plan, result, task 12 pk before, ChangeRecord max id before)."""
    task12_pk = Task.objects.get(plan=plan, number=12).pk
    last_id = ChangeRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    result = load_plan_from_path(edited_path, actor_label="test edit")
    return plan, result, task12_pk, last_id


def _records(last_id: int) -> dict[tuple[str, str, str], ChangeRecord]:
    records = ChangeRecord.objects.filter(id__gt=last_id)
    return {(r.entity, r.entity_key, r.action): r for r in records}


def test_rows_are_updated_in_place(loaded: tuple[Plan, LoadResult, int, int]) -> None:
    plan, result, task12_pk, _ = loaded
    assert result.changed is True
    task12 = Task.objects.get(plan=plan, number=12)
    assert task12.pk == task12_pk
    assert task12.content == NEW_CONTENT
    co12 = list(task12.responsibilities.filter(role="co").values_list("department__code", flat=True))
    assert co12 == ["construction", "eco", "gov_offices", "edu"]
    co13 = list(
        Task.objects.get(plan=plan, number=13)
        .responsibilities.filter(role="co")
        .values_list("department__code", flat=True)
    )
    assert co13 == ["planning", "health"]
    assert not plan.tasks.filter(number=79).exists()
    assert plan.tasks.count() == 79
    coverage = Indicator.objects.get(plan=plan, code="existing_roof_pv_coverage")
    assert list(coverage.targets.values_list("year", "value")) == [(2025, 55.0)]
    new = Indicator.objects.get(plan=plan, code="low_carbon_training_sessions")
    assert list(new.targets.values_list("year", "value", "kind")) == [(2025, 12.0, "level")]
    assert list(new.tasks.values_list("number", flat=True)) == [80]


def test_change_records_hold_exactly_the_changed_fields(
    loaded: tuple[Plan, LoadResult, int, int],
) -> None:
    _, _, _, last_id = loaded
    records = _records(last_id)
    assert set(records) == {
        ("task", "jinshan-2023/12", "updated"),
        ("task", "jinshan-2023/13", "updated"),
        ("task", "jinshan-2023/79", "deleted"),
        ("indicator", "jinshan-2023/existing_roof_pv_coverage", "updated"),
        ("indicator", "jinshan-2023/low_carbon_training_sessions", "created"),
    }
    t12 = records[("task", "jinshan-2023/12", "updated")]
    assert set(t12.before) == set(t12.after) == {"content", "co"}
    assert t12.before["co"] == ["construction", "eco", "gov_offices", "edu", "health"]
    assert t12.after == {"content": NEW_CONTENT, "co": ["construction", "eco", "gov_offices", "edu"]}
    assert t12.before["content"].startswith("推动既有建筑安装光伏，到2025年")
    t13 = records[("task", "jinshan-2023/13", "updated")]
    assert (t13.before, t13.after) == ({"co": ["planning"]}, {"co": ["planning", "health"]})
    ind = records[("indicator", "jinshan-2023/existing_roof_pv_coverage", "updated")]
    assert set(ind.before) == set(ind.after) == {"targets"}
    assert [t["value"] for t in ind.before["targets"]] == [50.0]
    assert [t["value"] for t in ind.after["targets"]] == [55]
    gone = records[("task", "jinshan-2023/79", "deleted")]
    assert gone.after == {}
    assert gone.before["lead"] == ["sasac"]
    created = records[("indicator", "jinshan-2023/low_carbon_training_sessions", "created")]
    assert created.before == {}
    assert created.after["unit"] == "count" and created.after["tasks"] == [80]
    for record in records.values():
        assert record.actor_label == "test edit"
        assert record.reason == "plan load jinshan-edited.yaml"


def test_one_revision_summarises_the_load(loaded: tuple[Plan, LoadResult, int, int], edited_path: Path) -> None:
    plan, result, _, _ = loaded
    assert plan.revisions.count() == 2
    revision = plan.revisions.first()
    assert revision is not None and revision == result.revision
    assert revision.file_name == "jinshan-edited.yaml"
    assert revision.actor_label == "test edit"
    expected = {"task.updated": 2, "task.deleted": 1, "indicator.updated": 1, "indicator.created": 1}
    assert revision.summary == expected
    assert dict(result.counts) == expected
    plan.refresh_from_db()
    assert plan.content_sha256 == revision.content_sha256


def test_loading_the_edited_file_again_changes_nothing(
    loaded: tuple[Plan, LoadResult, int, int], edited_path: Path
) -> None:
    plan, _, _, _ = loaded
    records = ChangeRecord.objects.count()
    revisions = PlanRevision.objects.count()
    again = load_plan_from_path(edited_path, actor_label="test edit again")
    assert again.changed is False
    assert again.revision is None
    assert dict(again.counts) == {}
    assert plan.revisions.count() == 2
    assert Task.objects.get(plan=plan, number=12).content == NEW_CONTENT
    assert ChangeRecord.objects.count() == records
    assert PlanRevision.objects.count() == revisions


def test_loading_the_original_again_restores_it(loaded: tuple[Plan, LoadResult, int, int], plan_path: Path) -> None:
    plan, _, task12_pk, _ = loaded
    back = load_plan_from_path(plan_path, actor_label="test revert")
    assert back.counts["task.created"] == 1
    assert back.counts["task.updated"] == 2
    assert back.counts["indicator.deleted"] == 1
    assert plan.tasks.count() == 80
    task12 = Task.objects.get(plan=plan, number=12)
    assert task12.pk == task12_pk
    assert task12.content.startswith("推动既有建筑安装光伏，到2025年")
    assert task12.responsibilities.filter(department__code="health", role="co").exists()
    assert not Indicator.objects.filter(code="low_carbon_training_sessions").exists()

"""The loaded Jinshan plan holds what the document says, and the database guards it."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import IntegrityError, transaction

from carbonpeak.indicators.models import Indicator, Target
from carbonpeak.plan.models import Department, Plan, Responsibility, ResponsibilityRole, Task
from tests.plan._support import bundled_spec

ACTION_NAMES = {
    1: "产业绿色转型升级行动",
    2: "能源绿色低碳转型行动",
    3: "节能降碳增效行动",
    4: "建筑领域节能低碳行动",
    5: "交通领域绿色低碳行动",
    6: "循环经济助力降碳行动",
    7: "绿色低碳科技创新行动",
    8: "碳汇能力巩固提升行动",
    9: "绿色低碳示范创建行动",
    10: "绿色低碳全民行动",
}
# First and last task number of each action in the printed breakdown table.
ACTION_TASK_RANGES = {
    1: (1, 8),
    2: (9, 22),
    3: (23, 32),
    4: (33, 40),
    5: (41, 48),
    6: (49, 59),
    7: (60, 65),
    8: (66, 70),
    9: (71, 76),
    10: (77, 80),
}


def test_plan_metadata(plan: Plan) -> None:
    assert plan.title == "金山区碳达峰实施方案"
    assert plan.document_number == "金府发〔2023〕1号"
    assert plan.issued_on.isoformat() == "2023-05-23"
    assert plan.base_year == 2020


def test_eighty_tasks_numbered_one_to_eighty(plan: Plan) -> None:
    numbers = list(plan.tasks.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, 81))
    assert [t.number for t in bundled_spec().tasks] == list(range(1, 81))


def test_ten_actions_with_their_names(plan: Plan) -> None:
    assert {a.number: a.name for a in plan.actions.all()} == ACTION_NAMES


def test_tasks_belong_to_the_action_of_their_table_section(plan: Plan) -> None:
    by_action: dict[int, list[int]] = {}
    for number, action in plan.tasks.values_list("number", "action__number"):
        by_action.setdefault(action, []).append(number)
    expected = {a: list(range(lo, hi + 1)) for a, (lo, hi) in ACTION_TASK_RANGES.items()}
    assert {a: sorted(n) for a, n in by_action.items()} == expected


def test_every_task_has_a_lead_on_the_task_and_in_responsibilities(plan: Plan) -> None:
    for task in plan.tasks.select_related("lead").prefetch_related("responsibilities__department"):
        leads = [r.department for r in task.responsibilities.all() if r.role == ResponsibilityRole.LEAD]
        assert leads, f"task {task.number} has no lead responsibility"
        assert leads[0] == task.lead, task.number


def test_database_responsibilities_match_the_plan_file(plan: Plan) -> None:
    spec = {t.number: t for t in bundled_spec().tasks}
    for task in plan.tasks.prefetch_related("responsibilities__department"):
        resp = list(task.responsibilities.all())
        lead = tuple(r.department.code for r in resp if r.role == ResponsibilityRole.LEAD)
        co = tuple(r.department.code for r in resp if r.role == ResponsibilityRole.CO)
        assert (lead, co) == (spec[task.number].lead, spec[task.number].co), task.number
        assert task.content == spec[task.number].content
        assert task.time_node == spec[task.number].time_node


def test_time_nodes_split_between_ongoing_and_2025(plan: Plan) -> None:
    by_2025 = sorted(plan.tasks.filter(time_node="by_2025").values_list("number", flat=True))
    assert by_2025 == [10, 13, 26, 44, 48, 53, 59, 66, 67, 68, 70]
    assert plan.tasks.filter(time_node="ongoing").count() == 69


def test_every_indicator_has_a_source_and_targets_in_distinct_years(plan: Plan) -> None:
    indicators = list(plan.indicators.prefetch_related("targets"))
    assert len(indicators) == 36
    for ind in indicators:
        assert ind.source_clause.strip(), ind.code
        assert ind.source_text.strip(), ind.code
        years = [t.year for t in ind.targets.all()]
        assert years, f"{ind.code} has no target"
        assert len(years) == len(set(years)), ind.code


def test_a_known_indicator_is_stored_as_printed(plan: Plan) -> None:
    ind = plan.indicators.get(code="forest_cover_rate")
    assert (ind.unit, ind.direction, ind.action.number if ind.action else None) == (
        "percent",
        "increase",
        8,
    )
    assert [(t.year, t.value, t.kind) for t in ind.targets.all()] == [(2025, 16.5, "level")]
    assert list(ind.tasks.values_list("number", flat=True)) == [70]
    energy = plan.indicators.get(code="energy_intensity_change")
    assert energy.action is None
    assert [(t.year, t.value, t.kind) for t in energy.targets.all()] == [(2025, -14.0, "change_vs_base")]


def test_database_rejects_a_second_target_in_the_same_year(plan: Plan) -> None:
    ind = Indicator.objects.get(plan=plan, code="forest_cover_rate")
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=ind, year=2025, kind="level", value=17.0)
    assert ind.targets.count() == 1


def test_database_rejects_a_task_without_lead(plan: Plan) -> None:
    action = plan.actions.get(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(plan=plan, number=81, action=action, content="x", time_node="ongoing")
    assert not Task.objects.filter(plan=plan, number=81).exists()


def test_database_rejects_a_body_listed_twice_on_a_task(plan: Plan) -> None:
    task = plan.tasks.get(number=16)
    greening = Department.objects.get(code="greening")
    with pytest.raises(IntegrityError), transaction.atomic():
        Responsibility.objects.create(task=task, department=greening, role="co", position=9)
    roles = Counter(task.responsibilities.values_list("department__code", flat=True))
    assert roles["greening"] == 1


def test_database_rejects_an_indicator_without_source_clause(plan: Plan) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(
            plan=plan,
            code="no_source",
            name="x",
            name_en="x",
            unit="percent",
            direction="increase",
            source_clause="",
            source_text="x",
        )

"""The breakdown table's traps come out right in the loaded plan."""

from __future__ import annotations

from carbonpeak.plan.models import Department, Plan, ResponsibilityRole, Task


def _roles(plan: Plan, number: int) -> tuple[list[str], list[str]]:
    task = plan.tasks.get(number=number)
    resp = list(task.responsibilities.select_related("department").order_by("position"))
    return (
        [r.department.name for r in resp if r.role == ResponsibilityRole.LEAD],
        [r.department.name for r in resp if r.role == ResponsibilityRole.CO],
    )


def _task(plan: Plan, number: int) -> Task:
    return plan.tasks.select_related("action", "lead", "measure").get(number=number)


def test_task_41_is_transport_though_printed_under_buildings(plan: Plan) -> None:
    task = _task(plan, 41)
    assert task.action.number == 5
    assert task.action.name == "交通领域绿色低碳行动"
    assert task.lead.code == "transport"
    assert task.content.startswith("贯彻落实“公交优先”发展战略")


def test_tasks_49_to_52_under_the_split_label_are_circular_economy(plan: Plan) -> None:
    actions = dict(plan.tasks.filter(number__in=[48, 49, 50, 51, 52, 53]).values_list("number", "action__number"))
    assert actions == {48: 5, 49: 6, 50: 6, 51: 6, 52: 6, 53: 6}
    assert _task(plan, 52).action.name == "循环经济助力降碳行动"


def test_body_printed_twice_is_listed_once_as_lead(plan: Plan) -> None:
    assert _roles(plan, 16) == (["区绿化市容局"], ["区发改委", "区生态环境局"])
    assert _roles(plan, 27) == (
        ["区经委"],
        ["区发改委", "区生态环境局", "区建管委", "区科委"],
    )
    for number, code in ((16, "greening"), (27, "eco")):
        codes = list(_task(plan, number).responsibilities.values_list("department__code", flat=True))
        assert codes.count(code) == 1


def test_task_58_glued_cell_is_two_bodies(plan: Plan) -> None:
    assert _roles(plan, 58) == (["区农业农村委"], ["区绿化市容局", "区发改委"])
    assert _task(plan, 58).lead.code == "agri"


def test_rows_without_star_have_their_single_body_as_lead(plan: Plan) -> None:
    assert _roles(plan, 7) == (["碳谷绿湾公司"], [])
    assert _roles(plan, 75) == (["区建管委"], [])
    assert _task(plan, 7).lead.code == "tangu_lvwan"
    assert _task(plan, 75).lead.code == "construction"


def test_spelling_variants_resolve_to_one_department(plan: Plan) -> None:
    assert _roles(plan, 21)[1] == ["区发改委", "区经委", "金山天然气公司"]
    assert _roles(plan, 25)[1][-1] == "金山天然气公司"
    assert _roles(plan, 45)[1] == ["区发改委", "区经委", "碳谷绿湾公司"]
    assert _roles(plan, 71)[1][-1] == "碳谷绿湾公司"
    assert not Department.objects.filter(name__in=["金山天然气有限公司", "碳谷绿湾"]).exists()
    gas = Department.objects.get(code="gas")
    assert (gas.name, gas.aliases) == ("金山天然气公司", ["金山天然气有限公司"])
    tangu = Department.objects.get(code="tangu_lvwan")
    assert sorted(tangu.tasks.values_list("number", flat=True)) == [7, 45, 71]
    assert sorted(gas.tasks.values_list("number", flat=True)) == [21, 25]


def test_task_6_names_relevant_towns_and_parks(plan: Plan) -> None:
    assert _roles(plan, 6) == (["区经委"], ["区发改委", "相关镇", "园区"])
    kinds = dict(Department.objects.filter(name__in=["相关镇", "园区"]).values_list("name", "kind"))
    assert kinds == {"相关镇": "collective", "园区": "collective"}


def test_the_last_row_80_is_loaded(plan: Plan) -> None:
    task = _task(plan, 80)
    assert task.action.number == 10
    assert _roles(plan, 80) == (["区委组织部"], ["区委党校", "区发改委"])


def test_printed_cells_are_kept_verbatim(plan: Plan) -> None:
    assert _task(plan, 58).responsible_raw == "☆区农业农村委区绿化市容局、区发改委"
    assert _task(plan, 7).responsible_raw == "碳谷绿湾"
    assert _task(plan, 16).responsible_raw == "☆区绿化市容局、区发改委、区绿化市容局、区生态环境局"

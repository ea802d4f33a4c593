"""The breakdown table exported as xlsx, in the plan's own columns and words."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from carbonpeak.plan.export import breakdown_table_xlsx
from carbonpeak.plan.models import Plan
from carbonpeak.plan.responsible import parse_responsible_cell
from tests.plan._support import bundled_spec

HEADER = ["序号", "十大行动", "重点任务", "时间节点", "责任部门（☆为牵头部门）"]
# Rows whose printed cell is irregular (alias, duplicate, glued, no ☆): the export is clean.
IRREGULAR = {7, 16, 21, 27, 45, 58, 75}


@pytest.fixture
def rows(plan: Plan) -> list[tuple[Any, ...]]:
    data = breakdown_table_xlsx(plan)
    assert data[:2] == b"PK"
    ws = load_workbook(io.BytesIO(data)).active
    assert ws is not None
    assert ws.title == "任务分解表"
    return list(ws.iter_rows(values_only=True))


def test_title_and_header(rows: list[tuple[Any, ...]]) -> None:
    assert rows[0][0] == "《金山区碳达峰实施方案》任务分解表"
    assert list(rows[1]) == HEADER


def test_eighty_task_rows_in_order(rows: list[tuple[Any, ...]]) -> None:
    body = rows[2:]
    assert len(body) == 80
    assert [r[0] for r in body] == list(range(1, 81))


def test_columns_hold_action_content_and_time_node_in_chinese(
    rows: list[tuple[Any, ...]],
) -> None:
    spec = bundled_spec()
    actions = {a.number: a.name for a in spec.actions}
    text = {"ongoing": "持续推进", "by_2025": "2025年"}
    for row, task in zip(rows[2:], spec.tasks, strict=True):
        assert row[1] == actions[task.action], task.number
        assert row[2] == task.content
        assert row[3] == text[str(task.time_node)]
    assert {r[3] for r in rows[2:]} == {"持续推进", "2025年"}
    assert rows[2 + 40][1] == "交通领域绿色低碳行动"  # task 41


def test_responsible_cell_puts_star_before_each_lead(rows: list[tuple[Any, ...]]) -> None:
    spec = bundled_spec()
    names = spec.department_codes_by_name()
    for row, task in zip(rows[2:], spec.tasks, strict=True):
        cell = row[4]
        assert isinstance(cell, str) and cell.startswith("☆"), task.number
        parsed = parse_responsible_cell(cell, names)
        assert (parsed.lead, parsed.co, parsed.repeated) == (task.lead, task.co, ())
        if task.number not in IRREGULAR:
            assert cell == task.responsible_raw, task.number
    by_number = {r[0]: r[4] for r in rows[2:]}
    assert by_number[58] == "☆区农业农村委、区绿化市容局、区发改委"
    assert by_number[16] == "☆区绿化市容局、区发改委、区生态环境局"
    assert by_number[7] == "☆碳谷绿湾公司"
    assert by_number[75] == "☆区建管委"
    assert by_number[21] == "☆区建管委、区发改委、区经委、金山天然气公司"

"""A district checks its plan file: every problem is named by where it is and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from carbonpeak.plan.plan_file import PlanFileError, PlanFileIssue, load_plan_file, parse_plan_text
from carbonpeak.plan.vocabulary import TimeNode
from tests.plan._support import bundled_raw, dump, indicator_of, task_of


def _issues(raw: Any) -> list[PlanFileIssue]:
    with pytest.raises(PlanFileError) as info:
        parse_plan_text(dump(raw))
    assert info.value.issues, "PlanFileError without issues"
    return info.value.issues


def _only(issues: list[PlanFileIssue], fld: str) -> PlanFileIssue:
    matching = [i for i in issues if i.field == fld]
    assert len(matching) == 1, issues
    return matching[0]


def test_bundled_file_is_valid_and_round_trips_through_yaml() -> None:
    spec = parse_plan_text(dump(bundled_raw()))
    assert (len(spec.tasks), len(spec.actions), len(spec.indicators)) == (80, 10, 36)
    assert spec.code == "jinshan-2023"


def test_unknown_department_in_task_12_lead() -> None:
    raw = bundled_raw()
    task_of(raw, 12)["lead"].append("区宇航局")
    issues = _issues(raw)
    issue = _only(issues, "lead")
    assert "12" in issue.where
    assert "区宇航局" in issue.reason
    assert len(issues) == 1


def test_unknown_department_in_a_co_list() -> None:
    raw = bundled_raw()
    task_of(raw, 33)["co"].append("区海洋局")
    issue = _only(_issues(raw), "co")
    assert "33" in issue.where and "区海洋局" in issue.reason


def test_task_without_lead() -> None:
    raw = bundled_raw()
    task_of(raw, 5)["lead"] = []
    issue = _only(_issues(raw), "lead")
    assert "5" in issue.where and "lead" in issue.reason


def test_same_body_as_lead_and_co() -> None:
    raw = bundled_raw()
    task_of(raw, 3)["co"].append("区经委")
    issue = _only(_issues(raw), "co")
    assert "3" in issue.where and "eco" in issue.reason


def test_duplicate_task_number() -> None:
    raw = bundled_raw()
    task_of(raw, 14)["number"] = 13
    issue = _only(_issues(raw), "number")
    assert "13" in issue.where
    assert "duplicate" in issue.reason


def test_indicator_with_two_targets_in_the_same_year() -> None:
    raw = bundled_raw()
    ind = indicator_of(raw, "forest_cover_rate")
    ind["targets"].append({**ind["targets"][0], "value": 17.0})
    issue = _only(_issues(raw), "year")
    assert "forest_cover_rate" in issue.where
    assert "2025" in issue.where


def test_unknown_unit() -> None:
    raw = bundled_raw()
    indicator_of(raw, "urban_rural_park_count")["unit"] = "parsecs"
    issue = _only(_issues(raw), "unit")
    assert "urban_rural_park_count" in issue.where
    assert "parsecs" in issue.reason


def test_bad_time_node() -> None:
    raw = bundled_raw()
    task_of(raw, 44)["time_node"] = "2025年"
    issue = _only(_issues(raw), "time_node")
    assert "44" in issue.where
    assert "2025年" in issue.reason and "by_2025" in issue.reason


def test_missing_content() -> None:
    raw = bundled_raw()
    del task_of(raw, 60)["content"]
    issue = _only(_issues(raw), "content")
    assert "60" in issue.where


def test_blank_content_counts_as_missing() -> None:
    raw = bundled_raw()
    task_of(raw, 61)["content"] = "   "
    assert "61" in _only(_issues(raw), "content").where


def test_indicator_without_source_clause() -> None:
    raw = bundled_raw()
    indicator_of(raw, "wetland_protection_rate")["source"]["clause"] = ""
    issue = _only(_issues(raw), "clause")
    assert "wetland_protection_rate" in issue.where


def test_indicator_without_targets() -> None:
    raw = bundled_raw()
    indicator_of(raw, "wetland_protection_rate")["targets"] = []
    issue = _only(_issues(raw), "targets")
    assert "wetland_protection_rate" in issue.where


def test_indicator_pointing_at_a_missing_task() -> None:
    raw = bundled_raw()
    indicator_of(raw, "forest_cover_rate")["tasks"] = [70, 99]
    issue = _only(_issues(raw), "tasks")
    assert "99" in issue.reason


def test_task_pointing_at_a_missing_action() -> None:
    raw = bundled_raw()
    task_of(raw, 9)["action"] = 11
    issue = _only(_issues(raw), "action")
    assert "9" in issue.where and "11" in issue.reason


def test_task_with_missing_action_is_reported_not_crashed() -> None:
    raw = bundled_raw()
    del task_of(raw, 9)["action"]
    issue = _only(_issues(raw), "action")
    assert "9" in issue.where


def test_all_problems_are_reported_at_once() -> None:
    raw = bundled_raw()
    task_of(raw, 12)["lead"].append("区宇航局")
    task_of(raw, 20)["time_node"] = "soon"
    indicator_of(raw, "forest_cover_rate")["unit"] = "hectare"
    issues = _issues(raw)
    assert sorted(i.field for i in issues) == ["lead", "time_node", "unit"]
    text = str(PlanFileError(issues))
    assert "任务 12" in text and "任务 20" in text and "forest_cover_rate" in text


def test_yaml_syntax_error_gives_the_line_number() -> None:
    lines = dump(bundled_raw()).splitlines()
    bad_line = 40
    lines[bad_line - 1] = "  name: a: b"
    with pytest.raises(PlanFileError) as info:
        parse_plan_text("\n".join(lines))
    (issue,) = info.value.issues
    assert issue.field == "yaml"
    assert issue.where == f"第 {bad_line} 行 / line {bad_line}"
    assert "mapping values are not allowed" in issue.reason


def test_unterminated_string_is_reported_at_the_end_of_the_text() -> None:
    text = "schema_version: 1\nplan:\n  code: x\n  title: 'unterminated\n"
    with pytest.raises(PlanFileError) as info:
        parse_plan_text(text)
    assert info.value.issues[0].where == "第 5 行 / line 5"


def test_wrong_schema_version() -> None:
    raw = bundled_raw()
    raw["schema_version"] = 2
    issue = _only(_issues(raw), "schema_version")
    assert "1" in issue.reason


def test_file_that_is_not_a_mapping() -> None:
    with pytest.raises(PlanFileError) as info:
        parse_plan_text("- just\n- a list\n")
    assert info.value.issues[0].field == "root"


def test_missing_file_is_reported(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(PlanFileError) as info:
        load_plan_file(missing)
    (issue,) = info.value.issues
    assert (issue.where, issue.field) == (str(missing), "file")


def test_spec_values_are_typed() -> None:
    spec = parse_plan_text(dump(bundled_raw()))
    task = next(t for t in spec.tasks if t.number == 13)
    assert task.time_node is TimeNode.BY_2025
    assert (task.action, task.measure, task.lead, task.co) == (2, 2, ("drc",), ("planning",))

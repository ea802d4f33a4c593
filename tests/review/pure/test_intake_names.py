"""A project's energy lines and kind as people write them: 电力, 原煤, 天然气, 万千瓦时, 新建."""

from __future__ import annotations

import pytest

from carbonpeak.review.intake import ProjectKind, ReviewInputError, parse_project
from tests.review.pure.test_intake import project


def test_chinese_energy_types_units_uses_and_kind_are_read() -> None:
    checked = parse_project(project(kind="扩建", energy=[
        {"energy_type": "电力", "quantity": 500, "unit": "万千瓦时"},
        {"energy_type": "原煤", "quantity": 1000, "unit": "吨", "use": "原料"},
        {"energy_type": "天然气", "quantity": 100, "unit": "万立方米", "use": "燃料"},
    ]))
    assert checked.kind == ProjectKind.EXPANSION
    assert [(e.energy_type, e.unit, e.use.value) for e in checked.energy] == [
        ("electricity", "万kWh", "fuel"), ("raw_coal", "t", "feedstock"), ("natural_gas", "万m3", "fuel")]


@pytest.mark.parametrize(("field", "line", "words"), [
    ("energy[0].energy_type", {"energy_type": "煤气", "quantity": 1, "unit": "t"},
     ["未知能源品种「煤气」", "可填：电力、"]),
    ("energy[0].unit", {"energy_type": "电力", "quantity": 1, "unit": "桶"}, ["无法识别的单位「桶」", "万千瓦时"]),
])
def test_an_unknown_name_is_refused_with_the_field_and_the_list(field: str, line: dict[str, object],
                                                                words: list[str]) -> None:
    with pytest.raises(ReviewInputError) as caught:
        parse_project(project(energy=[line]))
    (issue,) = caught.value.issues
    assert issue.field == field
    for word in words:
        assert word in issue.reason


def test_an_unknown_kind_lists_the_kinds() -> None:
    with pytest.raises(ReviewInputError) as caught:
        parse_project(project(kind="翻建"))
    (issue,) = caught.value.issues
    assert issue.field == "kind"
    assert "可填：新建、扩建、改建" in issue.reason and "accepted: New, Expansion, Renovation" in issue.reason

"""The intake form's CSV lines read into the project mapping, and issues put back by line."""

from __future__ import annotations

from carbonpeak.common.issues import InputIssue
from carbonpeak.review.intake_form import read_form


def test_lines_header_blank_lines_and_full_width_commas() -> None:
    form = read_form({"name": " 项目 ", "kind": "new", "value_added_before_10k_cny": "",
                      "energy": "energy_type,quantity,unit,use\n\nelectricity，100，kWh\nraw_coal,5,t,feedstock,x"})
    assert form.data["name"] == "项目"
    assert "value_added_before_10k_cny" not in form.data and "products" not in form.data
    assert form.data["energy"] == [
        {"energy_type": "electricity", "quantity": "100", "unit": "kWh"},
        {"energy_type": "raw_coal", "quantity": "5", "unit": "t", "use": "feedstock", "extra_columns": "x"},
    ]
    assert form.lines["energy"] == [3, 4]


def test_issues_go_back_to_their_field_and_line() -> None:
    form = read_form({"energy": "electricity,1,kWh\n\ndiesel,1,kWh"})
    errors = form.field_errors([
        InputIssue("项目", "energy[1].unit", "单位不符 / unit does not fit"),
        InputIssue("项目", "products[0].name", "不能为空 / must not be empty"),
        InputIssue("项目", "town", "不能为空 / must not be empty"),
    ])
    assert errors == {
        "energy": ["第3行 / line 3 · unit: 单位不符 / unit does not fit"],
        "products": ["[0] · name: 不能为空 / must not be empty"],
        "town": ["不能为空 / must not be empty"],
    }


def test_a_cell_of_128_kib_is_read_for_the_checks_to_name() -> None:
    form = read_form({"energy": f"electricity,{'9' * 131_073},kWh\ndiesel,1,t"})
    assert [len(item["quantity"]) for item in form.data["energy"]] == [131_073, 1]
    assert form.lines["energy"] == [1, 2]

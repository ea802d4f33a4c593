"""A proposed project is read and checked: good input is made canonical, bad input is refused
with every problem at once, each naming the field (`energy[1].unit`) and the reason in zh / en."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from carbonpeak.accounting.catalogue import Use
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.issues import InputIssue
from carbonpeak.review.intake import ProjectKind, ReviewInputError, load_project_json, parse_project

# A well-formed 统一社会信用代码 (GB 32100-2015). Check character by hand, weights 3^i mod 31,
# character values from the alphabet 0-9 A-H J-N P-R T U W-Y (M = 21, A = 10, J = 18):
#   9·1 + 1·3 + 3·9 + 1·27 + 0·19 + 1·26 + 1·16 + 6·17 + 21·20 + 10·29 + 1·25 + 18·13 = 1179
#   1179 mod 31 = 1;  31 − 1 = 30  →  the 31st character, Y.
USCC = "91310116MA1J00000Y"
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def project(**overrides: Any) -> dict[str, Any]:
    """A valid new chlor-alkali project; keyword arguments replace (or, as None, drop) fields."""
    data: dict[str, Any] = {
        "name": "金山氯碱一期",
        "owner_uscc": USCC,
        "industry_code": "2612",
        "town": "漕泾镇",
        "kind": "new",
        "energy": [
            {"energy_type": "electricity", "quantity": 5_000_000, "unit": "kWh", "use": "fuel"},
            {"energy_type": "natural_gas", "quantity": 100, "unit": "万立方米"},
        ],
        "output_value_10k_cny": 50_000,
        "value_added_10k_cny": 10_000,
        "first_full_year": 2025,
        "products": [
            {"name": "烧碱", "output": 10, "unit": "万t", "unit_consumption": 320,
             "quota_standard": "GB 21257", "advanced_value": 300, "unit_of_consumption": "kgce/t"},
        ],
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def issues_of(data: dict[str, Any]) -> list[InputIssue]:
    with pytest.raises(ReviewInputError) as caught:
        parse_project(data)
    issues = caught.value.issues
    assert issues, "a ReviewInputError must carry its issues"
    for issue in issues:
        assert CJK.search(issue.reason), f"no Chinese in {issue.reason!r}"
        assert LATIN_WORD.search(issue.reason), f"no English in {issue.reason!r}"
        assert "/ " in issue.reason, f"zh / en not separated in {issue.reason!r}"
    return issues


def only_issue(data: dict[str, Any]) -> InputIssue:
    issues = issues_of(data)
    assert len(issues) == 1, issues
    return issues[0]


# --- good input ------------------------------------------------------------------------------

def test_a_good_project_is_read_into_typed_canonical_data() -> None:
    p = parse_project(project())
    assert p.name == "金山氯碱一期"
    assert p.kind is ProjectKind.NEW
    assert p.industry_code == "2612"
    assert p.industry_name == "无机碱制造"
    # Units come back in the accounting engine's canonical spelling: 万立方米 → 万m3.
    assert [(e.energy_type, e.quantity, e.unit, e.use) for e in p.energy] == [
        ("electricity", 5_000_000.0, "kWh", Use.FUEL),
        ("natural_gas", 100.0, "万m3", Use.FUEL),
    ]
    assert p.energy_before == ()
    assert p.value_added_10k_cny == 10_000.0
    assert p.first_full_year == 2025
    assert p.products[0].advanced_value == 300.0


def test_numbers_and_codes_may_come_as_text_from_a_form() -> None:
    p = parse_project(project(
        owner_uscc=USCC.lower(),  # typed in lower case: a USCC is capitals, so it is raised
        industry_code=2612,  # a JSON number
        value_added_10k_cny="1,234.5",  # thousands separator
        output_value_10k_cny="50000",
        first_full_year="2026",
        energy=[{"energy_type": "diesel", "quantity": "12.5", "unit": "吨", "use": "feedstock"}],
    ))
    assert p.owner_uscc == USCC
    assert p.industry_code == "2612"
    assert p.value_added_10k_cny == 1234.5
    assert p.first_full_year == 2026
    assert p.energy[0].quantity == 12.5 and p.energy[0].unit == "t" and p.energy[0].use is Use.FEEDSTOCK


def test_a_class_of_a_division_not_listed_in_full_is_accepted_with_the_division_name() -> None:
    # 1713 (棉印染精加工) is a real class of division 17 纺织业, which the table lists by division only.
    assert parse_project(project(industry_code="1713")).industry_name == "纺织业"
    assert parse_project(project(industry_code="6450", design_pue=1.25)).industry_name == "互联网数据服务"


def test_a_renovation_keeps_both_energy_lists() -> None:
    p = parse_project(project(
        kind="renovation",
        energy_before=[{"energy_type": "raw_coal", "quantity": 3000, "unit": "t"}],
        value_added_before_10k_cny=8000,
    ))
    assert p.kind is ProjectKind.RENOVATION
    assert [(e.energy_type, e.quantity, e.unit) for e in p.energy_before] == [("raw_coal", 3000.0, "t")]
    assert p.value_added_before_10k_cny == 8000.0


def test_project_input_round_trips_through_as_dict() -> None:
    p = parse_project(project())
    again = parse_project({k: v for k, v in p.as_dict().items() if k != "industry_name"})
    assert again == p


# --- bad input: one problem, one issue naming the field ----------------------------------------

BAD_USCC = USCC[:-1] + "X"  # right length and alphabet, wrong check character


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        # unknown industry codes
        ({"industry_code": "9999"}, "industry_code", ["未知行业代码", "unknown industry code", "'9999'"]),
        ({"industry_code": "2615"}, "industry_code", ["未知行业代码", "division 26 has no such class"]),
        ({"industry_code": "1300"}, "industry_code", ["4 位", "4-digit", "'1300'"]),  # no group 0
        ({"industry_code": "26"}, "industry_code", ["4-digit GB/T 4754-2017 class code"]),
        ({"industry_code": "C2612"}, "industry_code", ["4-digit"]),
        ({"industry_code": ""}, "industry_code", ["不能为空", "must not be empty"]),
        # negative energy
        ({"energy": [{"energy_type": "electricity", "quantity": -5, "unit": "kWh"}]},
         "energy[0].quantity", ["不能为负", "must not be negative", "-5"]),
        ({"energy": [{"energy_type": "electricity", "quantity": "lots", "unit": "kWh"}]},
         "energy[0].quantity", ["须为数字", "must be a number"]),
        # units that do not fit the energy type (the accounting engine's own check)
        ({"energy": [{"energy_type": "electricity", "quantity": 1, "unit": "kWh"},
                     {"energy_type": "diesel", "quantity": 10, "unit": "kWh"}]},
         "energy[1].unit", ["柴油", "Diesel", "kWh", "mass"]),
        ({"energy": [{"energy_type": "natural_gas", "quantity": 10, "unit": "t"}]},
         "energy[0].unit", ["天然气", "Natural gas", "volume"]),
        ({"energy": [{"energy_type": "diesel", "quantity": 10, "unit": "bbl"}]},
         "energy[0].unit", ["无法识别的单位", "unknown unit", "'bbl'"]),
        ({"energy": [{"energy_type": "coal", "quantity": 10, "unit": "t"}]},
         "energy[0].energy_type", ["未知能源品种", "unknown energy type", "'coal'"]),
        ({"energy": [{"energy_type": "electricity", "quantity": 10, "unit": "kWh", "use": "feedstock"}]},
         "energy[0].use", ["电力", "cannot be feedstock"]),
        ({"energy": [{"energy_type": "electricity", "quantity": 10, "unit": "kWh", "green": True}]},
         "energy[0].green", ["未知字段", "unknown field"]),
        ({"energy": []}, "energy", ["至少", "at least one"]),
        ({"energy": None}, "energy", ["不能为空", "must not be empty"]),
        ({"energy": "5000 kWh"}, "energy", ["must be a list"]),
        ({"energy": [42]}, "energy[0]", ["应为对象", "must be an object"]),
        # value added of zero, and other economics
        ({"value_added_10k_cny": 0}, "value_added_10k_cny", ["必须大于零", "must be greater than zero"]),
        ({"value_added_10k_cny": None}, "value_added_10k_cny", ["不能为空", "must not be empty"]),
        ({"value_added_10k_cny": True}, "value_added_10k_cny", ["须为数字", "must be a number"]),
        ({"value_added_10k_cny": 60_000}, "value_added_10k_cny", ["不能大于总产值", "cannot exceed output value"]),
        ({"output_value_10k_cny": -1}, "output_value_10k_cny", ["不能为负", "must not be negative"]),
        # bad USCC (GB 32100-2015, via carbonpeak.people.uscc)
        ({"owner_uscc": BAD_USCC}, "owner_uscc", ["校验位应为 Y", "check character should be Y"]),
        ({"owner_uscc": "91310116MA1J0000"}, "owner_uscc", ["应为 18 位", "must be 18 characters"]),
        ({"owner_uscc": "91310116MA1I00000Y"}, "owner_uscc", ["非法字符 I", "invalid characters"]),
        # the rest
        ({"name": "  "}, "name", ["不能为空", "must not be empty"]),
        ({"town": None}, "town", ["不能为空", "must not be empty"]),
        ({"kind": "rebuild"}, "kind", ["New, Expansion, Renovation", "'rebuild'"]),
        ({"first_full_year": "soon"}, "first_full_year", ["须为年份", "must be a year"]),
        ({"first_full_year": 25}, "first_full_year", ["must be a year"]),
        ({"energy_before": [{"energy_type": "raw_coal", "quantity": 1, "unit": "t"}]},
         "energy_before", ["仅用于改建项目", "only for kind renovation", "new"]),
        ({"value_added_before_10k_cny": 5, "kind": "expansion"},
         "value_added_before_10k_cny", ["only for kind renovation", "expansion"]),
        ({"kind": "renovation"}, "energy_before", ["不能为空", "must not be empty"]),
        ({"valu_added_10k_cny": 3}, "valu_added_10k_cny", ["未知字段", "unknown field"]),
        ({"products": "烧碱"}, "products", ["must be a list"]),
    ],
)
def test_one_bad_field_gives_one_issue_naming_it(overrides: dict[str, Any], field: str, words: list[str]) -> None:
    issue = only_issue(project(**overrides))
    assert issue.field == field
    assert issue.where == "项目 / project"
    for word in words:
        assert word in issue.reason, (word, issue.reason)


@pytest.mark.parametrize(
    ("product", "field", "words"),
    [
        ({"advanced_value": 300, "quota_standard": None}, "products[0].quota_standard", ["不能为空"]),
        ({"unit_consumption": -3}, "products[0].unit_consumption", ["不能为负", "must not be negative"]),
        ({"unit_consumption": 0}, "products[0].unit_consumption", ["必须大于零"]),
        ({"unit_consumption": None}, "products[0].unit_consumption", ["needed when advanced_value is given"]),
        ({"unit_of_consumption": ""}, "products[0].unit_of_consumption", ["不能为空"]),
        ({"name": None}, "products[0].name", ["不能为空"]),
        ({"output": 10, "unit": None}, "products[0].unit", ["不能为空"]),
        ({"grade": "A"}, "products[0].grade", ["未知字段", "unknown field"]),
    ],
)
def test_product_fields_are_checked(product: dict[str, Any], field: str, words: list[str]) -> None:
    item = dict(project()["products"][0])
    for key, value in product.items():
        if value is None:
            item.pop(key, None)
        else:
            item[key] = value
    issue = only_issue(project(products=[item]))
    assert issue.field == field
    for word in words:
        assert word in issue.reason


def test_every_problem_is_reported_at_once_in_field_order() -> None:
    bad = project(
        owner_uscc=BAD_USCC,
        industry_code="9999",
        energy=[
            {"energy_type": "electricity", "quantity": 1000, "unit": "kWh"},
            {"energy_type": "diesel", "quantity": -2, "unit": "kWh"},
        ],
        value_added_10k_cny=0,
    )
    fields = [i.field for i in issues_of(bad)]
    assert fields == [
        "owner_uscc",
        "industry_code",
        "energy[1].unit",
        "energy[1].quantity",
        "value_added_10k_cny",
    ]


def test_the_error_is_an_accounting_input_error_so_existing_handlers_show_it() -> None:
    with pytest.raises(AccountingInputError) as caught:
        parse_project(project(value_added_10k_cny=0))
    assert "value_added_10k_cny" in str(caught.value)


# --- JSON files (carbonpeak review assess FILE.json) ----------------------------------------------

def test_a_project_json_file_is_read() -> None:
    p = load_project_json(json.dumps(project(), ensure_ascii=False))
    assert p.industry_code == "2612"


@pytest.mark.parametrize(("text", "words"), [
    ('{"name": "x",', ["JSON 语法错误", "syntax error", "line 1"]),
    ("[1, 2]", ["应为 JSON 对象", "must be a JSON object"]),
])
def test_a_broken_json_file_is_refused_by_field_json(text: str, words: list[str]) -> None:
    with pytest.raises(ReviewInputError) as caught:
        load_project_json(text, where="p.json")
    (issue,) = caught.value.issues
    assert (issue.where, issue.field) == ("p.json", "json")
    for word in words:
        assert word in issue.reason

"""Factor sets: the bundled files, lookup by date and inheritance, user overrides, bad factor rows."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from carbonpeak.accounting.activity import read_activity_csv
from carbonpeak.accounting.engine import METRICS, account
from carbonpeak.accounting.factor_sets import (
    DualControlBasis,
    FactorRow,
    FactorSet,
    FactorSetSpec,
    Parameter,
    parse_manifest,
    parse_rows,
    read_factor_set,
    resolve,
    rows_as_csv,
)
from carbonpeak.accounting.factor_words import parameter_words
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.common.issues import InputIssue
from tests.accounting.pure._support import bundled, factor_set, record, run

HEADER = "subject,parameter,value,unit,standard,table,year,valid_from,valid_to,doubt\n"


def value_on(fs: FactorSet, subject: str, parameter: Parameter, on: date) -> tuple[float, str]:
    found = fs.lookup(subject, parameter, on)
    assert found is not None, (subject, parameter, on)
    return found.row.value, found.set_id


def manifest(set_id: str, rows: list[dict[str, Any]], **extra: Any) -> FactorSetSpec:
    return parse_manifest({"id": set_id, "name": set_id, **extra, "rows": rows}, f"{set_id}.yaml", None)


def bad_row_issues(line: str) -> list[InputIssue]:
    with pytest.raises(AccountingInputError) as caught:
        parse_rows(HEADER + line + "\n", "mine.csv")
    return caught.value.issues


# --- bundled sets -------------------------------------------------------------------------

def test_bundled_sets_load() -> None:
    specs = bundled()
    assert set(specs) == {"cn-national", "shanghai"}
    national, shanghai = specs["cn-national"], specs["shanghai"]
    assert national.extends is None
    assert national.dual_control_basis == DualControlBasis.EQUIVALENT
    assert shanghai.extends == "cn-national"
    assert shanghai.dual_control_basis is None  # inherited
    assert len(shanghai.rows) == 5
    assert all(row.standard for spec in specs.values() for row in spec.rows)


def test_shanghai_resolves_to_its_chain() -> None:
    fs = factor_set("shanghai")
    assert [s.id for s in fs.chain] == ["shanghai", "cn-national"]
    assert fs.id == "shanghai"
    assert fs.dual_control_basis == DualControlBasis.EQUIVALENT  # from cn-national
    assert fs.label().startswith("shanghai@2026-11#")
    assert [f.set_id for f in fs.rows()][:5] == ["shanghai"] * 5


def test_bundled_rows_round_trip_through_csv() -> None:
    for spec in bundled().values():
        assert parse_rows(rows_as_csv(spec.rows), "round-trip") == spec.rows


# --- lookup -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2012, 1, 1), 7.88),
        (date(2021, 12, 31), 7.88),  # last day of the old value (valid_to is inclusive)
        (date(2022, 1, 1), 4.2),     # 沪环气〔2022〕34号 from 2022-01-01
        (date(2030, 6, 1), 4.2),     # open-ended
    ],
)
def test_shanghai_electricity_factor_by_date(on: date, expected: float) -> None:
    assert value_on(factor_set("shanghai"), "electricity", Parameter.EMISSION_FACTOR, on) == (expected, "shanghai")


@pytest.mark.parametrize(
    ("on", "expected"),
    [(date(2019, 7, 1), 0.5568), (date(2021, 12, 31), 0.5568), (date(2022, 1, 1), 0.5366),
     (date(2022, 12, 31), 0.5366), (date(2023, 1, 1), 0.5306), (date(2026, 1, 1), 0.5306)],
)
def test_national_grid_factor_by_date(on: date, expected: float) -> None:
    fs = factor_set("cn-national")
    assert value_on(fs, "electricity", Parameter.EMISSION_FACTOR, on) == (expected, "cn-national")


def test_own_rows_win_over_the_parent() -> None:
    shanghai = factor_set("shanghai")
    # heat: Shanghai's 0.06 over the national 0.11
    assert value_on(shanghai, "heat", Parameter.EMISSION_FACTOR, date(2023, 1, 1)) == (0.06, "shanghai")
    # a parameter Shanghai does not give comes from the parent
    assert value_on(shanghai, "diesel", Parameter.NCV, date(2023, 1, 1)) == (42.652, "cn-national")
    assert value_on(shanghai, "electricity", Parameter.COAL_COEFFICIENT, date(2023, 1, 1)) == (0.1229, "cn-national")


def test_green_power_factor_only_from_2023_and_only_in_shanghai() -> None:
    shanghai = factor_set("shanghai")
    assert value_on(shanghai, "electricity", Parameter.EMISSION_FACTOR_GREEN_POWER, date(2023, 1, 1)) == (0, "shanghai")
    assert shanghai.lookup("electricity", Parameter.EMISSION_FACTOR_GREEN_POWER, date(2022, 12, 31)) is None
    assert factor_set("cn-national").lookup("electricity", Parameter.EMISSION_FACTOR_GREEN_POWER,
                                             date(2023, 1, 1)) is None


def test_unknown_subject_or_parameter_finds_nothing() -> None:
    fs = factor_set("shanghai")
    assert fs.lookup("hydrogen", Parameter.NCV, date(2023, 1, 1)) is None
    assert fs.lookup("electricity", Parameter.NCV, date(2023, 1, 1)) is None


def test_the_row_whose_window_started_last_wins_within_a_set() -> None:
    spec = manifest("mine", [
        {"subject": "diesel", "parameter": "ncv", "value": 40, "unit": "GJ/t", "standard": "old"},
        {"subject": "diesel", "parameter": "ncv", "value": 43, "unit": "GJ/t", "standard": "new",
         "valid_from": "2023-01-01", "valid_to": "2023-12-31"},
    ])
    fs = resolve("mine", {"mine": spec})
    assert value_on(fs, "diesel", Parameter.NCV, date(2022, 12, 31)) == (40, "mine")
    assert value_on(fs, "diesel", Parameter.NCV, date(2023, 6, 1)) == (43, "mine")
    assert value_on(fs, "diesel", Parameter.NCV, date(2024, 1, 1)) == (40, "mine")


def test_a_set_s_rows_outside_their_window_fall_back_to_the_parent() -> None:
    specs = bundled()
    specs["mine"] = manifest("mine", [
        {"subject": "heat", "parameter": "emission_factor", "value": 0.05, "unit": "t_CO2/GJ", "standard": "x",
         "valid_from": "2024-01-01"},
    ], extends="shanghai")
    fs = resolve("mine", specs)
    assert value_on(fs, "heat", Parameter.EMISSION_FACTOR, date(2024, 1, 1)) == (0.05, "mine")
    assert value_on(fs, "heat", Parameter.EMISSION_FACTOR, date(2023, 1, 1)) == (0.06, "shanghai")
    assert value_on(fs, "heat", Parameter.EMISSION_FACTOR, date(2021, 1, 1)) == (0.11, "shanghai")


def test_results_cite_the_factors_used() -> None:
    result = run([record("electricity", 10_000, "kWh")])
    cited = {(f.set_id, f.row.subject, f.row.parameter, f.row.value) for f in result.factors_used}
    assert cited == {
        ("cn-national", "electricity", Parameter.COAL_COEFFICIENT, 0.1229),
        ("cn-national", "electricity", Parameter.EQUAL_VALUE_COEFFICIENT, 0.404),
        ("shanghai", "electricity", Parameter.EMISSION_FACTOR, 4.2),
        ("shanghai", "electricity", Parameter.EMISSION_FACTOR_GREEN_POWER, 0),
    }
    assert result.factor_set == factor_set("shanghai").label()


# --- a user's override --------------------------------------------------------------------

def _override() -> FactorSet:
    """The statistics bureau's 2023 等价值 (hypothetical 0.28078 kgce/kWh) on top of Shanghai."""
    specs = bundled()
    specs["my-2023"] = manifest("my-2023", [
        {"subject": "electricity", "parameter": "equal_value_coefficient", "value": 0.28078, "unit": "kgce/kWh",
         "standard": "上海市统计局", "year": 2023, "valid_from": date(2023, 1, 1), "valid_to": date(2023, 12, 31)},
    ], extends="shanghai", version="1")
    return resolve("my-2023", specs)


def test_override_changes_equal_value_only() -> None:
    """10 000 kWh + 1 t diesel in 2023: 等价值 becomes 10 000 × 0.28078 / 1 000 + 1.4571 = 2.8078 + 1.4571 tce;
    every other metric equals Shanghai's."""
    rows = [record("electricity", 10_000, "kWh"), record("diesel", 1, "t")]
    mine = run(rows, _override()).totals()
    theirs = run(rows, "shanghai").totals()
    assert mine["energy_tce_equal_value"] == pytest.approx(10_000 * 0.28078 / 1000 + 1.4571, rel=1e-9)
    assert theirs["energy_tce_equal_value"] == pytest.approx(4.04 + 1.4571, rel=1e-9)
    for metric in METRICS:
        if metric != "energy_tce_equal_value":
            assert mine[metric] == theirs[metric], metric


def test_override_outside_its_window_changes_nothing() -> None:
    rows = [record("electricity", 10_000, "kWh", period="2022")]
    assert run(rows, _override()).totals() == run(rows, "shanghai").totals()


def test_override_has_its_own_label() -> None:
    fs = _override()
    assert fs.label().startswith("my-2023@1#")
    assert [s.id for s in fs.chain] == ["my-2023", "shanghai", "cn-national"]


# --- labels -------------------------------------------------------------------------------

def _one_row_set(value: float, standard: str = "x") -> FactorSet:
    spec = manifest("mine", [{"subject": "diesel", "parameter": "ncv", "value": value, "unit": "GJ/t",
                              "standard": standard}], version="1")
    return resolve("mine", {"mine": spec})


def test_label_changes_when_a_row_changes() -> None:
    assert _one_row_set(42.652).label() == _one_row_set(42.652).label()
    assert _one_row_set(42.652).label() != _one_row_set(42.653).label()
    assert _one_row_set(42.652).label() != _one_row_set(42.652, standard="y").label()


def test_label_changes_when_an_ancestor_changes() -> None:
    child = manifest("child", [], extends="mine", version="1")
    a = resolve("child", {"child": child, "mine": _one_row_set(1.0).spec})
    b = resolve("child", {"child": child, "mine": _one_row_set(2.0).spec})
    assert a.label() != b.label()
    assert a.label().startswith("child@1#") and b.label().startswith("child@1#")


# --- bad factor rows ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ("diesel,density,0.84,t/m3,x,,,,,", "parameter", ["未知参数", "unknown parameter", "'density'"]),
        ("diesel,ncv,42.652,t,x,,,,,", "unit", ["不适用于柴油的平均低位发热量", "does not suit the net calorific"]),
        ("diesel,ncv,42.652,GJ,x,,,,,", "unit", ["does not suit the net calorific value", "e.g. GJ/t"]),
        ("diesel,ncv,42.652,bogus_unit,x,,,,,", "unit", ["无法识别的单位", "unknown unit"]),
        ("diesel,carbon_content,20.2,t_CO2/TJ,x,,,,,", "unit", ["does not suit the carbon content", "如 吨碳/吉焦"]),
        ("diesel,oxidation,0.98,kg,x,,,,,", "unit", ["does not suit the carbon oxidation rate", "1（无量纲）"]),
        ("electricity,coal_coefficient,0.1229,kg/kWh,x,,,,,", "unit",
         ["does not suit the standard-coal coefficient (calorific value)"]),
        ("electricity,emission_factor,0.5,kgce/kWh,x,,,,,", "unit",
         ["不适用于电力的排放因子", "does not suit the emission factor"]),
        ("diesel,ncv,-1,GJ/t,x,,,,,", "value", ["须为非负数", "must be a non-negative number", "'-1'"]),
        ("diesel,ncv,abc,GJ/t,x,,,,,", "value", ["must be a non-negative number"]),
        ("diesel,ncv,inf,GJ/t,x,,,,,", "value", ["must be a non-negative number"]),
        ("diesel,ncv,nan,GJ/t,x,,,,,", "value", ["must be a non-negative number"]),
        ("diesel,ncv,42.652,GJ/t,,,,,,", "standard", ["必须注明来源", "the source must be named"]),
        (",ncv,42.652,GJ/t,x,,,,,", "subject", ["不能为空", "must not be empty"]),
        ("diesel,ncv,42.652,GJ/t,x,,,2023/01/01,,", "valid_from", ["YYYY-MM-DD", "'2023/01/01'"]),
        ("diesel,ncv,42.652,GJ/t,x,,,,2023-02-30,", "valid_to", ["YYYY-MM-DD"]),
        ("diesel,ncv,42.652,GJ/t,x,,,2023-06-01,2023-05-31,", "valid_to", ["早于 valid_from", "before valid_from"]),
        ("diesel,ncv,42.652,GJ/t,x,,twenty,,,", "year", ["须为年份", "must be a year"]),
        ("diesel,ncv,42.652,GJ/t,x,,,,,,surplus", "row", ["more cells than columns"]),
    ],
)
def test_bad_factor_row_is_named(line: str, field: str, words: list[str]) -> None:
    (issue,) = bad_row_issues(line)
    assert issue.where == "mine.csv 第2行 / row 2"
    assert issue.field == field
    for word in words:
        assert word in issue.reason


def test_every_bad_factor_row_is_reported() -> None:
    text = (HEADER
            + "diesel,ncv,42.652,GJ/t,x,,,,,\n"          # row 2: fine
            + "diesel,ncv,42.652,t,x,,,,,\n"             # row 3: unit
            + "diesel,nvc,-1,GJ/t,,,,,,\n")              # row 4: parameter, standard, value
    with pytest.raises(AccountingInputError) as caught:
        parse_rows(text, "mine.csv")
    assert sorted((i.where, i.field) for i in caught.value.issues) == [
        ("mine.csv 第3行 / row 3", "unit"),
        ("mine.csv 第4行 / row 4", "parameter"),
        ("mine.csv 第4行 / row 4", "standard"),
        ("mine.csv 第4行 / row 4", "value"),
    ]


def test_factor_table_missing_columns() -> None:
    with pytest.raises(AccountingInputError) as caught:
        parse_rows("subject,parameter,value\ndiesel,ncv,1\n", "mine.csv")
    assert [(i.where, i.field) for i in caught.value.issues] == [("mine.csv", "unit"), ("mine.csv", "standard")]


def test_per_unit_factors_accept_the_usual_denominators() -> None:
    rows = parse_rows(HEADER + "\n".join([
        "natural_gas,ncv,389.31,GJ/(1e4*m3),x,,,,,",
        "electricity,emission_factor,4.2,t_CO2/(1e4*kWh),x,,,,,",
        "heat,coal_coefficient,0.03412,kgce/MJ,x,,,,,",
        "steam,heat_content,3.763,GJ/t,x,,,,,",
        "diesel,oxidation,0.98,1,x,,,,,",
        "diesel,carbon_content,20.2,t_C/TJ,x,,,,,",
    ]) + "\n", "ok.csv")
    assert len(rows) == 6


# --- manifests and files ------------------------------------------------------------------

def test_manifest_needs_id_and_name_and_a_known_basis() -> None:
    with pytest.raises(AccountingInputError) as caught:
        parse_manifest({"dual_control_basis": "both"}, "m.yaml", None)
    assert [i.field for i in caught.value.issues] == ["id", "name", "dual_control_basis"]
    with pytest.raises(AccountingInputError) as caught:
        parse_manifest(["not", "a", "mapping"], "m.yaml", None)
    assert [i.field for i in caught.value.issues] == ["file"]


def test_inline_rows_with_a_bad_cell_name_the_manifest() -> None:
    with pytest.raises(AccountingInputError) as caught:
        manifest("mine", [{"subject": "diesel", "parameter": "ncv", "value": 42.652, "unit": "t", "standard": "x"}])
    (issue,) = caught.value.issues
    assert (issue.where, issue.field) == ("mine.yaml 第2行 / row 2", "unit")


def test_read_factor_set_from_files(tmp_path: Path) -> None:
    (tmp_path / "mine.csv").write_text(HEADER + "diesel,ncv,43,GJ/t,x,,,,,\n", encoding="utf-8")
    (tmp_path / "mine.yaml").write_text("id: mine\nname: 我的\nextends: shanghai\ntable: mine.csv\n", encoding="utf-8")
    spec = read_factor_set(tmp_path / "mine.yaml")
    assert (spec.id, spec.name, spec.name_en, spec.extends) == ("mine", "我的", "我的", "shanghai")
    assert spec.rows == (FactorRow("diesel", Parameter.NCV, 43.0, "GJ/t", "x"),)


@pytest.mark.parametrize(
    ("files", "target", "field"),
    [
        ({"mine.yaml": "id: mine\nname: m\ntable: absent.csv\n"}, "mine.yaml", "table"),
        ({"mine.yaml": "id: [unclosed\n"}, "mine.yaml", "yaml"),
        ({"mine.csv": HEADER}, "mine.csv", "file"),
        ({}, "absent.yaml", "file"),
    ],
)
def test_read_factor_set_errors(tmp_path: Path, files: dict[str, str], target: str, field: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(AccountingInputError) as caught:
        read_factor_set(tmp_path / target)
    assert [(i.where, i.field) for i in caught.value.issues] == [(target, field)]


# --- resolve ------------------------------------------------------------------------------

def test_resolve_unknown_set() -> None:
    with pytest.raises(AccountingInputError) as caught:
        resolve("nowhere", bundled())
    (issue,) = caught.value.issues
    assert (issue.where, issue.field) == ("nowhere", "factor_set")
    assert "'nowhere'" in issue.reason


def test_resolve_unknown_parent() -> None:
    specs = bundled()
    specs["orphan"] = manifest("orphan", [], extends="nowhere")
    with pytest.raises(AccountingInputError) as caught:
        resolve("orphan", specs)
    (issue,) = caught.value.issues
    assert (issue.where, issue.field) == ("orphan", "extends")
    assert "'nowhere'" in issue.reason


@pytest.mark.parametrize("chain", [["a", "a"], ["a", "b", "a"], ["a", "b", "c", "b"]])
def test_resolve_cycle(chain: list[str]) -> None:
    specs = {name: manifest(name, [], extends=parent) for name, parent in itertools.pairwise(chain)}
    with pytest.raises(AccountingInputError) as caught:
        resolve("a", specs)
    (issue,) = caught.value.issues
    assert issue.field == "extends"
    assert "cycle" in issue.reason and "循环" in issue.reason


# --- a custom set that lacks a factor -----------------------------------------------------

def _electricity_until_2022() -> FactorSet:
    window = {"valid_to": "2022-12-31"}
    spec = manifest("partial", [
        {"subject": "electricity", "parameter": "coal_coefficient", "value": 0.1229, "unit": "kgce/kWh",
         "standard": "x", **window},
        {"subject": "electricity", "parameter": "equal_value_coefficient", "value": 0.404, "unit": "kgce/kWh",
         "standard": "x", **window},
        {"subject": "electricity", "parameter": "emission_factor", "value": 0.5, "unit": "kg_CO2/kWh",
         "standard": "x", **window},
    ])
    return resolve("partial", {"partial": spec})


def test_missing_factor_names_the_row_that_needs_it() -> None:
    table = read_activity_csv("entity,period,energy_type,quantity,unit\n"
                              "a,2022,electricity,1,kWh\n"      # row 2: covered
                              "a,2022-12,electricity,1,kWh\n"   # row 3: covered
                              "a,2023,electricity,1,kWh\n")     # row 4: no factor for 2023
    with pytest.raises(AccountingInputError) as caught:
        account(table, _electricity_until_2022())
    issues = caught.value.issues
    assert {i.where for i in issues} == {"第4行 / row 4"}
    assert {i.field for i in issues} == {"energy_type"}
    reasons = " ".join(i.reason for i in issues)
    for parameter in ("coal_coefficient", "equal_value_coefficient", "emission_factor"):
        assert f"has no {parameter} for electricity in 2023" in reasons
    assert "因子集 partial 缺少" in reasons


def test_the_covered_years_account_fine() -> None:
    t = run([record("electricity", 10_000, "kWh", period="2022")], _electricity_until_2022()).totals()
    assert t["co2_t"] == pytest.approx(10_000 * 0.5 / 1000, rel=1e-9)
    assert t["energy_tce"] == pytest.approx(1.229, rel=1e-9)


def test_missing_heat_factor_for_steam_names_the_steam_row() -> None:
    spec = manifest("no-heat", [
        {"subject": "diesel", "parameter": p, "value": v, "unit": u, "standard": "x"}
        for p, v, u in [("coal_coefficient", 1.4571, "kgce/kg"), ("ncv", 42.652, "GJ/t"),
                        ("carbon_content", 20.2, "t_C/TJ"), ("oxidation", 0.98, "1")]
    ] + [
        {"subject": "steam", "parameter": "coal_coefficient", "value": 0.1286, "unit": "kgce/kg", "standard": "x"},
        {"subject": "steam", "parameter": "heat_content", "value": 3.763, "unit": "GJ/t", "standard": "x"},
    ])
    table = read_activity_csv("entity,period,energy_type,quantity,unit\n"
                              "a,2023,diesel,1,t\n"   # row 2: all its factors are there
                              "a,2023,steam,1,t\n")   # row 3: needs heat's emission_factor
    with pytest.raises(AccountingInputError) as caught:
        account(table, resolve("no-heat", {"no-heat": spec}))
    (issue,) = caught.value.issues
    assert "emission_factor" in issue.reason
    assert issue.where == "第3行 / row 3"


@pytest.mark.parametrize(
    ("subject", "parameter", "unit", "basis"),
    [
        ("diesel", "coal_coefficient", "kgce/m3", "t"),
        ("natural_gas", "ncv", "GJ/t", "m3"),
        ("electricity", "coal_coefficient", "kgce/kg", "kWh"),
        ("steam", "heat_content", "GJ/m3", "t"),
    ],
)
def test_per_unit_factor_must_be_per_its_energy_type_s_basis(subject: str, parameter: str, unit: str,
                                                              basis: str) -> None:
    """A denominator that does not fit the energy type (kgce/m3 for diesel, counted in t) is refused when the set
    is read, naming the row and the unit, not left to crash the engine with a pint error."""
    with pytest.raises(AccountingInputError) as caught:
        manifest("mine", [{"subject": subject, "parameter": parameter, "value": 1.2, "unit": unit, "standard": "x"}],
                 extends="shanghai")
    (issue,) = caught.value.issues
    assert (issue.where, issue.field) == ("mine.yaml 第2行 / row 2", "unit")
    assert f"does not suit the {parameter_words(parameter, english=True).lower()}" in issue.reason
    assert f"per {basis} expected" in issue.reason


@pytest.mark.parametrize("parameter,unit", [("heat_content", "GJ/t"), ("ncv", "GJ/t"), ("coal_coefficient", "kgce/kg")])
def test_a_zero_coefficient_is_refused(parameter: str, unit: str) -> None:
    text = "subject,parameter,value,unit,standard\n" f"steam,{parameter},0,{unit},mine\n"
    with pytest.raises(AccountingInputError) as caught:
        parse_rows(text, "zero.csv")
    assert [i.field for i in caught.value.issues] == ["value"]


def test_a_zero_green_power_factor_is_allowed() -> None:
    text = "subject,parameter,value,unit,standard\nelectricity,emission_factor_green_power,0,t_CO2/(1e4*kWh),mine\n"
    assert parse_rows(text, "green.csv")[0].value == 0

"""`carbonpeak factors list | show | load`: the factor sets from the console."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from carbonpeak.accounting.models import Factor, FactorSet
from carbonpeak.audit.models import ChangeRecord
from carbonpeak.cli import main
from tests.accounting._hand import CSV_HEADER, ELEC_EQUAL_VALUE_PER_10K_KWH, FACTOR_DIR

Capsys = pytest.CaptureFixture[str]

OWN_SET = """\
id: shanghai-stats-2023
name: 上海市统计局 2023 年电力等价值
name_en: Shanghai statistics bureau, electricity equal value 2023
version: "2023"
extends: {extends}
rows:
  - subject: electricity
    parameter: equal_value_coefficient
    value: 0.30
    unit: {unit}
    standard: 上海市统计局（测试用数值）
    valid_from: 2023-01-01
    valid_to: 2023-12-31
"""


def national_rows() -> int:
    with (FACTOR_DIR / "cn-national.csv").open(encoding="utf-8") as f:
        return len(list(csv.DictReader(f)))


def write_set(tmp_path: Path, extends: str = "shanghai", unit: str = "kgce/kWh", **replace: str) -> str:
    text = OWN_SET.format(extends=extends, unit=unit)
    for old, new in replace.items():
        text = text.replace(old, new)
    path = tmp_path / "own.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def state() -> tuple[list[tuple[str, str]], int, int]:
    return list(FactorSet.objects.values_list("code", "digest")), Factor.objects.count(), ChangeRecord.objects.count()


def test_list(db: None, capsys: Capsys) -> None:
    assert main(["factors", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    shanghai = next(line for line in lines if " shanghai " in line)
    national = next(line for line in lines if " cn-national " in line)
    assert shanghai.startswith("* ") and national.startswith("  ")
    assert "   5 rows extends cn-national" in shanghai
    assert f"{national_rows():>4} rows" in national
    assert lines[-1].startswith("* ")


def test_show_resolved_lists_inherited_rows(db: None, capsys: Capsys) -> None:
    assert main(["factors", "show", "shanghai", "--resolved"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5 + national_rows()
    assert err.startswith("# shanghai@2026-11#")
    assert {"subject": "diesel", "parameter": "ncv", "value": "42.652", "unit": "GJ/t"}.items() <= next(
        r for r in rows if (r["subject"], r["parameter"]) == ("diesel", "ncv")).items()


def test_show_without_resolved_lists_own_rows(db: None, capsys: Capsys) -> None:
    assert main(["factors", "show", "shanghai"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 5
    assert {r["subject"] for r in rows} == {"electricity", "heat"}


def test_show_unknown_set_exits_2(db: None, capsys: Capsys) -> None:
    assert main(["factors", "show", "atlantis"]) == 2
    assert "atlantis" in capsys.readouterr().err


def account_equal_value(tmp_path: Path, capsys: Capsys, factors: str) -> dict[str, float]:
    path = tmp_path / "power.csv"
    path.write_text(f"{CSV_HEADER}\nA,2023,electricity,10000,kWh\nA,2024,electricity,10000,kWh\n", encoding="utf-8")
    assert main(["account", str(path), "--json", "--factors", factors]) == 0
    periods = json.loads(capsys.readouterr().out)["periods"]
    return {p: periods[p]["energy_tce_equal_value"] for p in periods}


def test_load_own_set_overrides_equal_value_for_its_window(db: None, tmp_path: Path, capsys: Capsys) -> None:
    assert main(["factors", "load", write_set(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == "已载入 / loaded: shanghai-stats-2023 (1 rows, extends shanghai)"
    stored = FactorSet.objects.get(code="shanghai-stats-2023")
    assert not stored.bundled and stored.extends == "shanghai"
    factor = stored.factors.get()
    assert (factor.subject, factor.parameter, factor.value, factor.unit) == (
        "electricity", "equal_value_coefficient", 0.30, "kgce/kWh")
    assert (factor.valid_from.isoformat(), factor.valid_to.isoformat()) == ("2023-01-01", "2023-12-31")
    record = ChangeRecord.objects.filter(entity="factor_set", entity_key="shanghai-stats-2023").get()
    assert record.action == "created" and record.actor_label.startswith("cli:factors load")
    # 10 000 kWh × 0.30 kgce/kWh = 3.0 tce in 2023; 2024 falls back to the national 0.404.
    equal = account_equal_value(tmp_path, capsys, "shanghai-stats-2023")
    assert equal["2023"] == pytest.approx(10_000 * 0.30 / 1000) == pytest.approx(3.0)
    assert equal["2024"] == pytest.approx(ELEC_EQUAL_VALUE_PER_10K_KWH) == pytest.approx(4.04)
    # The bundled sets are untouched.
    assert account_equal_value(tmp_path, capsys, "shanghai")["2023"] == pytest.approx(4.04)


def test_loading_again_is_unchanged(db: None, tmp_path: Path, capsys: Capsys) -> None:
    path = write_set(tmp_path)
    assert main(["factors", "load", path]) == 0
    capsys.readouterr()
    before = state()
    assert main(["factors", "load", path]) == 0
    assert capsys.readouterr().out.startswith("无变化 / unchanged: shanghai-stats-2023")
    assert state() == before


def test_loading_an_edited_set_updates_it(db: None, tmp_path: Path, capsys: Capsys) -> None:
    assert main(["factors", "load", write_set(tmp_path)]) == 0
    assert main(["factors", "load", write_set(tmp_path, **{"value: 0.30": "value: 0.2808"})]) == 0
    assert FactorSet.objects.get(code="shanghai-stats-2023").factors.get().value == 0.2808
    actions = list(ChangeRecord.objects.filter(entity="factor_set", entity_key="shanghai-stats-2023")
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["created", "updated"]


def test_set_with_a_bundled_id_is_refused(db: None, tmp_path: Path, capsys: Capsys) -> None:
    before = state()
    shanghai = FactorSet.objects.get(code="shanghai")
    path = write_set(tmp_path, extends="cn-national", **{"id: shanghai-stats-2023": "id: shanghai"})
    assert main(["factors", "load", path]) == 2
    err = capsys.readouterr().err
    assert "shanghai · id:" in err and "bundled" in err
    assert state() == before
    again = FactorSet.objects.get(code="shanghai")
    assert (again.digest, again.extends, again.factors.count(), again.bundled) == (
        shanghai.digest, "cn-national", 5, True)


def test_set_extending_an_unknown_set_is_refused(db: None, tmp_path: Path, capsys: Capsys) -> None:
    before = state()
    assert main(["factors", "load", write_set(tmp_path, extends="atlantis")]) == 2
    err = capsys.readouterr().err
    assert "extends" in err and "atlantis" in err
    assert state() == before
    assert not FactorSet.objects.filter(code="shanghai-stats-2023").exists()


def test_bad_row_is_refused(db: None, tmp_path: Path, capsys: Capsys) -> None:
    before = state()
    path = write_set(tmp_path, **{"parameter: equal_value_coefficient": "parameter: ncv", "value: 0.30": "value: 42"},
                     unit="t")
    assert main(["factors", "load", path]) == 2
    err = capsys.readouterr().err
    assert "own.yaml 第2行 / row 2 · unit:" in err
    assert state() == before
    assert not FactorSet.objects.filter(code="shanghai-stats-2023").exists()

"""The one formatting layer (common/figures.py) and its chart twin (web/static/web/figures.js)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from carbonpeak.common.figures import (
    MINUS,
    NOTHING,
    Kind,
    excel_format,
    format_figure,
    join_unit,
    kind_of_unit,
    parse_spec,
)

FIGURES_JS = Path(__file__).parents[2] / "src" / "carbonpeak" / "web" / "static" / "web" / "figures.js"

# (value, kind, options, Chinese, English): every kind, both languages, 0, negative, huge, tiny.
CASES: list[tuple[object, str, dict[str, object], str, str]] = [
    (8783345, "count", {}, "878.3万", "8.783 million"),
    (735, "count", {}, "735", "735"),
    (12345, "count", {"compact": False}, "12,345", "12,345"),
    (0, "count", {}, "0", "0"),
    (-4, "count", {}, f"{MINUS}4", f"{MINUS}4"),
    (123456789, "money", {"unit": "元"}, "1.235亿元", "123.5 million 元"),
    (123.456, "money", {"unit": "万元"}, "123.5万元", "123.5万元"),  # the unit names the scale: not scaled twice
    (12345.678, "energy", {"unit": "tce"}, "1.235万 tce", "12,346 tce"),
    (12345.678, "energy", {"unit": "tce", "compact": False}, "12,346 tce", "12,346 tce"),
    (1234.5, "energy", {}, "1,235", "1,235"),  # 4 significant digits … (exact binary 1234.5: half up)
    (12345678.9, "energy", {"compact": False}, "12,345,679", "12,345,679"),  # … but whole units never rounded
    (0.5, "energy", {}, "0.5", "0.5"),  # no padded zeros
    (-1234567.8, "co2", {"compact": False}, f"{MINUS}1,234,568", f"{MINUS}1,234,568"),
    (-11614000, "co2", {}, f"{MINUS}1,161万", f"{MINUS}11.61 million"),
    (99999999, "co2", {}, "1亿", "100 million"),  # rounded before the scale is chosen: not 10,000万
    (9999.6, "co2", {}, "1万", "10,000"),
    (123456789012, "co2", {}, "1,235亿", "123.5 billion"),
    (3.2e15, "co2", {}, "3,200万亿", "3,200 trillion"),
    (1.234567e-9, "energy", {}, "1.235×10⁻⁹", "1.235×10⁻⁹"),
    (50000000, "quantity", {"unit": "千瓦时"}, "5,000万千瓦时", "50 million 千瓦时"),
    (455000, "quantity", {"unit": "m²"}, "45.5万 m²", "455,000 m²"),
    (0.276378, "intensity", {}, "0.2764", "0.2764"),
    (0.000123456, "intensity", {}, "0.0001235", "0.0001235"),
    (123456.7, "intensity", {}, "123,457", "123,457"),  # never scaled: an intensity is compared, not counted
    (1.3167, "ratio", {}, "1.32", "1.32"),
    (1.3, "ratio", {}, "1.30", "1.30"),  # a PUE keeps its two decimals
    (0.875, "share", {}, "87.5%", "87.5%"),
    (0.0102, "share", {}, "1.02%", "1.02%"),  # below 10 %: a second decimal where it is not zero
    (0.0099, "share", {}, "0.99%", "0.99%"),  # … so 0.99% never reads 1.0% beside a ≥ 1% target
    (0.05, "share", {}, "5.0%", "5.0%"),
    (0.09996, "share", {}, "10.0%", "10.0%"),
    (-0.0001, "share", {}, f"{MINUS}0.01%", f"{MINUS}0.01%"),  # too small for one decimal: 2 significant
    (0.00012345, "share", {}, "0.01%", "0.01%"),
    (0.000012345, "share", {}, "0.0012%", "0.0012%"),
    (-0.0000001, "percent", {}, f"{MINUS}1×10⁻⁷%", f"{MINUS}1×10⁻⁷%"),
    (1, "share", {}, "100.0%", "100.0%"),
    (-22.005, "percent", {}, f"{MINUS}22.0%", f"{MINUS}22.0%"),
    (-14, "percent", {"signed": True}, f"{MINUS}14.0%", f"{MINUS}14.0%"),
    (0.032, "change", {}, "+3.2%", "+3.2%"),
    (-0.231473, "change", {}, f"{MINUS}23.1%", f"{MINUS}23.1%"),
    (0, "change", {}, "0.0%", "0.0%"),
    (-0.0, "change", {}, "0.0%", "0.0%"),  # no −0.0
    (1.25, "points", {}, "+1.3个百分点", "+1.3 pp"),  # an exact half rounds away from zero, as toFixed does
    (-0.4, "points", {}, f"{MINUS}0.4个百分点", f"{MINUS}0.4 pp"),
    (2025, "year", {}, "2025", "2025"),
    ("1,234.5", "energy", {}, "1,235", "1,235"),  # text as a template may hand it
    (None, "energy", {}, NOTHING, NOTHING),
    ("", "share", {}, NOTHING, NOTHING),
    (float("nan"), "ratio", {}, NOTHING, NOTHING),
    (float("inf"), "co2", {}, NOTHING, NOTHING),
    (-math.inf, "change", {}, NOTHING, NOTHING),
    ("n/a", "count", {}, NOTHING, NOTHING),
]


@pytest.mark.parametrize(("value", "kind", "options", "zh", "en"), CASES)
def test_each_kind_reads_as_people_write_it(value: object, kind: str, options: dict[str, object],
                                           zh: str, en: str) -> None:
    assert format_figure(value, kind, "zh-hans", **options) == zh  # type: ignore[arg-type]
    assert format_figure(value, Kind(kind), "en", **options) == en  # type: ignore[arg-type]


def test_every_kind_is_covered_by_the_cases() -> None:
    assert {Kind(k) for _, k, _, _, _ in CASES} == set(Kind)


def test_a_decimal_is_a_number_and_a_boolean_is_not() -> None:
    assert format_figure(Decimal("0.125"), Kind.SHARE, "zh") == "12.5%"
    assert format_figure(True, Kind.COUNT, "zh") == NOTHING


def test_the_minus_is_a_real_minus_never_a_hyphen() -> None:
    for value, kind, _options, zh, en in CASES:
        assert "-" not in zh.replace("⁻", "") and "-" not in en, (value, kind)


def test_a_unit_joins_as_its_language_writes_it() -> None:
    assert join_unit("5,000万", "千瓦时") == "5,000万千瓦时"
    assert join_unit("12,346", "tce") == "12,346 tce"
    assert join_unit("50 million", "千瓦时") == "50 million 千瓦时"
    assert join_unit("1.2", "") == "1.2"


def test_indicator_units_name_their_kind_and_templates_name_kind_and_unit() -> None:
    assert kind_of_unit("percent") is Kind.PERCENT
    assert kind_of_unit("ratio") is Kind.RATIO
    assert kind_of_unit("tce_per_10k_cny") is Kind.INTENSITY
    assert kind_of_unit("MW") is Kind.QUANTITY
    assert parse_spec("energy tce") == (Kind.ENERGY, "tce")
    assert parse_spec("co2 t CO₂") == (Kind.CO2, "t CO₂")
    assert parse_spec("share") == (Kind.SHARE, "")
    with pytest.raises(ValueError):
        parse_spec("nonsense")


def test_export_formats_keep_the_layer_s_rules() -> None:
    assert excel_format(Kind.SHARE) == "0.0%"
    assert excel_format(Kind.RATIO) == "0.00"
    assert excel_format("year") == "0"  # never 2,025
    assert all(excel_format(k) for k in Kind)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_chart_formatter_writes_every_case_as_the_page_does() -> None:
    """figures.js under node, on the same table: a chart and its page never write one figure two ways."""
    cases = [[_json_value(v), k, o] for v, k, o, _, _ in CASES]
    script = (f"const F = require({json.dumps(str(FIGURES_JS))});\n"
              f"const cases = {json.dumps(cases)};\n"
              "const out = cases.map(([v, k, o]) => [F.format(v, k, Object.assign({lang: 'zh-hans'}, o)),"
              " F.format(v, k, Object.assign({lang: 'en'}, o))]);\n"
              "process.stdout.write(JSON.stringify(out));")
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30, check=True)
    written = json.loads(done.stdout)
    expected = [[zh, en] for _, _, _, zh, en in CASES]
    mismatches = [(CASES[i][:3], w, e) for i, (w, e) in enumerate(zip(written, expected, strict=True)) if w != e]
    assert mismatches == []


def _json_value(value: object) -> object:
    """NaN and ±∞ have no JSON: they travel as the strings JavaScript's Number() reads back."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value).replace("inf", "Infinity").replace("nan", "NaN")
    return value


# (axis max, kind, language, ticks, labels): every tick of one axis in one notation, chosen from its largest
# value; negative ticks with the real minus as the values (issue 18: "1.8万 … 9,000" and "-5" on axes).
AXES: list[tuple[float, str, str, list[float], list[str]]] = [
    (18_000, "quantity", "zh", [0, 3_000, 9_000, 18_000], ["0", "0.3万", "0.9万", "1.8万"]),
    (18_000, "quantity", "en", [0, 3_000, 9_000, 18_000], ["0", "3,000", "9,000", "18,000"]),
    (9_500, "quantity", "zh", [0, 5_000, 10_000], ["0", "5,000", "10,000"]),  # below 1万: plain, every tick
    (30, "co2", "zh", [-30, -5, 0, 2.5], [f"{MINUS}30", f"{MINUS}5", "0", "2.5"]),
    (25_000, "energy", "zh", [-20_000, -5_000, 0], [f"{MINUS}2万", f"{MINUS}0.5万", "0"]),
    (1.2e8, "quantity", "zh", [6e7, 1.2e8], ["0.6亿", "1.2亿"]),
    (1.2e8, "quantity", "en", [6e7, 1.2e8], ["60 million", "120 million"]),
    (1.5, "ratio", "zh", [1, 1.25, -0.5], ["1.00", "1.25", f"{MINUS}0.50"]),
]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_an_axis_writes_its_ticks_in_one_notation() -> None:
    cases = [[top, kind, lang, ticks] for top, kind, lang, ticks, _ in AXES]
    script = (f"const F = require({json.dumps(str(FIGURES_JS))});\n"
              f"const cases = {json.dumps(cases)};\n"
              "const out = cases.map(([max, kind, lang, ticks]) => ticks.map(F.axis(kind, {max, lang})));\n"
              "process.stdout.write(JSON.stringify(out));")
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30, check=True)
    written = json.loads(done.stdout)
    assert written == [labels for *_, labels in AXES]
    for labels in written:  # one notation an axis: all scaled, or none (0 apart)
        scaled = {any(s in label for s in ("万", "亿", "million")) for label in labels if label != "0"}
        assert len(scaled) == 1

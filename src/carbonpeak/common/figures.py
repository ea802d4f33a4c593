"""Figures for people (数字的呈现): the one way CarbonPeak writes a number on a page, in an export's cell
format and in a chart's labels (`web/static/web/figures.js` follows the same rules, and
tests/common/test_figures.py holds the two to one table of cases).

Pure module (no Django). A figure is written by what it is, its `Kind`, and the reader's language:

* thousands separated (12,345); a real minus sign (−, U+2212), never a hyphen;
* in Chinese, a large figure in 万 / 亿 / 万亿 (878.3万) as Chinese statistics write it; in English in
  million / billion (8.783 million), thousands kept whole with separators (12,345); a table that compares
  rows asks for `compact=False` and keeps plain separated figures;
* significant digits by kind: measured amounts (energy, CO2, money, physical quantities) and intensities
  to 4 significant digits, never rounding away whole units (12,345,678 stays whole when not compacted);
  PUE-like ratios to 2 decimals; counts and years whole; shares, percentages, changes and percentage
  points to one decimal (below 10 % a second decimal where it is not zero, 0.99% beside a 1% target; a
  share too small for that keeps two significant digits: 0.0012%, not 0.00%);
* nothing known (None), NaN and ±∞ as "—": a figure that cannot be a number is not printed as one.

The value is never changed, only its writing: a page shows what the stored number is.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MINUS = "\u2212"
NOTHING = "—"
# Below this a decimal figure is written with a power of ten (0.0000001 is unreadable).
TINY = 1e-6


class Kind(enum.Enum):
    """What a figure is; it decides digits, scaling and signs."""

    COUNT = "count"            # tasks, readings, reports: whole
    MONEY = "money"            # CNY (or 10⁴ CNY, the unit says so): 4 significant digits
    ENERGY = "energy"          # tce (当量值 / 等价值)
    CO2 = "co2"                # t CO2 / CO2e
    QUANTITY = "quantity"      # a physical quantity in its unit (kWh, m³, t, kW …)
    INTENSITY = "intensity"    # per unit of output: tce per 10⁴ CNY, t CO2 per 10⁴ CNY
    RATIO = "ratio"            # PUE, a ratio to a benchmark: 2 decimals
    SHARE = "share"            # a fraction written as percent: 0.875 → 87.5%
    PERCENT = "percent"        # a value already in percent: −22.005 → −22.0%
    CHANGE = "change"          # a relative change as a fraction, signed: 0.032 → +3.2%
    POINTS = "points"          # percentage points, signed: +1.2个百分点 / +1.2 pp
    YEAR = "year"              # 2025, never 2,025


@dataclass(frozen=True)
class Rule:
    """How a kind is written: `significant` digits (integer part never rounded) or fixed `decimals`;
    `scaled`: 万/亿 or million/billion when compact; `hundred`: a fraction shown ×100; `signed`: "+" too."""

    significant: int | None = None
    decimals: int | None = None
    scaled: bool = False
    hundred: bool = False
    signed: bool = False
    separators: bool = True


RULES: dict[Kind, Rule] = {
    Kind.COUNT: Rule(decimals=0, scaled=True),
    Kind.MONEY: Rule(significant=4, scaled=True),
    Kind.ENERGY: Rule(significant=4, scaled=True),
    Kind.CO2: Rule(significant=4, scaled=True),
    Kind.QUANTITY: Rule(significant=4, scaled=True),
    Kind.INTENSITY: Rule(significant=4),
    Kind.RATIO: Rule(decimals=2),
    Kind.SHARE: Rule(decimals=1, hundred=True),
    Kind.PERCENT: Rule(decimals=1),
    Kind.CHANGE: Rule(decimals=1, hundred=True, signed=True),
    Kind.POINTS: Rule(decimals=1, signed=True),
    Kind.YEAR: Rule(decimals=0, separators=False),
}

PERCENT_KINDS = frozenset({Kind.SHARE, Kind.PERCENT, Kind.CHANGE})
# Significant digits of a compacted figure (878.3万, 8.783 million), whatever the kind.
COMPACT_SIGNIFICANT = 4
# (threshold, Chinese suffix) and (threshold, English word), largest first.
ZH_SCALES: tuple[tuple[float, str], ...] = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
EN_SCALES: tuple[tuple[float, str], ...] = ((1e12, " trillion"), (1e9, " billion"), (1e6, " million"))
# A unit that already names a scale (万元, 10⁴ t, 亿千瓦时) is not scaled again: "1.2万 万元" reads twice.
SCALED_UNIT_MARKS = ("万", "亿", "10⁴", "10^4", "10000", "million", "billion")
POINTS_SUFFIX = {"zh": "个百分点", "en": " pp"}

Number = int | float | Decimal


def is_english(lang: str | None) -> bool:
    """The reader's language: English for "en", "en-us" …; Chinese otherwise (the product's default)."""
    return (lang or "").lower().startswith("en")


def as_number(value: object) -> float | None:
    """The value as a float, or None when it is not a finite number (None, "", NaN, ±∞, text)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = float(value)
    elif isinstance(value, str) and value.strip():
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def format_figure(value: object, kind: Kind | str, lang: str | None = "zh", *, unit: str = "",
                  compact: bool = True, signed: bool | None = None) -> str:
    """`value` written for a reader of `lang` as a figure of `kind`, followed by `unit` if given.

    `compact=False` keeps plain separated figures (a table column that is compared row by row);
    `signed` overrides the kind's own choice of writing "+" before a positive figure.
    """
    kind = Kind(kind)
    number = as_number(value)
    if number is None:
        return NOTHING
    rule = RULES[kind]
    english = is_english(lang)
    if rule.hundred:
        number *= 100
    suffix = ""
    digits_rule = rule
    if compact and rule.scaled and not _names_scale(unit):
        number, suffix = _scale(number, english)
        if suffix:
            digits_rule = Rule(significant=COMPACT_SIGNIFICANT)
    text = _digits(abs(number), digits_rule, rule.separators)
    if kind in PERCENT_KINDS and abs(number) < 10:
        # below 10 % a second decimal where it is not zero: 0.99%, never "1.0%" beside a ≥ 1% target
        text = _digits(abs(number), Rule(decimals=2), rule.separators)
        text = text[:-1] if text.endswith("0") else text
    if kind in PERCENT_KINDS and number and not _nonzero(text):
        # a share too small for one decimal keeps two significant digits (0.012%), never reads as nothing
        text = _digits(abs(number), Rule(significant=2), rule.separators)
    show_plus = rule.signed if signed is None else signed
    sign = "" if not _nonzero(text) else MINUS if number < 0 else "+" if show_plus and number > 0 else ""  # no −0
    body = f"{sign}{text}{suffix}"
    if kind in PERCENT_KINDS:
        body += "%"
    elif kind is Kind.POINTS:
        body += POINTS_SUFFIX["en" if english else "zh"]
    return join_unit(body, unit)


def _nonzero(text: str) -> bool:
    return any(c in "123456789" for c in text)


def join_unit(figure: str, unit: str) -> str:
    """A figure and its unit: "12,345 tce", "878.3万吨" (no space before a Chinese unit), "87.5%"."""
    if not unit:
        return figure
    # a Chinese unit follows a figure closely (5,000万千瓦时), but not an English word (50 million 千瓦时)
    tight = unit[0] in "%‰°" or (_is_cjk(unit[0]) and not (figure[-1].isascii() and figure[-1].isalpha()))
    return f"{figure}{unit}" if tight else f"{figure} {unit}"


def _names_scale(unit: str) -> bool:
    return any(mark in unit for mark in SCALED_UNIT_MARKS)


def _scale(number: float, english: bool) -> tuple[float, str]:
    """The number divided by the largest scale it reaches, and the scale's name; compared once rounded to
    the compact digits, so 99,999,999 reads 1亿, not 10,000万."""
    size = abs(number)
    if size:
        step = Decimal(1).scaleb(math.floor(math.log10(size)) - COMPACT_SIGNIFICANT + 1)
        size = float(Decimal(size).quantize(step, rounding=ROUND_HALF_UP))
    for threshold, name in EN_SCALES if english else ZH_SCALES:
        if size >= threshold:
            return number / threshold, name
    return number, ""


def _fixed(size: float, decimals: int) -> Decimal:
    """`size` rounded to `decimals`, half away from zero on its exact binary value: what JavaScript's
    toFixed does, so a page and its chart never round one figure two ways (Python's own format rounds
    an exact half to even: 1.25 → 1.2, where toFixed gives 1.3)."""
    return Decimal(size).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _significant(size: float, significant: int) -> Decimal:
    """`size` (> 0) rounded to `significant` digits; the integer part is never rounded away."""
    if size == 0:
        return Decimal(0)
    magnitude = math.floor(math.log10(size))
    decimals = max(0, significant - 1 - magnitude)
    rounded = _fixed(size, decimals)
    if decimals and rounded >= Decimal(10) ** (magnitude + 1):  # 9.9996 → 10.000: one digit moved left
        rounded = _fixed(size, decimals - 1)
    return rounded


def _digits(size: float, rule: Rule, separators: bool) -> str:
    """A non-negative number's digits under `rule` (the sign is added by the caller)."""
    comma = "," if separators else ""
    if rule.decimals is not None:
        return f"{_fixed(size, rule.decimals):{comma}f}"
    significant = rule.significant or COMPACT_SIGNIFICANT
    if size == 0:
        return "0"
    if size < TINY:
        return _power_of_ten(size, significant)
    text = f"{_significant(size, significant):{comma}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text  # 1.500 → 1.5: no padded zeros


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(size: float, significant: int) -> str:
    exponent = math.floor(math.log10(size))
    mantissa = f"{_significant(size / 10.0 ** exponent, significant):f}"
    if mantissa.startswith("10"):  # 9.9996e-7 → 1e-6
        exponent, mantissa = exponent + 1, f"{_significant(size / 10.0 ** (exponent + 1), significant):f}"
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return f"{mantissa}×10{str(exponent).translate(_SUPERSCRIPT)}"


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


# What an indicator's value is, by its unit of measure (common/measures.py): a value in % is already a
# percentage, a dimensionless ratio is a PUE-like figure, the rest are physical quantities.
UNIT_KINDS: dict[str, Kind] = {
    "percent": Kind.PERCENT,
    "ratio": Kind.RATIO,
    "count": Kind.COUNT,
    "year": Kind.YEAR,
    "tce_per_10k_cny": Kind.INTENSITY,
}


def kind_of_unit(unit_code: str) -> Kind:
    """The kind of a value in a unit of `common.measures` ("percent" → PERCENT, "MW" → QUANTITY)."""
    return UNIT_KINDS.get(unit_code, Kind.QUANTITY)


# Units the figure itself carries (%, a bare ratio) or that English leaves unsaid (735, 2030).
UNWRITTEN_UNITS = {"zh": frozenset({"percent", "ratio"}), "en": frozenset({"percent", "ratio", "count", "year"})}


def format_measure(value: object, unit_code: str, unit_text: str, lang: str | None = "zh", *,
                   compact: bool = True) -> str:
    """A value in a unit of `common.measures` with the unit's text: −22.0%, 1.32, 45.5万平方米, 310 MW."""
    english = is_english(lang)
    unit = "" if unit_code in UNWRITTEN_UNITS["en" if english else "zh"] else unit_text
    return format_figure(value, kind_of_unit(unit_code), lang, unit=unit, compact=compact)


def parse_spec(spec: str) -> tuple[Kind, str]:
    """A template's figure spec, "kind unit…": "energy tce" → (ENERGY, "tce"), "share" → (SHARE, "")."""
    kind, _, unit = spec.strip().partition(" ")
    return Kind(kind), unit.strip()


# The number formats of an export's cells (openpyxl `number_format`): the cell keeps its number so people
# can compute with it, and shows it as the layer does, as far as a spreadsheet format can (a fixed number
# of decimals where the page drops padded zeros; no 万 scaling, a spreadsheet column is compared row by row).
EXCEL_FORMATS: dict[Kind, str] = {
    Kind.COUNT: "#,##0",
    Kind.MONEY: "#,##0.00",
    Kind.ENERGY: "#,##0.00",
    Kind.CO2: "#,##0.00",
    Kind.QUANTITY: "#,##0.00",
    Kind.INTENSITY: "0.0000",
    Kind.RATIO: "0.00",
    Kind.SHARE: "0.0%",
    Kind.PERCENT: '0.0"%"',
    Kind.CHANGE: "+0.0%;−0.0%;0.0%",
    Kind.POINTS: "+0.0;−0.0;0.0",
    Kind.YEAR: "0",
}


def excel_format(kind: Kind | str) -> str:
    """The spreadsheet number format of a figure of `kind`."""
    return EXCEL_FORMATS[Kind(kind)]

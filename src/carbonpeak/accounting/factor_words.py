"""A factor as people write it (因子的书写): the subject, parameter and unit of a factor-set row by their Chinese
or English names as well as by their codes.

Pure module (no Django). A user's factor set says 电力 · 排放因子 · 吨二氧化碳/万千瓦时, as the factor set's page
shows them (factor_names.py), or Electricity · Emission factor · t CO₂/10⁴ kWh, or the codes `electricity`,
`emission_factor`, `t_CO2/(1e4*kWh)`; `factor_sets.parse_rows` stores the codes. An unknown name is refused
with the names accepted, in Chinese and in English (`Refusal`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from carbonpeak.accounting.catalogue import UNIT_SPELLINGS, energy_types, energy_vocabulary
from carbonpeak.common.measures import registry, unit_words
from carbonpeak.common.names import Name, Vocabulary, normalise

# The codes are `factor_sets.Parameter`'s values (a test holds the two to one list): this module comes before
# factor_sets, which reads its rows through it.
PARAMETER_VOCABULARY = Vocabulary.of("参数", "parameter", (
    Name("coal_coefficient", "折标准煤系数（当量值）", "Standard-coal coefficient (calorific value)",
         ("折标系数", "当量值系数", "折标准煤系数")),
    Name("equal_value_coefficient", "折标准煤系数（等价值）", "Standard-coal coefficient (equivalent value)",
         ("等价值系数",)),
    Name("ncv", "平均低位发热量", "Net calorific value", ("低位发热量", "NCV")),
    Name("carbon_content", "单位热值含碳量", "Carbon content per unit of heat", ("含碳量",)),
    Name("oxidation", "碳氧化率", "Carbon oxidation rate", ("氧化率",)),
    Name("emission_factor", "排放因子", "Emission factor", ("二氧化碳排放因子",)),
    Name("emission_factor_green_power", "绿色电力排放因子", "Emission factor of green power",
         ("绿电排放因子",)),
    Name("heat_content", "单位热量", "Heat content", ("热含量",)),
    Name("gwp", "全球增温潜势（GWP）", "Global warming potential (GWP)", ("全球变暖潜势", "GWP", "全球增温潜势")),
    Name("sink_rate", "单位面积碳汇量", "Carbon sink per hectare", ("碳汇强度",)),
))

# Subjects that are not energy types (catalogue.energy_types): the gases a GWP is given for and the land
# types a sink rate is given for (inventory_lines.yaml names the land lines).
OTHER_SUBJECTS = Vocabulary.of("对象", "subject", (
    Name("ch4", "甲烷（CH₄）", "Methane (CH₄)", ("甲烷",)),
    Name("n2o", "氧化亚氮（N₂O）", "Nitrous oxide (N₂O)", ("氧化亚氮",)),
    Name("forest", "林地", "Forest", ("森林",)),
    Name("wetland", "湿地", "Wetland"),
))


@cache
def subject_vocabulary() -> Vocabulary:
    """Every subject a factor is given for: the energy types (with their aliases), then gases and land types."""
    return Vocabulary.of("对象", "subject", (*energy_vocabulary().names, *OTHER_SUBJECTS.names))


@dataclass(frozen=True)
class Refusal:
    """Why a name was not read, in each language, with the names accepted."""

    zh: str
    en: str

    @property
    def reason(self) -> str:
        return f"{self.zh} / {self.en}"


def _unknown(vocabulary: Vocabulary, text: str) -> Refusal:
    zh_names = "、".join(n.zh for n in vocabulary.names)
    en_names = ", ".join(n.en for n in vocabulary.names)
    if not text:
        return Refusal(f"须填{vocabulary.what_zh}，可填：{zh_names}",
                       f"{vocabulary.what_en} required; accepted: {en_names}")
    return Refusal(f"未知{vocabulary.what_zh}「{text}」，可填：{zh_names}",
                   f"unknown {vocabulary.what_en} '{text}'; accepted: {en_names}")


def read_subject(text: str) -> str | Refusal:
    """The subject's code (`electricity` for 电力, Electricity, 外购电力 …), or why it is not one."""
    found = subject_vocabulary().find(text)
    return found.code if found is not None else _unknown(subject_vocabulary(), text.strip())


def read_parameter(text: str) -> str | Refusal:
    """The parameter's code (`emission_factor` for 排放因子, Emission factor …), or why it is not one."""
    found = PARAMETER_VOCABULARY.find(text)
    return found.code if found is not None else _unknown(PARAMETER_VOCABULARY, text.strip())


# The units a factor is written in, by the symbol stored (common/measures.unit_words gives their words): the
# tonnes of CO2 and carbon, standard coal, mass, volume, area, energy and time that factors divide and multiply.
UNIT_SYMBOLS = ("t_CO2", "kg_CO2", "t_C", "kg_C", "tce", "kgce", "t", "kg", "m3", "ha", "kWh", "MWh", "GWh",
                "MJ", "GJ", "TJ", "a")
# A scale written before a unit (万千瓦时, 10⁴ kWh, 亿立方米), after normalising (common/names.normalise).
_SCALES = (("万", "1e4"), ("10^4", "1e4"), ("104", "1e4"), ("1e4", "1e4"), ("亿", "1e8"), ("10^8", "1e8"),
           ("108", "1e8"), ("1e8", "1e8"))
DIMENSIONLESS = ("1", "无量纲", "dimensionless", "—", "-")
# Spellings readers use beyond the words a page shows (吨CO2, 吨标煤).
_MORE_SPELLINGS = {"吨co2": "t_CO2", "千克co2": "kg_CO2", "公斤二氧化碳": "kg_CO2", "吨标煤": "tce",
                   "千克标煤": "kgce", "公斤标准煤": "kgce", "公斤标煤": "kgce", "年": "a", "year": "a", "yr": "a"}


@cache
def _unit_index() -> dict[str, str]:
    """Each spelling of a unit, normalised, → its pint expression."""
    index: dict[str, str] = {key: spec.pint_expr for key, spec in UNIT_SPELLINGS.items()}  # 万千瓦时, 度, 标方 …
    for symbol in UNIT_SYMBOLS:
        for spelling in (symbol, unit_words(symbol), unit_words(symbol, english=True)):
            if spelling:
                index[normalise(spelling)] = symbol
    index.update(_MORE_SPELLINGS)
    return index


def _piece(text: str) -> str | None:
    """One unit of a quotient (吨二氧化碳, 万千瓦时, 10⁴ m³) as a pint expression, or None."""
    key = normalise(text)
    if key in _unit_index():
        return _unit_index()[key]
    for prefix, scale in _SCALES:
        if key.startswith(prefix) and key[len(prefix):] in _unit_index():
            return f"{scale}*{_unit_index()[key[len(prefix):]]}"
    return None


def _from_words(text: str) -> str | None:
    pieces = [_piece(part) for part in unicodedata.normalize("NFKC", text).replace("每", "/").split("/")]
    if not pieces or any(p is None for p in pieces):
        return None
    top, *under = [str(p) for p in pieces]
    return "/".join([top, *(f"({p})" if "*" in p else p for p in under)])


def read_unit(text: str) -> str:
    """A factor's unit as the pint expression it is stored and checked in: a code stays exactly as written
    (the bundled sets' digests hash it), words are read (吨二氧化碳/万千瓦时 → t_CO2/(1e4*kWh), 吉焦/吨 → GJ/t,
    无量纲 → 1); anything else is returned as written, for `factor_sets.check_unit` to refuse with its reason."""
    written = text.strip()
    if normalise(written) in DIMENSIONLESS or written in DIMENSIONLESS:
        return "1"
    if written.isascii() and unit_words(written) is not None:
        try:
            registry().parse_expression(written)
            return written
        except Exception:
            pass
    return _from_words(written) or written


def unit_help() -> Refusal:
    """How a unit is written, for a refusal: the words, joined by "/", as the factor set's page shows them."""
    zh = "、".join(str(unit_words(s)) for s in UNIT_SYMBOLS)
    en = ", ".join(str(unit_words(s, english=True)) for s in UNIT_SYMBOLS)
    return Refusal(f"单位由以下单位名以“/”连接，如 吨二氧化碳/万千瓦时、吉焦/吨（无量纲填 1）：{zh}；"
                   f"前可加 万 或 亿",
                   f"write a unit as these joined by '/', e.g. t CO₂/10⁴ kWh, GJ/t (1 when dimensionless): "
                   f"{en}; 10⁴ or 10⁸ may come before one")


def subject_words(code: str, english: bool = False) -> str:
    """A subject's name (电力), the code where it has none (a user's own subject, as written)."""
    found = subject_vocabulary().find(code)
    return (found.en if english else found.zh) if found is not None and found.code == code else code


def parameter_words(code: str, english: bool = False) -> str:
    found = PARAMETER_VOCABULARY.find(code)
    return (found.en if english else found.zh) if found is not None else code


def energy_basis_words(subject: str, english: bool = False) -> str | None:
    """What a per-unit factor of an energy type is per, in words (千瓦时 for electricity); None for another subject."""
    etype = energy_types().get(subject)
    if etype is None:
        return None
    return unit_words(UNIT_SPELLINGS[normalise(etype.basis)].pint_expr, english)

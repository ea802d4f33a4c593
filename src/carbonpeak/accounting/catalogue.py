"""What the accounting engine can count: energy types and the unit spellings it reads.

Pure module (no Django). Energy types are data (`factors/energy_types.yaml`); unit
spellings are vocabulary: each maps to one canonical unit, a pint expression and a
kind (mass, volume, electricity, heat), so that "kWh of diesel" is refused by kind
before any factor is looked up.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from carbonpeak.common.names import Name, Vocabulary, normalise
from carbonpeak.common.yaml_files import parse_yaml

FACTOR_DIR = Path(__file__).parent / "factors"


class UnitKind(StrEnum):
    MASS = "mass"
    VOLUME = "volume"
    ELECTRICITY = "electricity"
    HEAT = "heat"

    @property
    def zh(self) -> str:
        return {"mass": "质量", "volume": "体积", "electricity": "电量", "heat": "热量"}[self.value]


@dataclass(frozen=True)
class UnitSpec:
    code: str  # canonical spelling shown back to users
    pint_expr: str
    kind: UnitKind


_UNITS: tuple[tuple[UnitSpec, tuple[str, ...]], ...] = (
    (UnitSpec("kWh", "kWh", UnitKind.ELECTRICITY), ("kwh", "kw·h", "kw.h", "kw-h", "千瓦时", "度")),
    (UnitSpec("MWh", "MWh", UnitKind.ELECTRICITY), ("mwh", "兆瓦时", "千千瓦时")),
    (UnitSpec("GWh", "GWh", UnitKind.ELECTRICITY), ("gwh", "吉瓦时", "百万千瓦时")),
    (UnitSpec("万kWh", "1e4*kWh", UnitKind.ELECTRICITY), ("万kwh", "万千瓦时", "万度", "10^4kwh", "1e4kwh", "10⁴kwh")),
    (UnitSpec("亿kWh", "1e8*kWh", UnitKind.ELECTRICITY), ("亿kwh", "亿千瓦时", "亿度")),
    (UnitSpec("t", "t", UnitKind.MASS), ("t", "吨", "tonne", "tonnes")),
    (UnitSpec("kg", "kg", UnitKind.MASS), ("kg", "千克", "公斤")),
    (UnitSpec("万t", "1e4*t", UnitKind.MASS), ("万t", "万吨", "10^4t", "1e4t", "10⁴t")),
    (UnitSpec("m3", "m3", UnitKind.VOLUME), ("m3", "m³", "m^3", "nm3", "nm³", "立方米", "标准立方米", "标方", "方")),
    (
        UnitSpec("万m3", "1e4*m3", UnitKind.VOLUME),
        ("万m3", "万m³", "万nm3", "万nm³", "万立方米", "万标准立方米", "万方", "10^4m3", "1e4m3", "10⁴m³", "10^4nm3"),
    ),
    (UnitSpec("亿m3", "1e8*m3", UnitKind.VOLUME), ("亿m3", "亿m³", "亿立方米", "亿方")),
    (UnitSpec("MJ", "MJ", UnitKind.HEAT), ("mj", "兆焦", "兆焦耳")),
    (UnitSpec("GJ", "GJ", UnitKind.HEAT), ("gj", "吉焦", "吉焦耳", "百万千焦")),
    (UnitSpec("TJ", "TJ", UnitKind.HEAT), ("tj", "太焦", "太焦耳")),
)


UNIT_SPELLINGS: dict[str, UnitSpec] = {
    normalise(alias): spec for spec, aliases in _UNITS for alias in (spec.code, *aliases)
}

_UNIT_ZH = {"kWh": "千瓦时", "MWh": "兆瓦时", "GWh": "吉瓦时", "万kWh": "万千瓦时", "亿kWh": "亿千瓦时",
            "t": "吨", "kg": "千克", "万t": "万吨", "m3": "立方米", "万m3": "万立方米", "亿m3": "亿立方米",
            "MJ": "兆焦", "GJ": "吉焦", "TJ": "太焦"}
# The units as a vocabulary (common/names): the code, the Chinese name and every spelling above.
UNIT_VOCABULARY = Vocabulary.of(
    "计量单位", "unit of measure",
    (Name(spec.code, _UNIT_ZH[spec.code], spec.code, aliases) for spec, aliases in _UNITS),
    unknown_zh="无法识别的单位",
)


def unit_spec(spelling: str) -> UnitSpec | None:
    """The unit a user wrote, in any of its usual spellings; None if not a unit we count in."""
    return UNIT_SPELLINGS.get(normalise(spelling))


@dataclass(frozen=True)
class EnergyType:
    code: str
    zh: str
    en: str
    basis: str  # a canonical unit code: every factor is converted to "per basis unit"
    accepts: frozenset[UnitKind]
    combustion: bool
    purchased: bool
    aliases: tuple[str, ...] = ()


@cache
def energy_types() -> dict[str, EnergyType]:
    raw = parse_yaml((FACTOR_DIR / "energy_types.yaml").read_text(encoding="utf-8"))
    return {
        item["code"]: EnergyType(
            code=item["code"],
            zh=item["zh"],
            en=item["en"],
            basis=item["basis"],
            accepts=frozenset(UnitKind(k) for k in item["accepts"]),
            combustion=bool(item.get("combustion", False)),
            purchased=bool(item.get("purchased", False)),
            aliases=tuple(str(a) for a in item.get("aliases", ())),
        )
        for item in raw["energy_types"]
    }


@cache
def energy_vocabulary() -> Vocabulary:
    """The energy types as people write them: 电力, Electricity, electricity (and the aliases of the data)."""
    return Vocabulary.of("能源品种", "energy type", (
        Name(t.code, t.zh, t.en, t.aliases) for t in energy_types().values()
    ))


def energy_type_of(text: str) -> EnergyType | None:
    """The energy type written as `text` (code, Chinese or English name, alias), or None."""
    found = energy_vocabulary().find(text)
    return energy_types()[found.code] if found is not None else None


# What the energy is used for, as people write it (Use below).
USE_NAMES = (("fuel", "燃料", "Fuel", ("燃料用能", "燃烧")), ("feedstock", "原料", "Feedstock", ("原料用能", "原材料")))
USE_VOCABULARY = Vocabulary.of("用途", "use", (Name(c, zh, en, a) for c, zh, en, a in USE_NAMES))


class Use(StrEnum):
    """What the energy is used for: burnt or converted as fuel, or consumed as raw material."""

    FUEL = "fuel"
    FEEDSTOCK = "feedstock"  # 原料用能: not burnt; excluded from dual control (发改环资〔2022〕803号)

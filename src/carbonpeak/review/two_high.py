"""The "两高" classification of industry codes (GB/T 4754-2017, checked by `common.industries`).

Pure module (no Django). `two_high_industries.yaml` beside this module says which codes are "两高"
(高耗能、高排放) and in which of the six sectors of 环环评〔2021〕45号, each entry with its source;
`classify_two_high` applies it.

docs/methodology/review.md ("两高 classification") explains the mapping and its doubts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from carbonpeak.accounting.catalogue import energy_types as energy_type_catalogue
from carbonpeak.common.yaml_files import parse_yaml

DATA_DIR = Path(__file__).parent


class TwoHighSector(StrEnum):
    """The six "两高" categories of 环环评〔2021〕45号."""

    COAL_POWER = "coal_power"
    PETROCHEMICAL = "petrochemical"
    CHEMICAL = "chemical"
    STEEL = "steel"
    NONFERROUS = "nonferrous"
    BUILDING_MATERIALS = "building_materials"


@dataclass(frozen=True)
class SourceRef:
    document: str
    article: str
    year: int

    def __str__(self) -> str:
        return f"{self.document}，{self.article}（{self.year}）"

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document, "article": self.article, "year": self.year}


@dataclass(frozen=True)
class TwoHighEntry:
    code: str  # a class (4 digits) or a group (3 digits)
    name: str
    sector: TwoHighSector
    sector_zh: str
    products: frozenset[str]  # empty: the whole class counts
    aliases: Mapping[str, frozenset[str]]  # product → other names it is written with
    energy_types: frozenset[str]  # empty: any energy
    source: SourceRef
    note: str

    def product_names(self) -> frozenset[str]:
        """Every spelling of the listed products, normalised."""
        names = set(self.products)
        for alias_set in self.aliases.values():
            names |= alias_set
        return frozenset(_normalise(n) for n in names)


def _normalise(name: str) -> str:
    return "".join(name.split()).lower()


@cache
def two_high_entries() -> tuple[TwoHighEntry, ...]:
    raw = parse_yaml((DATA_DIR / "two_high_industries.yaml").read_text(encoding="utf-8"))
    sectors = raw["sectors"]
    return tuple(_entry(item, sectors) for item in raw["entries"])


def _entry(item: Mapping[str, Any], sectors: Mapping[str, Mapping[str, str]]) -> TwoHighEntry:
    sector = TwoHighSector(item["sector"])
    source = item["source"]
    return TwoHighEntry(
        code=str(item["code"]),
        name=str(item["name"]),
        sector=sector,
        sector_zh=sectors[sector.value]["zh"],
        products=frozenset(item.get("products") or ()),
        aliases={k: frozenset(v) for k, v in (item.get("aliases") or {}).items()},
        energy_types=frozenset(item.get("energy_types") or ()),
        source=SourceRef(str(source["document"]), str(source["article"]), int(source["year"])),
        note=str(item.get("note") or ""),
    )


@dataclass(frozen=True)
class TwoHighMatch:
    """A project's code found in the "两高" table, and whether the project itself is "两高"."""

    entry: TwoHighEntry
    two_high: bool
    presumed: bool  # product-limited class, but the project named no products
    reason: str  # zh / en

    def as_dict(self) -> dict[str, Any]:
        e = self.entry
        return {
            "code": e.code,
            "name": e.name,
            "sector": e.sector.value,
            "sector_zh": e.sector_zh,
            "products": sorted(e.products),
            "energy_types": sorted(e.energy_types),
            "two_high": self.two_high,
            "presumed": self.presumed,
            "reason": self.reason,
            "source": e.source.as_dict(),
            "note": e.note,
        }


def _entry_for(code: str) -> TwoHighEntry | None:
    """The entry with the longest code that `code` starts with."""
    found = [e for e in two_high_entries() if code.startswith(e.code)]
    return max(found, key=lambda e: len(e.code)) if found else None


def classify_two_high(code: str, product_names: Iterable[str], energy_types: Iterable[str]) -> TwoHighMatch | None:
    """None if the code is in no "两高" entry; else the entry and whether the project is "两高".

    A product-limited entry needs one of its products among the project's (exact names or
    listed aliases, so that 聚乙烯 is not taken for 乙烯); with no products named the project is
    presumed "两高". An energy-limited entry (煤电) needs one of its energy types in the project.
    """
    entry = _entry_for(code)
    if entry is None:
        return None
    names = {_normalise(n) for n in product_names}
    if entry.energy_types and not entry.energy_types & set(energy_types):
        types = energy_type_catalogue()
        zh = "、".join(types[t].zh for t in sorted(entry.energy_types))
        en = ", ".join(types[t].en.lower() for t in sorted(entry.energy_types))
        return TwoHighMatch(entry, False, False, f"不使用{zh}，不属{entry.sector_zh} / uses no {en}")
    if not entry.products:
        return TwoHighMatch(entry, True, False, f"{entry.name}整类属{entry.sector_zh} / whole class counts")
    listed = "、".join(sorted(entry.products))
    if not names:
        return TwoHighMatch(
            entry, True, True, f"未列产品，按{listed}推定 / no products given, presumed to make {listed}"
        )
    if names & entry.product_names():
        return TwoHighMatch(entry, True, False, f"产品含{listed}之一 / makes one of {listed}")
    return TwoHighMatch(entry, False, False, f"产品不含{listed} / makes none of {listed}")

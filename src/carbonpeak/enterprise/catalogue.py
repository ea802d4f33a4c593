"""The product catalogue (产品目录) and the filing rules, read from `products.yaml`.

Pure module (no Django). Each product names its unit of measure and, where sourced, the national
energy-consumption-limit standard and its limit (kgce per unit of output, 当量值).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from carbonpeak.common.names import Name, Vocabulary
from carbonpeak.common.yaml_files import parse_yaml

CATALOGUE_PATH = Path(__file__).with_name("products.yaml")


@dataclass(frozen=True)
class Product:
    code: str
    zh: str
    en: str
    unit_of_measure: str
    standard: str  # the limit standard's number and title; "" where none is named
    limit_kgce: float | None  # kgce per unit of output; None where no limit is sourced
    source: str
    doubt: str

    def name(self, english: bool) -> str:
        return self.en if english else self.zh


@dataclass(frozen=True)
class Catalogue:
    products: dict[str, Product]
    deviation_tolerance: float
    metered_purchases: frozenset[str]  # energy types whose metered quantity is their purchase (prefilled)
    due_month: int  # a year's report is due on this month and day of the following year
    due_day: int

    def due_on(self, year: int) -> date:
        return date(year + 1, self.due_month, self.due_day)


def _product(raw: dict[str, Any]) -> Product:
    limit = raw.get("limit_kgce")
    return Product(code=str(raw["code"]), zh=str(raw["zh"]), en=str(raw["en"]),
                   unit_of_measure=str(raw["unit_of_measure"]), standard=str(raw.get("standard") or ""),
                   limit_kgce=None if limit is None else float(limit), source=str(raw.get("source") or ""),
                   doubt=str(raw.get("doubt") or ""))


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    raw = parse_yaml(CATALOGUE_PATH.read_text(encoding="utf-8"))
    products = {p.code: p for p in (_product(r) for r in raw["products"])}
    due = raw.get("filing_due") or {"month": 3, "day": 31}
    return Catalogue(products=products, deviation_tolerance=float(raw["deviation_tolerance"]),
                     metered_purchases=frozenset(str(t) for t in raw.get("metered_purchases") or ()),
                     due_month=int(due["month"]), due_day=int(due["day"]))


def products() -> dict[str, Product]:
    return catalogue().products


@lru_cache(maxsize=1)
def product_vocabulary() -> Vocabulary:
    """The products as people write them: 乙烯, Ethylene or ethylene (common/names)."""
    return Vocabulary.of("产品", "product", (Name(p.code, p.zh, p.en) for p in products().values()))


def product_problem(code: str) -> str | None:
    """None for a product in the catalogue, else the reason (zh / en)."""
    if code in products():
        return None
    known = ", ".join(sorted(products()))
    return f"产品目录中没有该产品，应为 {known} 之一 / unknown product, one of {known}: {code!r}"

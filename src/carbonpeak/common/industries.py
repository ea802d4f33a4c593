"""Industry codes of the national classification (GB/T 4754-2017 国民经济行业分类).

Pure module (no Django). `industry_codes.yaml` beside this module holds every division (大类) and the
classes (小类) of the divisions the product needs in full, with its source; `industry_problem` checks a
code against it (a project's in the review, a key unit's in the monitoring registry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from carbonpeak.common.yaml_files import parse_yaml

DATA_DIR = Path(__file__).parent
_CLASS_CODE = re.compile(r"^\d{2}[1-9]\d$")  # groups (the third digit) are numbered 1-9


@dataclass(frozen=True)
class IndustryTable:
    divisions: dict[str, str]
    classes: dict[str, str]
    complete_divisions: frozenset[str]
    source: str


@cache
def industry_table() -> IndustryTable:
    raw = parse_yaml((DATA_DIR / "industry_codes.yaml").read_text(encoding="utf-8"))
    source = raw["source"]
    return IndustryTable(
        divisions={str(k): str(v) for k, v in raw["divisions"].items()},
        classes={str(k): str(v) for k, v in raw["classes"].items()},
        complete_divisions=frozenset(str(d) for d in raw["complete_divisions"]),
        source=f"{source['standard']} {source['title']}",
    )


def industry_problem(code: str) -> str | None:
    """None if `code` is a class code the table accepts, else the reason in Chinese and English."""
    table = industry_table()
    if not _CLASS_CODE.match(code):
        return (
            f"应为 4 位 GB/T 4754-2017 小类代码（如 \"2614\"）/ "
            f"must be a 4-digit GB/T 4754-2017 class code (e.g. \"2614\"): '{code}'"
        )
    division = code[:2]
    if division not in table.divisions:
        return f"未知行业代码，无第 {division} 大类 / unknown industry code '{code}': no division {division}"
    if division in table.complete_divisions and code not in table.classes:
        return (
            f"未知行业代码，{table.divisions[division]}（{division}）无此小类 / "
            f"unknown industry code '{code}': division {division} has no such class"
        )
    return None


def industry_name(code: str) -> str:
    """The class's name, or its division's where the table does not list the class."""
    table = industry_table()
    return table.classes.get(code) or table.divisions.get(code[:2], "")

"""Facts read straight from the bundled plan file, independently of the product's loader.

Tests compare what the product shows with what the YAML says; nothing here imports the
product, so a loader or permission bug cannot also bend the expected values.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

PLAN_FILE = Path(__file__).resolve().parents[2] / "src/carbonpeak/data/plans/jinshan-2023.yaml"


@cache
def plan_data() -> dict[str, Any]:
    with PLAN_FILE.open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


def _code_of_name() -> dict[str, str]:
    codes: dict[str, str] = {}
    for d in plan_data()["departments"]:
        codes[d["name"]] = d["code"]
        for alias in d.get("aliases") or []:
            codes[alias] = d["code"]
    return codes


def tasks_of(code: str, role: str | None = None) -> set[int]:
    """Numbers of the tasks on which department `code` is lead and/or co (role 'lead'/'co')."""
    codes = _code_of_name()
    found = set()
    for t in plan_data()["tasks"]:
        names: list[str] = []
        if role in (None, "lead"):
            names += t.get("lead") or []
        if role in (None, "co"):
            names += t.get("co") or []
        if code in {codes[n] for n in names}:
            found.add(t["number"])
    return found


def collectives_covering(kind: str) -> set[str]:
    return {d["code"] for d in plan_data()["departments"]
            if d["kind"] == "collective" and kind in (d.get("covers") or [])}


def all_task_numbers() -> set[int]:
    return {t["number"] for t in plan_data()["tasks"]}


def department_codes() -> list[str]:
    return sorted(d["code"] for d in plan_data()["departments"])

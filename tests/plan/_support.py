"""Helpers shared by the plan tests: the bundled file as a dict, the seed table, DB state."""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from carbonpeak.cli import bundled_plan_path
from carbonpeak.plan.plan_file import PlanSpec, load_plan_file

# The plan text as received (shared/seeds/000_bef40aab1bb32d1a.txt), kept beside the YAML.
SEED_PATH = Path(__file__).resolve().parents[2] / "src/carbonpeak/data/plans/sources/jinshan-2023.txt"
PLAN_CODE = "jinshan-2023"
ROW_RE = re.compile(r"^(\d+)\t")


@cache
def _bundled_raw() -> dict[str, Any]:
    data = yaml.safe_load(bundled_plan_path().read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def bundled_raw() -> dict[str, Any]:
    """A fresh, freely mutable copy of the bundled plan file as a dict."""
    return copy.deepcopy(_bundled_raw())


@cache
def bundled_spec() -> PlanSpec:
    return load_plan_file(bundled_plan_path())


def dump(raw: dict[str, Any]) -> str:
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)


def write_plan(raw: dict[str, Any], directory: Path, name: str = "plan.yaml") -> Path:
    path = directory / name
    path.write_text(dump(raw), encoding="utf-8")
    return path


def task_of(raw: dict[str, Any], number: int) -> dict[str, Any]:
    found: list[dict[str, Any]] = [t for t in raw["tasks"] if t["number"] == number]
    assert len(found) == 1, number
    return found[0]


def indicator_of(raw: dict[str, Any], code: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [i for i in raw["indicators"] if i["code"] == code]
    assert len(found) == 1, code
    return found[0]


def seed_rows() -> list[list[str]]:
    """The breakdown table of the seed: lines "number<TAB>…", split into their 5 cells."""
    text = SEED_PATH.read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if ROW_RE.match(line)]


def db_state() -> dict[str, Any]:
    """Counts of every plan table plus a few values, to compare before and after a load."""
    from carbonpeak.audit.models import ChangeRecord
    from carbonpeak.indicators.models import Indicator, Target
    from carbonpeak.plan.models import (
        Action,
        Department,
        Measure,
        Plan,
        PlanRevision,
        Responsibility,
        Task,
    )

    plan = Plan.objects.get(code=PLAN_CODE)
    task12 = Task.objects.get(plan=plan, number=12)
    return {
        "counts": {
            "plan": Plan.objects.count(),
            "revision": PlanRevision.objects.count(),
            "change": ChangeRecord.objects.count(),
            "department": Department.objects.count(),
            "action": Action.objects.count(),
            "measure": Measure.objects.count(),
            "task": Task.objects.count(),
            "responsibility": Responsibility.objects.count(),
            "indicator": Indicator.objects.count(),
            "target": Target.objects.count(),
            "indicator_task": Indicator.tasks.through.objects.count(),
        },
        "plan_sha": plan.content_sha256,
        "task_numbers": list(Task.objects.filter(plan=plan).values_list("number", flat=True)),
        "task12": (task12.pk, task12.content, task12.lead.code),
        "task12_resp": list(task12.responsibilities.values_list("department__code", "role")),
        "indicator_codes": sorted(Indicator.objects.values_list("code", flat=True)),
        "targets": sorted(Target.objects.values_list("indicator__code", "year", "value", "kind")),
    }

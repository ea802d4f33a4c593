"""Illustrative observation series for the demo (data/demo/indicators-demo.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from carbonpeak.indicators.models import Origin
from carbonpeak.indicators.observations import check_rows
from carbonpeak.indicators.services import ImportSummary, catalogue, store_rows
from carbonpeak.plan.models import Plan

DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "demo" / "indicators-demo.yaml"


def demo_records(spec: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for code, series in spec["series"].items():
        reference = series.get("reference", {})
        for year, value in series["values"].items():
            out.append({"indicator": code, "period": str(year), "value": value, "unit": series["unit"],
                        "reference_value": reference.get(year), "source": spec["source"]})
    return out


def load_demo_observations(plan: Plan, actor_label: str = "carbonpeak setup (demo)") -> ImportSummary:
    """Store the demo series (marked illustrative); running it again changes nothing."""
    spec = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    checked = check_rows(demo_records(spec), catalogue(plan))
    return store_rows(plan, checked, origin=Origin.IMPORTED, user=None, actor_label=actor_label,
                      source=spec["source"], illustrative=True, reason="demo data")

"""Figures of an inventory year that other rooms compute, shown beside the inventory (Django side).

The roadmap models the inventory's base year from the same activity data but counts differently (CO2 only,
before sinks, at today's factors); the inventory page shows its figure and why they differ. The roadmap is
above accounting in the layers, so it provides the figure through this hook (roadmap/base_year.py).
"""

from __future__ import annotations

from typing import Any

from carbonpeak.common.hooks import Hook
from carbonpeak.people.permissions import AnyUser

MODEL_YEAR: Hook[[int, AnyUser], dict[str, Any] | None] = Hook(
    "the roadmap model's CO2 of an inventory year, with the steps from the inventory's net to it")

"""Figures about an indicator that rooms above compute, shown on its page (Django side).

碳达峰年份 has no observed value until the peak has passed, while the dashboard's peak card states the
roadmap's projected year; the indicator page shows that projection, labelled as one, so the two pages
agree. The roadmap is above this room, so it provides the projection through this hook
(roadmap/projections.py).
"""

from __future__ import annotations

from typing import Any

from carbonpeak.common.hooks import Hook
from carbonpeak.indicators.models import Indicator
from carbonpeak.people.permissions import AnyUser

PROJECTION: Hook[[Indicator, AnyUser], dict[str, Any] | None] = Hook(
    "a model's projection of an indicator that has no observed value")

"""REST API of the monitoring room (/api/v1/monitoring/…)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["monitoring"])

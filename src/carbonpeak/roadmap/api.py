"""REST API of the roadmap room (/api/v1/roadmap/…)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["roadmap"])

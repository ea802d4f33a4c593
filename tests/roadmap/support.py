"""Shared set-up for the roadmap room's tests: a child of the plan as the API and the CLI take it."""

from __future__ import annotations

import copy
import json
from typing import Any

from django.test import Client

from carbonpeak.roadmap import services
from carbonpeak.roadmap.models import Scenario
from tests.conftest import UserGetter

API = "/api/v1/roadmap"
# A child of the plan that doubles new PV: one lever overridden, everything else inherited.
_CHILD: dict[str, Any] = {
    "id": "plan-more-pv",
    "name_zh": "方案情景（光伏加倍）",
    "name_en": "Plan with twice the new PV",
    "parent": "plan",
    "overrides": {"measure.pv_new.capacity_mw_2025": 600},
    "measures": [],
    "description": "",
}
# Each kind of bad input and the field its issue names.
BAD_INPUT = {
    "overrides": {"measure.pv_new.capacity_mw_2025": 999_999, "growth.no_such": 0.1, "growth.decay": "fast"},
}
BAD_FIELDS = {"overrides.measure.pv_new.capacity_mw_2025", "overrides.growth.no_such", "overrides.growth.decay"}


def child_data(**changes: Any) -> dict[str, Any]:
    return copy.deepcopy(_CHILD) | changes


def stored_child(user: UserGetter, **changes: Any) -> Scenario:
    return services.create_scenario(child_data(**changes), user=user("office"), actor_label="office")


def post_json(client: Client, path: str, body: Any) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def put_json(client: Client, path: str, body: Any) -> Any:
    return client.put(path, json.dumps(body), content_type="application/json")

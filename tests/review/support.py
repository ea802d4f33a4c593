"""Shared set-up for the review room's tests: a project as the CLI, API and form take it.

The chlor-alkali plant of docs/methodology/review.md ("Intensity and comparisons"): 5 000 000 kWh
and 1 000 000 m³ of natural gas a year, value added 10 000 ×10⁴ CNY, at capacity in 2025, Shanghai
factors. By hand: 5 000 000 × 0.1229/1000 + 1 000 000 × 1.33/1000 = 614.5 + 1 330 = 1 944.5 tce (当量值);
5 000 000 × 0.404/1000 + 1 330 = 3 350 tce (等价值); CO2 500 × 4.2 + 100 × 21.6219 ≈ 4 262.19 t;
tier district (5 000 000 kWh is not below the limit); "两高" (2612 making 烧碱), and "两高一低"
at 320 kgce/t against an advanced value of 300.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from django.test import Client

from carbonpeak.review import services
from carbonpeak.review.models import Project
from tests.conftest import UserGetter

USCC = "91310116MA1J00000Y"
ENERGY_TCE = 614.5 + 1330
ENERGY_TCE_EQUAL_VALUE = 2020 + 1330
CO2_T = 5_000_000 * 4.2 / 10_000 + 100 * (389.31 * 15.3 / 1000 * 0.99 * 44 / 12)
VALUE_ADDED = 10_000

_PROJECT: dict[str, Any] = {
    "name": "金山氯碱一期",
    "owner_uscc": USCC,
    "industry_code": "2612",
    "town": "漕泾镇",
    "kind": "new",
    "energy": [
        {"energy_type": "electricity", "quantity": 5_000_000, "unit": "kWh", "use": "fuel"},
        {"energy_type": "natural_gas", "quantity": 100, "unit": "万m3", "use": "fuel"},
    ],
    "output_value_10k_cny": 50_000,
    "value_added_10k_cny": VALUE_ADDED,
    "first_full_year": 2025,
    "products": [{"name": "烧碱", "output": 10, "unit": "万t", "unit_consumption": 320, "quota_standard": "GB 21257",
                  "advanced_value": 300, "unit_of_consumption": "kgce/t"}],
}

# The same project as the intake form's fields.
FORM = {
    "name": "金山氯碱一期", "owner_uscc": USCC, "industry_code": "2612", "town": "漕泾镇", "kind": "new",
    "energy": "electricity,5000000,kWh,fuel\nnatural_gas,100,万m3,fuel", "energy_before": "",
    "output_value_10k_cny": "50000", "value_added_10k_cny": "10000", "value_added_before_10k_cny": "",
    "first_full_year": "2025", "products": "烧碱,10,万t,320,kgce/t,GB 21257,300",
}

# Each of the kinds of bad input, and the field its issue names.
BAD_INPUT = {
    "industry_code": "9999",  # no division 99
    "value_added_10k_cny": 0,
    "town": "火星镇",
    "energy": [
        {"energy_type": "diesel", "quantity": -5, "unit": "t"},  # negative energy
        {"energy_type": "diesel", "quantity": 5, "unit": "kWh"},  # a unit that does not fit the type
    ],
}
BAD_FIELDS = {"industry_code", "value_added_10k_cny", "town", "energy[0].quantity", "energy[1].unit"}


def project_data(**changes: Any) -> dict[str, Any]:
    return copy.deepcopy(_PROJECT) | changes


def stored_project(user: UserGetter, **changes: Any) -> Project:
    return services.store_project(project_data(**changes), user=user("office"), actor_label="office")


def post_json(client: Client, path: str, body: Any) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")

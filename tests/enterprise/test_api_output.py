"""POST /api/v1/enterprise/output: the data items 产品产量 and 增加值 from a unit's device token or a user; each item
kept or refused on its own; the token writes its own unit only and may call nothing else."""

from __future__ import annotations

import pytest
from django.test import Client

from carbonpeak.enterprise.models import EconomicOutput, ProductOutput
from carbonpeak.monitoring.registry import tokens
from tests.conftest import ClientFactory
from tests.monitoring.support import USCC_B, make_unit

pytestmark = pytest.mark.django_db
URL = "/api/v1/enterprise/output"


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_device_token_sends_its_units_output_and_value_added() -> None:
    unit = make_unit("OWN")
    make_unit("OTHER", uscc=USCC_B)
    clear = tokens.issue(unit, "gateway", actor_label="tests")[1]
    items = {"items": [{"period": "2026-03", "product": "paper", "quantity": 120, "unit": "t"},
                       {"period": "2026", "value_added_10k_cny": 850.5},
                       {"unit_code": "OTHER", "period": "2026", "value_added_10k_cny": 1},
                       {"period": "2026-03", "product": "paper", "quantity": -1, "unit": "t"}]}
    answer = Client().post(URL, items, content_type="application/json", **_bearer(clear))
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["kept"] == 2 and [(e["row"], e["field"]) for e in body["errors"]] == [(3, "unit_code"),
                                                                                      (4, "quantity")]
    assert ProductOutput.objects.get(unit=unit, period="2026-03").quantity == 120
    assert EconomicOutput.objects.get(unit=unit, period="2026").value_added_10k_cny == 850.5
    assert not EconomicOutput.objects.filter(unit__code="OTHER").exists()
    # The device token may send output and readings, nothing else of the enterprise API.
    assert Client().get("/api/v1/enterprise/filings", **_bearer(clear)).status_code == 401


def test_nothing_kept_is_refused_in_the_error_contract() -> None:
    clear = tokens.issue(make_unit("OWN"), "gateway", actor_label="tests")[1]
    answer = Client().post(URL, {"items": [{"period": "2999", "value_added_10k_cny": 1}]},
                           content_type="application/json", **_bearer(clear))
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "period"
    assert Client().post(URL, {"items": []}, content_type="application/json",
                         **_bearer("cpu_not-a-token")).status_code == 401


@pytest.mark.parametrize(("who", "status"), [("enterprise", 200), ("office", 200), ("leader", 403), ("eco", 403)])
def test_users_send_for_the_units_they_file_for(client_as: ClientFactory, who: str, status: int) -> None:
    make_unit("OWN")
    answer = client_as(who).post(URL, {"items": [{"unit_code": "OWN", "period": "2026", "value_added_10k_cny": 5}]},
                                 content_type="application/json")
    assert answer.status_code == status

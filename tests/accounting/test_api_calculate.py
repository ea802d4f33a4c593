"""POST /api/v1/accounting/calculate: account records without storing them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from carbonpeak.accounting.models import ActivityRecord
from carbonpeak.people.models import ApiToken
from tests.accounting._hand import (
    DIESEL_CO2_PER_T,
    DIESEL_TCE_PER_T,
    ELEC_CO2_NATIONAL_2023,
    ELEC_CO2_SHANGHAI_2023,
    ELEC_CO2_SHANGHAI_BEFORE_2022,
    ELEC_EQUAL_VALUE_PER_10K_KWH,
    ELEC_TCE_PER_10K_KWH,
    record,
)
from tests.conftest import ClientFactory, UserGetter

URL = "/api/v1/accounting/calculate"
METRICS = ("energy_tce", "energy_tce_equal_value", "energy_tce_dual_control", "co2_t", "co2_direct_t",
           "co2_indirect_t")
DIESEL_AND_ELECTRICITY = [record("diesel", 1, "t"), record("electricity", 10000, "kWh")]


def post(client: Client, body: dict[str, Any], **headers: str) -> Any:
    return client.post(URL, body, content_type="application/json", **headers)


def expected(co2_indirect: float) -> dict[str, float]:
    tce = DIESEL_TCE_PER_T + ELEC_TCE_PER_10K_KWH
    return {
        "energy_tce": tce,  # 2.6861
        "energy_tce_equal_value": DIESEL_TCE_PER_T + ELEC_EQUAL_VALUE_PER_10K_KWH,  # 5.4971
        "energy_tce_dual_control": tce,  # the national set counts dual control on the equivalent value
        "co2_t": DIESEL_CO2_PER_T + co2_indirect,
        "co2_direct_t": DIESEL_CO2_PER_T,
        "co2_indirect_t": co2_indirect,
    }


def test_diesel_and_electricity_with_the_plans_shanghai_set(client_as: ClientFactory) -> None:
    response = post(client_as("office"), {"records": DIESEL_AND_ELECTRICITY})
    assert response.status_code == 200
    body = response.json()
    assert body["factor_set"].startswith("shanghai@")
    assert body["records"] == 2
    want = expected(ELEC_CO2_SHANGHAI_2023)
    assert set(body["entities"]) == {"A"}
    for scope in (body["totals"], body["entities"]["A"]):
        for key in METRICS:
            assert scope[key] == pytest.approx(want[key], rel=1e-9), key
    assert body["totals"]["energy_tce"] == pytest.approx(2.6861, rel=1e-12)
    assert body["totals"]["co2_t"] == pytest.approx(7.2959, abs=5e-5)


def test_national_set_changes_only_electricity_co2(client_as: ClientFactory) -> None:
    response = post(client_as("office"), {"records": DIESEL_AND_ELECTRICITY, "factor_set": "cn-national"})
    assert response.status_code == 200
    body = response.json()
    assert body["factor_set"].startswith("cn-national@")
    want = expected(ELEC_CO2_NATIONAL_2023)
    for key in METRICS:
        assert body["totals"][key] == pytest.approx(want[key], rel=1e-9), key
    assert body["totals"]["co2_indirect_t"] == pytest.approx(5.306, rel=1e-12)


def test_each_entity_is_accounted_apart(client_as: ClientFactory) -> None:
    records = [record("diesel", 2, "t", entity="Plant 1"), record("electricity", 3, "万kWh", entity="Plant 2")]
    body = post(client_as("eco"), {"records": records, "factor_set": "shanghai"}).json()
    plant1, plant2 = body["entities"]["Plant 1"], body["entities"]["Plant 2"]
    assert plant1["energy_tce"] == pytest.approx(2 * DIESEL_TCE_PER_T)
    assert plant1["co2_direct_t"] == pytest.approx(2 * DIESEL_CO2_PER_T)
    assert plant1["co2_indirect_t"] == 0
    assert plant2["energy_tce"] == pytest.approx(3 * ELEC_TCE_PER_10K_KWH)
    assert plant2["energy_tce_equal_value"] == pytest.approx(3 * ELEC_EQUAL_VALUE_PER_10K_KWH)
    assert plant2["co2_t"] == pytest.approx(3 * ELEC_CO2_SHANGHAI_2023)
    assert plant2["co2_direct_t"] == 0
    assert body["totals"]["co2_t"] == pytest.approx(plant1["co2_t"] + plant2["co2_t"])


def test_value_added_and_base_period_give_intensity_and_its_change(client_as: ClientFactory) -> None:
    records = [record("electricity", 20000, "kWh", period="2020"), *DIESEL_AND_ELECTRICITY]
    value_added = [{"entity": "A", "period": "2020", "value_added": 100},
                   {"entity": "A", "period": "2023", "value_added": 200}]
    response = post(client_as("office"), {"records": records, "value_added": value_added, "base_period": "2020"})
    assert response.status_code == 200
    periods = response.json()["entities"]["A"]["periods"]
    assert set(periods) == {"2020", "2023"}
    base_tce = 2 * ELEC_TCE_PER_10K_KWH  # 2.458 tce
    now_tce = DIESEL_TCE_PER_T + ELEC_TCE_PER_10K_KWH  # 2.6861 tce
    assert periods["2020"]["energy_tce"] == pytest.approx(base_tce)
    # Shanghai's electricity factor before 2022 is 7.88 t per 10⁴ kWh.
    assert periods["2020"]["co2_t"] == pytest.approx(2 * ELEC_CO2_SHANGHAI_BEFORE_2022)
    assert periods["2020"]["energy_intensity"]["value"] == pytest.approx(base_tce / 100)
    assert "energy_intensity_change_pct" not in periods["2020"]
    assert periods["2023"]["value_added_10k_cny"] == 200
    assert periods["2023"]["energy_intensity"]["value"] == pytest.approx(now_tce / 200)
    assert periods["2023"]["energy_intensity"]["unit"].startswith("tce")
    change = ((now_tce / 200) / (base_tce / 100) - 1) * 100  # ≈ -45.36 %
    assert periods["2023"]["energy_intensity_change_pct"] == pytest.approx(change)
    assert periods["2023"]["energy_intensity_change_pct"] == pytest.approx(-45.36, abs=0.01)
    co2_change = (((DIESEL_CO2_PER_T + ELEC_CO2_SHANGHAI_2023) / 200) / (2 * ELEC_CO2_SHANGHAI_BEFORE_2022 / 100) - 1)
    assert periods["2023"]["co2_intensity_change_pct"] == pytest.approx(co2_change * 100)


def test_nothing_is_stored(client_as: ClientFactory) -> None:
    before = ActivityRecord.objects.count()
    assert post(client_as("office"), {"records": DIESEL_AND_ELECTRICITY}).status_code == 200
    assert ActivityRecord.objects.count() == before


def test_every_bad_record_is_reported_with_row_field_and_reason(client_as: ClientFactory) -> None:
    records = [
        record("diesel", 1, "kWh"),
        record("unobtainium", 1, "t"),
        record("diesel", -5, "t"),
        {"entity": "A", "period": "2023"},  # energy_type, quantity and unit missing
        record("electricity", 100, "kWh"),  # a good record does not hide the bad ones
    ]
    response = post(client_as("office"), {"records": records})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert all(set(e) == {"row", "field", "reason"} for e in errors)
    found = {(e["row"], e["field"]) for e in errors}
    assert (1, "unit") in found
    assert (2, "energy_type") in found
    assert (3, "quantity") in found
    assert {(4, f) for f in ("energy_type", "quantity", "unit")} <= found
    assert not any(e["row"] == 5 for e in errors)
    english = {(e["row"], e["field"]): e["reason"] for e in post(client_as("office"), {"records": records},
                                                                 HTTP_ACCEPT_LANGUAGE="en").json()["errors"]}
    assert "kWh" in english[(1, "unit")] and "Diesel" in english[(1, "unit")]
    assert "unobtainium" in english[(2, "energy_type")]
    assert "negative" in english[(3, "quantity")]


def test_unknown_factor_set_is_a_422_naming_it(client_as: ClientFactory) -> None:
    response = post(client_as("office"), {"records": DIESEL_AND_ELECTRICITY, "factor_set": "atlantis"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "factor_set", "reason": "因子集不存在"}]


def test_no_records_is_a_422(client_as: ClientFactory) -> None:
    response = post(client_as("office"), {"records": []})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["rows"]


def test_bad_value_added_is_a_422_naming_its_row(client_as: ClientFactory) -> None:
    body = {"records": DIESEL_AND_ELECTRICITY, "value_added": [{"entity": "A", "period": "2023", "value_added": -3}]}
    response = post(client_as("office"), body)
    assert response.status_code == 422
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [(1, "value_added")]


def test_malformed_record_is_reported_in_the_errors_list(client_as: ClientFactory) -> None:
    response = post(client_as("office"), {"records": [record("diesel", 1, "t"), "not a record"]})
    assert response.status_code == 422
    assert {"row": 2, "field": "row"}.items() <= response.json()["errors"][0].items()


def test_unreadable_base_period_is_a_422(client_as: ClientFactory) -> None:
    response = post(client_as("office"), {"records": DIESEL_AND_ELECTRICITY, "base_period": "20x0"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["base_period"]


def test_anonymous_caller_is_refused(client_as: ClientFactory) -> None:
    assert post(client_as(None), {"records": DIESEL_AND_ELECTRICITY}).status_code == 401


@pytest.mark.parametrize("username", ["office", "eco", "greening", "fengjing", "leader", "enterprise"])
def test_every_role_may_calculate(client_as: ClientFactory, username: str) -> None:
    response = post(client_as(username), {"records": DIESEL_AND_ELECTRICITY})
    assert response.status_code == 200
    assert response.json()["totals"]["energy_tce"] == pytest.approx(2.6861)


def test_enterprise_bearer_token_may_calculate(user: UserGetter) -> None:
    _, clear = ApiToken.issue(user("enterprise"), "erp")
    response = post(Client(), {"records": DIESEL_AND_ELECTRICITY}, HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert response.status_code == 200
    assert response.json()["totals"]["co2_indirect_t"] == pytest.approx(ELEC_CO2_SHANGHAI_2023)


def test_wrong_bearer_token_is_refused(user: UserGetter) -> None:
    _, clear = ApiToken.issue(user("enterprise"), "erp")
    response = post(Client(), {"records": DIESEL_AND_ELECTRICITY}, HTTP_AUTHORIZATION=f"Bearer {clear}nope")
    assert response.status_code == 401


def test_value_added_that_is_not_an_object_is_reported(client_as: ClientFactory) -> None:
    response = post(client_as("office"), {"records": DIESEL_AND_ELECTRICITY, "value_added": ["oops"]})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["row"]

"""购进量 beside 消费量 (the form's 能源消费及购进): prefilled from the meters for energy delivered through one,
empty for the rest, corrected by the enterprise; on the page, in the xlsx and through the API (an optional field
per row)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from carbonpeak.enterprise import queries
from carbonpeak.enterprise.figures import purchase
from carbonpeak.enterprise.models import Filing
from tests.conftest import ClientFactory
from tests.enterprise.support import MONITORED_KWH, two_units

pytestmark = pytest.mark.django_db
URL = "/api/v1/enterprise/filings"
METERED = frozenset({"electricity", "heat", "steam", "natural_gas"})


def test_the_purchase_rule_by_hand() -> None:
    # Metered delivery: what the meter saw arrive was bought.
    assert purchase({"energy_type": "electricity", "monitored_quantity": 960.0}, METERED) == 960.0
    # A stocked fuel's meter sees what was burnt, not what was bought: nothing prefilled.
    assert purchase({"energy_type": "raw_coal", "monitored_quantity": 12.0}, METERED) is None
    # Not metered: nothing to prefill from.
    assert purchase({"energy_type": "natural_gas", "monitored_quantity": None}, METERED) is None
    # Given by the enterprise, as given, including "left empty" and zero.
    assert purchase({"energy_type": "electricity", "monitored_quantity": 960.0, "purchase": None}, METERED) is None
    assert purchase({"energy_type": "electricity", "monitored_quantity": 960.0, "purchase": 0.0}, METERED) == 0.0


@pytest.fixture
def own(client_as: ClientFactory) -> int:
    two_units()
    opened = client_as("enterprise").post(URL, {"unit": "OWN", "year": 2026}, content_type="application/json")
    assert opened.status_code == 201
    return int(opened.json()["id"])


def _rows(body: dict[str, object]) -> dict[str, dict[str, object]]:
    energy = body["energy"]
    assert isinstance(energy, list)
    return {r["energy_type"]: r for r in energy}


def test_purchase_is_prefilled_corrected_and_kept_through_the_api(own: int, client_as: ClientFactory) -> None:
    firm = client_as("enterprise")
    # 96 quarter-hours × 10 kWh = 960 kWh metered in March: electricity bought = 960 kWh.
    assert _rows(firm.get(f"{URL}/{own}").json())["electricity"]["purchase"] == MONITORED_KWH
    # An old client names no purchase: the prefill stays; a coal row added without one has none.
    body = {"energy": [{"energy_type": "electricity", "unit_of_measure": "kWh", "quantity": MONITORED_KWH},
                       {"energy_type": "raw_coal", "unit_of_measure": "t", "quantity": 1000}]}
    rows = _rows(firm.put(f"{URL}/{own}", body, content_type="application/json").json())
    assert rows["electricity"]["purchase"] == MONITORED_KWH and rows["raw_coal"]["purchase"] is None
    # The enterprise gives coal bought 1,200 t (stock change 1,200 − 1,000 = +200 t) and 900 kWh of electricity.
    body["energy"][0]["purchase"] = 900
    body["energy"][1]["purchase"] = "1,200"
    rows = _rows(firm.put(f"{URL}/{own}", body, content_type="application/json").json())
    assert rows["raw_coal"]["purchase"] == 1200.0 and rows["electricity"]["purchase"] == 900.0
    assert rows["raw_coal"]["quantity"] == 1000.0  # consumption unchanged by the purchase
    # Named nowhere in the next write, both are kept; null empties one.
    body = {"energy": [{"energy_type": "electricity", "unit_of_measure": "kWh", "quantity": MONITORED_KWH,
                        "purchase": None},
                       {"energy_type": "raw_coal", "unit_of_measure": "t", "quantity": 1000}]}
    rows = _rows(firm.put(f"{URL}/{own}", body, content_type="application/json").json())
    assert rows["electricity"]["purchase"] is None and rows["raw_coal"]["purchase"] == 1200.0


@pytest.mark.parametrize("bad", ["-1", "abc", -0.5])
def test_a_bad_purchase_is_refused_naming_the_field_and_nothing_is_written(own: int, client_as: ClientFactory,
                                                                           bad: object) -> None:
    firm = client_as("enterprise")
    before = Filing.objects.get(pk=own)
    body = {"measures": "更换高效电机", "energy": [
        {"energy_type": "electricity", "unit_of_measure": "kWh", "quantity": 1000, "purchase": bad}]}
    refused = firm.put(f"{URL}/{own}", body, content_type="application/json")
    assert refused.status_code in (400, 422), refused.content
    errors = refused.json()["errors"]
    assert [e["field"] for e in errors] == ["energy[0].purchase"]
    assert ("负数" if str(bad).startswith("-") else "不是数") in errors[0]["reason"]
    after = Filing.objects.get(pk=own)
    assert after.energy == before.energy and after.measures == ""


def test_purchase_on_the_page_and_in_the_xlsx(own: int, client_as: ClientFactory) -> None:
    firm = client_as("enterprise")
    page = firm.get(f"/enterprise/filings/{own}/").content.decode()
    assert 'name="p_electricity" value="960"' in page and "购进量" in page
    saved = firm.post(f"/enterprise/filings/{own}/action",
                      {"action": "save", "q_electricity": "960", "p_electricity": "1,000.5"})
    assert saved.status_code == 302
    filing = Filing.objects.get(pk=own)
    assert filing.energy[0]["purchase"] == 1000.5
    assert queries.report(filing).energy[0].purchase == 1000.5
    refused = firm.post(f"/enterprise/filings/{own}/action", {"action": "save", "p_electricity": "-3"})
    assert Filing.objects.get(pk=own).energy[0]["purchase"] == 1000.5
    assert refused.status_code in (200, 302)
    sheet = load_workbook(io.BytesIO(firm.get(f"/enterprise/filings/{own}/xlsx").content)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "能源品种 / Energy type")
    assert header[2].startswith("消费量") and header[3].startswith("购进量")
    electricity = next(r for r in rows if isinstance(r[0], str) and r[0].startswith("电力"))
    assert electricity[2] == MONITORED_KWH and electricity[3] == 1000.5

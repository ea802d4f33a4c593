"""The roadmap's base-year CO2 against the compiled inventory: the steps add up, and with the demo
district's 2020 they are the ones docs/methodology/inventory.md states (sinks 4.0, non-CO2 21.4 and the
purchased-power factor 308.9 ×10⁴ t)."""

from __future__ import annotations

import pytest

from carbonpeak.accounting.services import latest_inventories
from carbonpeak.roadmap import running
from carbonpeak.roadmap.reconciliation import reconcile

LINES = [
    {"category": "energy", "co2_t": 100.0, "co2e_t": 100.0},
    {"category": "agriculture", "co2_t": 0.0, "co2e_t": 12.0},
    {"category": "waste", "co2_t": 5.0, "co2e_t": 7.0},
    {"category": "lulucf", "co2_t": -3.0, "co2e_t": -3.0},
]


def test_the_steps_add_up_from_net_to_the_model() -> None:
    r = reconcile(2020, 116.0, LINES, 80.0)
    assert [s.key for s in r.steps] == ["net", "sinks", "non_co2", "inventory_co2", "factors", "model"]
    assert r.step("sinks").value_t == 3.0 and r.step("non_co2").value_t == -14.0
    assert r.step("inventory_co2").value_t == 105.0  # energy 100 + waste 5: the CO2 lines
    assert r.step("factors").value_t == -25.0
    total = r.step("net").value_t + sum(s.value_t for s in r.steps if not s.level)
    assert total == pytest.approx(r.step("model").value_t)


@pytest.mark.django_db
def test_the_demo_district_2020_is_explained_by_sinks_gases_and_the_factor_change(plan) -> None:  # type: ignore[no-untyped-def]
    inventory = latest_inventories()[2020]
    model = running.peaks()["plan"]["series"]["2020"]["co2_t"]
    r = reconcile(2020, inventory.total_co2e_t, inventory.lines, model)
    wan = {s.key: round(s.value_t / 1e4, 1) for s in r.steps}
    assert wan["sinks"] == pytest.approx(4.0, abs=0.1)
    assert wan["non_co2"] == pytest.approx(-21.4, abs=0.1)
    # Shanghai's purchased-power factor 7.88 → 4.2 t/10⁴ kWh (and heat 0.11 → 0.06 t/GJ), to 0.1 %
    assert wan["factors"] == pytest.approx(-308.9, rel=0.002)
    assert wan["model"] == pytest.approx(1162.1, abs=0.2)


def test_through_the_progress_scenarios_anchor_the_steps_still_add_up() -> None:
    r = reconcile(2020, 116.0, LINES, 80.0, anchored_co2_t=79.0)
    assert [s.key for s in r.steps] == ["net", "sinks", "non_co2", "inventory_co2", "factors", "anchored", "mapping",
                                        "model"]
    assert r.step("factors").value_t == -26.0 and r.step("mapping").value_t == 1.0
    total = r.step("net").value_t + sum(s.value_t for s in r.steps if not s.level)
    assert total == pytest.approx(r.step("model").value_t)

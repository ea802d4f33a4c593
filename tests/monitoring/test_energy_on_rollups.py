"""tce (当量值, 等价值) and tCO2 on rollups are the accounting engine's for the same quantity."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.accounting.activity import activity_from_records
from carbonpeak.accounting.engine import account
from carbonpeak.accounting.services import resolve_factor_set
from carbonpeak.monitoring.figures.energy import current_factors, unit_of_measure_problem
from carbonpeak.monitoring.models import Rollup
from tests.monitoring.support import LOCAL, make_meter, make_unit, records, send

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("energy_type", "unit", "values", "basis_quantity"), [
    ("electricity", "MWh", [1.5, 2.0, 2.5], 6000.0),  # kept in the basis unit, kWh
    ("natural_gas", "m3", [100.0, 120.0, 80.0], 300.0),
    ("steam", "GJ", [30.0, 30.0, 30.0], None),  # steam in heat units: tonnes by its heat content
])
def test_a_months_rollup_carries_the_engines_tce_and_co2(energy_type: str, unit: str, values: list[float],
                                                         basis_quantity: float | None) -> None:
    make_meter(make_unit(), energy_type=energy_type, unit_of_measure=unit)
    send(records("M1", values))
    row = Rollup.objects.get(scope="unit", key="U1", grain="month", start=dt.datetime(2026, 3, 1, tzinfo=LOCAL))
    result = account(activity_from_records([{"entity": "U1", "period": "2026", "energy_type": energy_type,
                                             "quantity": sum(values), "unit": unit}]), resolve_factor_set())
    totals = result.totals()
    assert row.tce == pytest.approx(totals["energy_tce"])
    assert row.tce_equal_value == pytest.approx(totals["energy_tce_equal_value"])
    assert row.co2_t == pytest.approx(totals["co2_t"])
    assert row.quantity == pytest.approx(float(result.basis_quantity.sum()))
    if basis_quantity is not None:
        assert row.quantity == pytest.approx(basis_quantity)
    assert row.factor_set == resolve_factor_set().label() == current_factors().label


def test_electricity_equal_value_differs_from_the_equivalent_value() -> None:
    make_meter(make_unit())
    send(records("M1", [1000.0]))
    row = Rollup.objects.get(scope="meter", key="M1", grain="hour")
    assert row.tce == pytest.approx(1000 * 0.1229e-3)
    assert row.tce_equal_value > 2 * row.tce


def test_unit_of_measure_problem_names_what_the_engine_cannot_count() -> None:
    assert unit_of_measure_problem("electricity", "kWh") is None
    assert "cannot be measured" in (unit_of_measure_problem("diesel", "kWh") or "")
    assert "unknown energy type" in (unit_of_measure_problem("moonlight", "kWh") or "")

"""A filing opens prefilled from the unit's monthly rollups; a year without monitored data opens empty."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.enterprise import queries, services
from carbonpeak.enterprise.models import FilingEvent, ProductOutput
from carbonpeak.enterprise.problems import EnterpriseInputError
from carbonpeak.monitoring.models import UnitBudget
from tests.enterprise.support import MONITORED_KWH, two_units

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)


def _enterprise() -> object:
    return get_user_model().objects.get(username="enterprise")


def test_the_report_opens_with_the_year_s_metered_energy_valued_in_tce() -> None:
    own, _ = two_units()
    ProductOutput.objects.create(unit=own, period="2026-03", period_start=dt.date(2026, 3, 1), product="ethylene",
                                 quantity=2.0, unit_of_measure="t")
    UnitBudget.objects.create(unit=own, year=2026, budget_tce=1.0)
    filing = services.open_filing(own, 2026, _enterprise(), "enterprise", today=TODAY)  # type: ignore[arg-type]
    assert filing.prefilled is True
    assert filing.energy == [{"energy_type": "electricity", "unit_of_measure": "kWh", "quantity": MONITORED_KWH,
                              "monitored_quantity": MONITORED_KWH, "explanation": ""}]
    report = queries.report(filing)
    # 960 kWh × 0.1229 kgce/kWh (GB/T 2589 当量值) = 117.984 kgce = 0.117984 tce.
    assert report.energy[0].tce == pytest.approx(0.117984)
    assert report.energy[0].tce_equal_value > report.energy[0].tce  # 等价值 counts the power plant's coal
    # One product carries the whole energy: 117.984 kgce / 2 t = 58.992 kgce/t.
    assert report.products[0].unit_consumption.value_kgce == pytest.approx(58.992)
    assert report.budget.share == pytest.approx(0.117984)
    assert ChangeRecord.objects.filter(entity="filing", entity_key="OWN/2026").count() == 1
    assert list(FilingEvent.objects.filter(filing=filing).values_list("step", flat=True)) == ["open"]
    # Opening again gives the same filing.
    assert services.open_filing(own, 2026, _enterprise(), "enterprise", today=TODAY).pk == filing.pk  # type: ignore[arg-type]


def test_a_year_without_monitored_data_opens_with_nothing_prefilled() -> None:
    own, _ = two_units()
    filing = services.open_filing(own, 2025, _enterprise(), "enterprise", today=TODAY)  # type: ignore[arg-type]
    assert filing.prefilled is False and filing.energy == []
    assert queries.report(filing).total_tce == 0


def test_a_future_year_is_refused_naming_the_field() -> None:
    own, _ = two_units()
    with pytest.raises(EnterpriseInputError) as refused:
        services.open_filing(own, 2027, _enterprise(), "enterprise", today=TODAY)  # type: ignore[arg-type]
    assert refused.value.issues[0].field == "year"


def test_a_bad_correction_is_refused_whole_and_nothing_changes() -> None:
    own, _ = two_units()
    user = _enterprise()
    filing = services.open_filing(own, 2026, user, "enterprise", today=TODAY)  # type: ignore[arg-type]
    changes = {"measures": "更换高效电机", "energy": [
        {"energy_type": "electricity", "unit_of_measure": "kWh", "quantity": "-5"}],
        "products": [{"product": "unobtainium", "quantity": 1}]}
    with pytest.raises(EnterpriseInputError) as refused:
        services.save_filing(filing, user, "enterprise", changes)  # type: ignore[arg-type]
    assert {i.field for i in refused.value.issues} == {"energy[0].quantity"}
    filing.refresh_from_db()
    assert filing.measures == "" and filing.energy[0]["quantity"] == MONITORED_KWH


def test_a_monitored_energy_type_keeps_its_unit_and_is_not_lost_by_leaving_it_out() -> None:
    own, _ = two_units()
    user = _enterprise()
    filing = services.open_filing(own, 2026, user, "enterprise", today=TODAY)  # type: ignore[arg-type]
    in_mwh = {"energy": [{"energy_type": "electricity", "unit_of_measure": "MWh", "quantity": 0.96}]}
    with pytest.raises(EnterpriseInputError) as refused:
        services.save_filing(filing, user, "enterprise", in_mwh)  # type: ignore[arg-type]
    assert refused.value.issues[0].field == "energy[0].unit_of_measure"
    gas_only = {"energy": [{"energy_type": "natural_gas", "unit_of_measure": "m3", "quantity": 100}]}
    saved = services.save_filing(filing, user, "enterprise", gas_only)  # type: ignore[arg-type]
    rows = {r["energy_type"]: r for r in saved.energy}
    assert rows["natural_gas"]["monitored_quantity"] is None
    assert rows["electricity"]["quantity"] == 0.0 and rows["electricity"]["monitored_quantity"] == MONITORED_KWH
    assert services.unexplained(saved) == ["electricity"]

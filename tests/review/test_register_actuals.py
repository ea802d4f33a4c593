"""A linked register entry's actual energy comes from its monitored unit: `refresh_register_actuals`."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.monitoring.models import Reading
from carbonpeak.review import register
from carbonpeak.review.intake import ReviewInputError
from carbonpeak.review.models import ActualEnergy, RegisterEntry
from carbonpeak.review.register import refresh_register_actuals
from tests.conftest import ClientFactory
from tests.monitoring.support import make_unit, records, send
from tests.review.register_support import DAYS, _kwh, engine_tce, import_plants, metered_unit

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 5, 1)  # after the last reading (2026-04-11)


def linked() -> tuple[RegisterEntry, float]:
    unit, tce = metered_unit()
    entry = import_plants()["演示铝冶炼"]  # linked to MU-001 by the CSV
    assert entry.monitored_unit == unit
    return entry, tce


def test_actual_energy_equals_the_monitored_tce_of_the_linked_unit() -> None:
    entry, tce = linked()
    assert Reading.objects.filter(energy__isnull=True).count() == 0  # VEE trusted every reading sent
    counts = refresh_register_actuals(AS_OF, actor_label="jobs")
    assert counts["entries"] == 1
    actual = ActualEnergy.objects.get(entry=entry)
    assert actual.year == 2026
    assert actual.energy_tce == pytest.approx(tce, rel=1e-3)
    assert (actual.origin, actual.partial) == ("monitoring", True)  # 2026 to date
    p = actual.provenance
    assert (p["unit_code"], p["months"], p["months_covered"]) == ("MU-001", [3, 4], 2)
    assert p["factor_sets"] and all("@" in label for label in p["factor_sets"])
    assert p["energy_types"] == ["electricity", "natural_gas"]
    assert 0.9 < p["completeness"]["3"] <= 1.0  # March: readings from the 2nd on
    assert p["completeness_min"] == min(p["completeness"].values())
    assert "当量" in p["basis"]


def test_a_second_run_without_new_data_changes_nothing() -> None:
    entry, _tce = linked()
    refresh_register_actuals(AS_OF, actor_label="jobs")  # the import refreshed it already, as of today
    records_before = ChangeRecord.objects.count()
    row = ActualEnergy.objects.get(entry=entry)
    again = refresh_register_actuals(AS_OF, actor_label="jobs")
    assert again == {"entries": 1, "created": 0, "updated": 0, "unchanged": 1, "deleted": 0}
    assert ChangeRecord.objects.count() == records_before
    assert ActualEnergy.objects.get(entry=entry).provenance == row.provenance


def test_new_readings_update_the_year_with_a_change_record() -> None:
    entry, tce = linked()
    refresh_register_actuals(AS_OF, actor_label="jobs")
    more = [_kwh(i) for i in range(96)]  # one more day of electricity, after the last
    start = int(dt.datetime(2026, 3, 2, tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp()) + DAYS * 86400
    send(records("MU-001-E", more, start=start))
    counts = refresh_register_actuals(AS_OF, actor_label="jobs")
    assert (counts["updated"], counts["created"]) == (1, 0)
    added = engine_tce({"electricity": (sum(more), "kWh")})
    assert ActualEnergy.objects.get(entry=entry).energy_tce == pytest.approx(tce + added, rel=1e-3)
    record = ChangeRecord.objects.filter(entity="review_register", entity_key=str(entry.pk)).first()
    assert record is not None and record.actor_label == "jobs"
    assert record.before["energy_tce"] == pytest.approx(tce, rel=1e-3)


def test_as_of_in_a_month_counts_its_days_up_to_that_day() -> None:
    entry, _tce = linked()
    refresh_register_actuals(dt.date(2026, 3, 10), actor_label="jobs")
    actual = ActualEnergy.objects.get(entry=entry)
    # Intervals ending from 2026-03-02 00:15 to 2026-03-11 00:00: the first 9 days' readings.
    electricity = sum(_kwh(i) for i in range(9 * 96))
    gas = sum(3.0 + 0.5 * math.cos(i / 9.0) for i in range(9 * 96))
    expected = engine_tce({"electricity": (electricity, "kWh"), "natural_gas": (gas, "m3")})
    assert actual.energy_tce == pytest.approx(expected, rel=1e-6)
    assert actual.provenance["months"] == [3] and actual.provenance["last_day"] == "2026-03-10"
    assert actual.provenance["completeness"] == {}  # the running month has none (it changes by the hour)


def test_a_typed_figure_is_refused_for_a_linked_entry_and_superseded_on_linking() -> None:
    entry, tce = linked()
    with pytest.raises(ReviewInputError) as caught:
        register.record_actual(entry, year=2026, energy_tce=1, source="统计报表", actor_label="tests")
    assert [i.field for i in caught.value.issues] == ["energy_tce"]
    assert "monitoring" in str(caught.value)
    # Unlinked, the office types a figure; linked again, monitoring replaces it for 2026.
    entry = register.update_entry(entry, {"status": "operating", "disposal": "keep", "monitored_unit": ""},
                                  actor_label="tests")
    register.record_actual(entry, year=2026, energy_tce=1, source="统计报表", actor_label="tests")
    assert ActualEnergy.objects.get(entry=entry).origin == "typed"
    register.link_unit(entry, "MU-001", actor_label="tests")  # links and refreshes at once
    actual = ActualEnergy.objects.get(entry=entry)
    assert actual.origin == "monitoring" and actual.energy_tce == pytest.approx(tce, rel=1e-3)
    superseded = ChangeRecord.objects.filter(entity="review_register", before__origin="typed").first()
    assert superseded is not None and superseded.after["origin"] == "monitoring"


def test_moving_the_link_to_another_unit_drops_the_old_units_figures() -> None:
    entry, _tce = linked()
    refresh_register_actuals(AS_OF, actor_label="jobs")
    make_unit("MU-009")  # no readings
    register.update_entry(entry, {"status": "operating", "disposal": "keep", "monitored_unit": "MU-009"},
                          actor_label="tests")
    assert not ActualEnergy.objects.filter(entry=entry).exists()
    assert ChangeRecord.objects.filter(entity="review_register", action="deleted").count() == 1


def test_the_deviation_alert_fires_from_metered_data(client_as: ClientFactory) -> None:
    entry, tce = linked()
    register.update_entry(entry, {"status": "operating", "disposal": "keep", "monitored_unit": "MU-001",
                                  "approved_energy_tce": str(round(tce / 2))}, actor_label="tests")
    refresh_register_actuals(AS_OF, actor_label="jobs")
    entry = register.entries().get(pk=entry.pk)
    d = entry.latest_deviation()
    assert d is not None and d.alert and d.partial  # the year to date is already twice the approval
    page = client_as("office").get("/review/register/")
    assert [e.name for e, _d in page.context["alerts"]] == ["演示铝冶炼"]
    html = page.content.decode()
    assert 'data-source="monitoring"' in html and "监测" in html
    assert 'href="/monitoring/units/MU-001/"' in html

"""A data centre with a year of hourly readings whose PUE is known, for the jobs' tests."""

from __future__ import annotations

import datetime as dt

from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.monitoring.vocabulary import MeterRole
from tests.monitoring.support import LOCAL, make_meter, make_unit, records, send

HOUR = 3600
YEAR = 2026
AS_OF = dt.date(2027, 1, 15)  # every month of 2026 has ended
NOW = int(dt.datetime(2027, 1, 15, 12, tzinfo=LOCAL).timestamp())


def data_centre_with_pue(pue: float, code: str = "DC1", it_kwh_per_hour: float = 100.0,
                         stage: str = "existing") -> KeyUnit:
    """An existing data centre (two meters: total and IT load) with a year of hourly interval readings."""
    unit = make_unit(code, industry="6450", data_centre=True)
    if stage != "existing":
        unit.data_centre_stage = stage
        unit.save()
    make_meter(unit, f"{code}-TOTAL", interval_s=HOUR)
    make_meter(unit, f"{code}-IT", role=MeterRole.IT_LOAD.value, interval_s=HOUR)
    start = int(dt.datetime(YEAR, 1, 1, tzinfo=LOCAL).timestamp())
    hours = (int(dt.datetime(YEAR + 1, 1, 1, tzinfo=LOCAL).timestamp()) - start) // HOUR
    for meter, per_hour in ((f"{code}-TOTAL", it_kwh_per_hour * pue), (f"{code}-IT", it_kwh_per_hour)):
        report = send(records(meter, [per_hour] * hours, start=start, step=HOUR), now=NOW)
        assert report.accepted == hours, report.errors[:3]
    return unit

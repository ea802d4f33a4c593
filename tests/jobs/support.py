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


def hourly_month(meter: str, year: int, month: int, per_hour: float, now: int) -> None:
    start = int(dt.datetime(year, month, 1, tzinfo=LOCAL).timestamp())
    end = int(dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=LOCAL).timestamp())
    report = send(records(meter, [per_hour] * ((end - start) // HOUR), start=start, step=HOUR), now=now)
    assert not report.errors, report.errors[:3]


def industrial_units_for_saving(year: int, month: int, now: int) -> None:
    """Two industrial units measured in the same month of two years: IU1 saves 2 %, IU2 0.5 %."""
    for code, saving in (("IU1", 0.02), ("IU2", 0.005)):
        unit = make_unit(code, industry="2614")
        make_meter(unit, f"{code}-E", interval_s=HOUR)
        hourly_month(f"{code}-E", year - 1, month, 1000.0, now)
        hourly_month(f"{code}-E", year, month, 1000.0 * (1 - saving), now)

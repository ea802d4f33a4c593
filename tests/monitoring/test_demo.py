"""The demo fleet through the store: what the generator injects, VEE finds; loading again adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.monitoring.demo.generator import demo_anomalies
from carbonpeak.monitoring.demo.load import DEMO_ENTERPRISE_UNIT, load_demo, register_demo
from carbonpeak.monitoring.models import KeyUnit, Reading, UnitBudget
from carbonpeak.monitoring.readings.sql import moment
from carbonpeak.monitoring.vocabulary import Flag
from carbonpeak.people.demo import DEMO_ENTERPRISES
from tests.monitoring.support import LOCAL, assert_rollups_consistent

pytestmark = pytest.mark.django_db

END = dt.datetime(2025, 8, 1, tzinfo=LOCAL)
DAYS = 60
UNITS = 5  # a petrochemical complex, two data centres, a chemical plant, a factory


def test_every_injected_anomaly_is_flagged_where_the_generator_put_it() -> None:
    summary = load_demo(days=DAYS, units=UNITS, end=END)
    assert summary.units == UNITS and summary.readings > 50_000
    first, last = int(END.timestamp()) - DAYS * 86400, int(END.timestamp())
    checked = 0
    for code, (demo_unit, _, meters) in register_demo(UNITS).items():
        for demo_meter, meter in meters:
            for anomaly in demo_anomalies(demo_meter, demo_unit, first + 86400, last - 86400):
                reading = Reading.objects.get(meter=meter, ts=moment(anomaly.ts))
                assert reading.flags & anomaly.kind, (code, meter.code, anomaly, Flag(reading.flags))
                checked += 1
    assert checked >= 5
    assert_rollups_consistent()


def test_loading_again_adds_nothing_and_the_demo_enterprise_owns_a_unit() -> None:
    load_demo(days=3, units=UNITS, end=END)
    count = Reading.objects.count()
    assert load_demo(days=3, units=UNITS, end=END).readings == 0
    assert Reading.objects.count() == count
    own = KeyUnit.objects.get(code=DEMO_ENTERPRISE_UNIT)
    assert own.enterprise is not None and own.enterprise.uscc == DEMO_ENTERPRISES[0][1]
    assert UnitBudget.objects.filter(unit=own, year=2025).exists()

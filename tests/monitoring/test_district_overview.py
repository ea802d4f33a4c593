"""district_overview: totals by industry and town, the top units, year on year, from the month rollups."""

from __future__ import annotations

import pytest

from carbonpeak.monitoring.pages.overview import district_overview
from tests.monitoring.support import STEP, T0, USCC_B, make_meter, make_unit, records, send

pytestmark = pytest.mark.django_db

YEAR = 365 * 96 * STEP


def test_the_overview_sums_by_industry_and_town_and_compares_with_last_year() -> None:
    make_meter(make_unit("U1", industry="2614", town="金山卫镇"), "M1", unit_of_measure="MWh")
    make_meter(make_unit("U2", industry="2619", town="亭林镇", uscc=USCC_B), "M2", unit_of_measure="MWh")
    make_meter(make_unit("U3", industry="3484", town="亭林镇"), "M3", unit_of_measure="MWh")
    send(records("M1", [1.0] * 96, start=T0 - YEAR))  # 2 March 2025: last year's same month
    send(records("M1", [1.2] * 96))
    send(records("M2", [2.0] * 96))
    send(records("M3", [0.5] * 96))

    o = district_overview(2026)
    assert (o.first_month, o.last_month) == (1, 3)
    assert o.total.tce == pytest.approx((1.2 + 2.0 + 0.5) * 96 * 1000 * 0.1229e-3)
    assert [f.key for f in o.by_industry] == ["26", "34"] and o.by_industry[0].name
    assert [f.key for f in o.by_town] == ["亭林镇", "金山卫镇"]
    assert [f.key for f in o.top_units] == ["U2", "U1", "U3"]
    u1 = next(f for f in o.top_units if f.key == "U1")
    assert u1.yoy == pytest.approx(0.2) and u1.name == "单位 U1"
    assert o.units_reporting == 3
    assert o.energy_types["electricity"] == (pytest.approx(3.7 * 96 * 1000), "kWh")
    assert district_overview(2026, 3).as_dict()["total"]["tce"] == pytest.approx(o.total.tce)
    assert district_overview(2026, 2).top_units == []

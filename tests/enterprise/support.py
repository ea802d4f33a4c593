"""Shared set-up for the enterprise room's tests: two units (the demo enterprise's and another's), each with
an electricity meter that has read 96 quarter-hours of 10 kWh in March 2026 (960 kWh)."""

from __future__ import annotations

from carbonpeak.monitoring.models import KeyUnit
from tests.monitoring.support import USCC_B, make_meter, make_unit, records, send

MONITORED_KWH = 960.0


def two_units() -> tuple[KeyUnit, KeyUnit]:
    own = make_unit("OWN")  # the demo enterprise's (user "enterprise")
    other = make_unit("OTHER", uscc=USCC_B)
    make_meter(own, "M-OWN")
    make_meter(other, "M-OTHER")
    send(records("M-OWN", [10.0] * 96))
    send(records("M-OTHER", [10.0] * 96))
    return own, other

"""Register entries for the register tests: existing plants imported from CSV; two unmetered (their
actual energy is typed), one linked to the monitored key unit MU-001."""

from __future__ import annotations

import math

from carbonpeak.accounting.activity import activity_from_records
from carbonpeak.accounting.engine import account
from carbonpeak.accounting.services import resolve_factor_set
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.review import register
from carbonpeak.review.models import RegisterEntry
from tests.monitoring.support import make_meter, make_unit, records, send

# Check-digit-valid 统一社会信用代码 of fictitious owners.
USCC_A = "91310116MA1J00000Y"
USCC_B = "91310116MA1JKD0G1K"

HEADER = "name,owner_uscc,industry_code,town,status,disposal,deadline,approved_energy_tce,monitored_unit," \
    "deviation_margin_pct"
CSV = f"""{HEADER}
演示水泥熟料线,{USCC_A},3011,金山卫镇,operating,upgrade,2026-12-31,50000,,10
演示烧碱装置,{USCC_B},2612,漕泾镇,operating,keep,,20000,,
演示铝冶炼,{USCC_B},3216,漕泾镇,under_construction,phase_out,2027-06-30,,MU-001,
"""


def make_units() -> dict[str, KeyUnit]:
    """The key units the CSV names, without meters (so no monitored figure yet)."""
    return {code: make_unit(code, industry=industry) for code, industry in (("MU-001", "3011"), ("MU-002", "2612"))}


def import_plants() -> dict[str, RegisterEntry]:
    if not KeyUnit.objects.filter(code="MU-001").exists():
        make_units()
    register.import_csv(CSV, actor_label="tests")
    return {e.name: e for e in RegisterEntry.objects.all()}


# --- a metered plant: a key unit with two total meters and 40 days of readings -------------------

DAYS = 40  # from 2026-03-02 00:00 (+08:00): March and the first days of April
STEP = 900


def _kwh(i: int) -> float:
    # Moves all the time (no flat line) and smoothly (no spike): VEE trusts every reading.
    return 40.0 + 10.0 * math.sin(i / 12.0)


def metered_unit(code: str = "MU-001", days: int = DAYS) -> tuple[KeyUnit, float]:
    """The unit (made if needed) with an electricity and a gas meter, and its tce 当量值 over the
    readings sent, worked out by the accounting engine on the totals sent (not on the rollups)."""
    unit = KeyUnit.objects.filter(code=code).first() or make_unit(code)
    make_meter(unit, f"{code}-E", energy_type="electricity", unit_of_measure="kWh")
    make_meter(unit, f"{code}-G", energy_type="natural_gas", unit_of_measure="m3")
    n = days * 96
    kwh = [_kwh(i) for i in range(n)]
    gas = [3.0 + 0.5 * math.cos(i / 9.0) for i in range(n)]
    report = send(records(f"{code}-E", kwh) + records(f"{code}-G", gas))
    assert report.accepted == 2 * n
    return unit, engine_tce({"electricity": (sum(kwh), "kWh"), "natural_gas": (sum(gas), "m3")})


def engine_tce(totals: dict[str, tuple[float, str]], year: int = 2026) -> float:
    result = account(activity_from_records([
        {"entity": "plant", "period": str(year), "energy_type": t, "quantity": q, "unit": u}
        for t, (q, u) in totals.items()]), resolve_factor_set())
    return float(result.totals()["energy_tce"])

"""The enterprise room's demo (演示数据, illustrative): the previous year's filings of a few demo key units.

`carbonpeak setup` loads the monitoring demo's last weeks only, so the meters have nothing of the previous
year. This module gives the industrial demo units that year as the meters would have read it: the month
rollups of their meters, from the same generator and seed as the monitoring demo (`_year_energy`: the clean
energy of every interval, before injected anomalies), valued with the plan's factor set, and written through
monitoring's rollup loader (what `carbonpeak rollups compute --load` writes for an archived year). Then, all
through the room's own services (so every step has its `FilingEvent` and `ChangeRecord`):

- output and value added of the year are imported (`import_output`, source marked illustrative);
- each unit's filing is opened prefilled from those rollups, submitted by the unit's filer, accepted by the
  demo office user; its GHG report (opened on acceptance) is submitted and accepted the same way;
- two units publish their figures (信息披露).

Value added is chosen per unit as its CO2 over an illustrative intensity (`INTENSITY`), so the 碳效码 page
shows several colours with their reasons. Each of these demo enterprises gets an inactive filer account with no
usable password (`demo-filer-<unit>`), the only way the workflow lets an enterprise act; every record is
labelled with the setup command. Running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from carbonpeak.audit.models import ChangeAction, ChangeRecord
from carbonpeak.enterprise import ghg_services, services
from carbonpeak.enterprise.models import EconomicOutput, Filing
from carbonpeak.enterprise.queries import counted_co2, disclosure_figures, report
from carbonpeak.enterprise.vocabulary import FilingStep
from carbonpeak.monitoring.archive.definition import ROLLUP_COLUMNS, scopes_of
from carbonpeak.monitoring.archive.service import coefficients, load_rollups
from carbonpeak.monitoring.demo.generator import _year_energy, demo_registry
from carbonpeak.monitoring.demo.load import SEED
from carbonpeak.monitoring.demo.profiles import calendar
from carbonpeak.monitoring.figures.energy import current_factors
from carbonpeak.monitoring.models import KeyUnit, Meter, Rollup
from carbonpeak.monitoring.readings.rollup_math import bucket_starts, year_bounds
from carbonpeak.monitoring.readings.sql import moment
from carbonpeak.monitoring.vocabulary import Grain, Scope
from carbonpeak.people.models import Profile, Role

# ILLUSTRATIVE: t CO2 per 万元 value added of each demo unit (industrial units of the demo fleet). Chosen so that
# the grades spread over the colours: division 26 (chemicals) has four units and is graded against its own pooled
# intensity, the others against the district's. The demo enterprise user's unit (DEMO_ENTERPRISE_UNIT, U004) is
# left out: its user files the current year's report itself, and a previous year of its own would move that
# grade by the year-on-year rule.
INTENSITY: dict[str, float] = {
    "U001": 3.2,  # petrochemical, 2511
    "U005": 0.35,  # machinery, 3484
    "U007": 1.1,  # synthetic materials, 2651
    "U008": 0.9,  # car parts, 3670
    "U011": 0.8,  # new materials, 2652
    "U012": 0.25,  # garments, 1811
    "U015": 4.5,  # coatings, 2641
    "U022": 3.4,  # polymers, 2653
}
PUBLISHED = ("U001", "U005")  # the units that publish their figures
OUTPUT_PER_VALUE_ADDED = 3.6  # ILLUSTRATIVE: 工业总产值 over 增加值
SOURCE = "演示数据（示意）/ demo data (illustrative)"
FILER_PREFIX = "demo-filer-"


def demo_year(today: dt.date | None = None) -> int:
    return (today or timezone.localdate()).year - 1


def _month_rollups(units: dict[str, KeyUnit], year: int) -> None:
    """Write the year's month rollups of the units' meters (meter, unit, industry, town scopes)."""
    demo_units, demo_meters = demo_registry(50, SEED)
    by_code = {u.code: u for u in demo_units}
    registered = set(Meter.objects.filter(unit__in=units.values()).values_list("code", flat=True))
    factors = current_factors()
    meters = [m for m in demo_meters if m.unit_code in units and m.code in registered]
    coefficient = {(c.energy_type, c.unit_of_measure): c
                   for c in coefficients({(m.energy_type, m.unit) for m in meters}, [year], factors)}
    sums: dict[tuple[str, str, int, str], list[float]] = {}  # (scope, key, start, energy type) → measures
    uom: dict[str, str] = {}
    for m in meters:
        unit, demo_unit = units[m.unit_code], by_code[m.unit_code]
        cal = calendar(year, m.interval_s, SEED)
        energy = _year_energy(m, demo_unit, year, SEED)
        starts, index = np.unique(bucket_starts(cal.ts, Grain.MONTH), return_inverse=True)
        per_month = np.bincount(index.reshape(-1), weights=energy, minlength=len(starts))
        counts = np.bincount(index.reshape(-1), minlength=len(starts))
        c = coefficient[(m.energy_type, m.unit)]
        uom[m.energy_type] = c.basis_unit
        places = scopes_of(m.role, {"meter": m.code, "unit": unit.code, "industry": unit.industry_division,
                                    "town": unit.town})
        for start, amount, n in zip(starts.tolist(), per_month.tolist(), counts.tolist(), strict=True):
            quantity = amount * c.to_basis
            measures = [quantity, quantity * c.tce, quantity * c.tce_equal_value, quantity * c.co2_t, n]
            for scope, key in places:
                row = sums.setdefault((scope.value, key, start, m.energy_type), [0.0] * 5)
                for i, value in enumerate(measures):
                    row[i] += value
    if not sums:
        return
    import pyarrow as pa  # type: ignore[import-untyped]

    rows: dict[str, list[Any]] = {name: [] for name, _ in ROLLUP_COLUMNS}
    for (scope_code, key_code, start, energy_type), (q, tce, tce_ev, co2_t, n) in sorted(sums.items()):
        values = {"scope": scope_code, "key": key_code, "grain": Grain.MONTH.value, "start": start,
                  "energy_type": energy_type, "unit_of_measure": uom[energy_type], "quantity": q, "tce": tce,
                  "tce_equal_value": tce_ev, "co2_t": co2_t, "readings": int(n), "estimated": 0, "invalid": 0,
                  "factor_set": factors.label}
        for name, value in values.items():
            rows[name].append(value)
    load_rollups(pa.table(rows))


def _filer(unit: KeyUnit) -> Any:
    """The user who files for the unit's enterprise: an inactive demo account bound to the enterprise (no usable
    password: nobody signs in with it)."""
    User = get_user_model()
    user, made = User.objects.get_or_create(username=f"{FILER_PREFIX}{unit.code}",
                                            defaults={"is_active": False, "first_name": unit.name[:150]})
    if made:
        user.set_unusable_password()
        user.save()
    Profile.objects.update_or_create(user=user, defaults={"role": Role.ENTERPRISE, "enterprise": unit.enterprise})
    return user


@transaction.atomic
def load_demo_enterprise(actor_label: str = "carbonpeak setup (demo)", today: dt.date | None = None) -> int:
    """The previous year's accepted filings and GHG reports of the demo units, and two disclosures; the number
    of filings made now (0 when the year already has demo filings, or without the monitoring demo and the
    demo office user)."""
    year = demo_year(today)
    office = get_user_model().objects.filter(username="office").first()
    units = {u.code: u for u in KeyUnit.objects.filter(code__in=INTENSITY, active=True).select_related("enterprise")
             if u.enterprise is not None}
    if office is None or not units or Filing.objects.filter(year=year, unit__in=units.values()).exists():
        return 0
    lo, hi = year_bounds(year)
    if not Rollup.objects.filter(scope=Scope.UNIT.value, key__in=units, start__gte=moment(lo),
                                 start__lt=moment(hi)).exists():
        _month_rollups(units, year)  # else the year is monitored already (a longer monitoring demo)
    opened: dict[str, tuple[Filing, Any, float | None]] = {}
    for code, unit in sorted(units.items()):
        filer = _filer(unit)
        filing = services.open_filing(unit, year, filer, actor_label, today=today)
        counted = counted_co2(report(filing).emissions)  # the CO2 its grade counts
        opened[code] = (filing, filer, round(counted / INTENSITY[code], 1) if counted > 0 else None)
    have = set(EconomicOutput.objects.filter(unit__in=units.values(), period=str(year)).values_list(
        "unit__code", flat=True))
    services.import_output(
        [{"unit_code": code, "period": str(year), "value_added_10k_cny": added,
          "industrial_output_10k_cny": round(added * OUTPUT_PER_VALUE_ADDED, 1)}
         for code, (_, _, added) in opened.items() if added and code not in have],
        None, actor_label, SOURCE, today=today, units=list(units))
    filings = {}
    for code, (filing, filer, added) in opened.items():
        services.save_filing(filing, filer, actor_label, {
            "value_added_10k_cny": added,
            "basic": {"contact_person": "演示联系人", "energy_manager": "演示能源管理员"},
            "measures": "演示数据（示意），非企业实际填报。",  # text an enterprise writes: Chinese
        })
        services.take_step(filing, FilingStep.SUBMIT, filer, actor_label)
        filing = services.take_step(filing, FilingStep.ACCEPT, office, actor_label)
        ghg = services.open_ghg_report(filing, office, actor_label)
        ghg = ghg_services.ghg_step(ghg, FilingStep.SUBMIT, filer, actor_label)
        ghg_services.ghg_step(ghg, FilingStep.ACCEPT, office, actor_label)
        filings[code] = (filing, filer)
    for code in PUBLISHED:
        if code in filings:
            filing, filer = filings[code]
            services.publish(filing, filer, actor_label, disclosure_figures(filing))
    ChangeRecord.objects.create(actor=None, actor_label=actor_label, entity="enterprise.demo", entity_key=str(year),
                                action=ChangeAction.CREATED, before={},
                                after={"year": year, "units": sorted(filings), "published": list(PUBLISHED)},
                                reason="demo data loaded (illustrative)")
    return len(filings)

"""Fixtures of the indicator tests.

The session setup (tests/conftest.py) loads the plan, factor sets, demo users and demo
accounting, but no indicator observations. `demo` adds the illustrative series, the derived
energy intensity and (`warned`) the warnings, inside the test's transaction, which is rolled
back; it costs about half a second, so tests that need one indicator store just that.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pytest

from carbonpeak.indicators.demo import load_demo_observations
from carbonpeak.indicators.derive import derive_all
from carbonpeak.indicators.evaluation import info_of
from carbonpeak.indicators.models import EarlyWarning, Origin
from carbonpeak.indicators.observations import check_rows
from carbonpeak.indicators.services import ImportSummary, import_records, store_rows
from carbonpeak.indicators.warnings import WarnSummary, raise_warnings
from carbonpeak.plan.models import Plan

# The demo series are written to show every status "as of late 2026".
AS_OF = dt.date(2026, 11, 1)

# Hold every year ≥ 1 % (2022–2025), lead ☆区经委 (eco) through task 26.
SAVING = "industrial_energy_saving_annual"
# Level 16.5 % by 2025, lead ☆区绿化市容局 (greening) through task 70.
FOREST = "forest_cover_rate"
# Derived from the accounting data; nobody enters it.
INTENSITY = "energy_intensity_change"

# 2025 short of 1 % by 1 % of the threshold: at risk (orange); by half: off track (red).
SAVING_AT_RISK = {2022: 1.3, 2023: 1.1, 2024: 1.05, 2025: 0.99}
SAVING_OFF_TRACK = {**SAVING_AT_RISK, 2025: 0.5}
SAVING_RECOVERED = {**SAVING_AT_RISK, 2025: 1.2}
# 2025 well short of 16.5 %: off track (red).
FOREST_OFF_TRACK = {2020: 15.3, 2023: 15.4, 2025: 15.4}


@pytest.fixture(autouse=True)
def _saving_typed(typed_saving: None) -> None:
    """These tests use the 百一 saving as the indicator 区经委 enters (tests/conftest.py, typed_saving);
    its derivation from the meters is tested in tests/indicators/test_derive_monitoring.py."""


def store(plan: Plan, code: str, values: dict[int, float], unit: str = "%") -> ImportSummary:
    """Import one indicator's yearly values as a file would; a derived indicator's values are
    stored as the derivation would store them (a file may not carry them)."""
    indicator = plan.indicators.get(code=code)
    if not indicator.derived:
        return import_records(plan, records(code, values, unit), user=None, actor_label="tests", source="tests")
    info = dataclasses.replace(info_of(indicator), derived=False)
    checked = check_rows(records(code, values, unit), {code: info})
    return store_rows(plan, checked, origin=Origin.DERIVED, user=None, actor_label="tests", source="tests",
                      derivation="test values standing in for the accounting")


def records(code: str, values: dict[int, float], unit: str = "%") -> list[dict[str, object]]:
    return [{"indicator": code, "period": str(y), "value": v, "unit": unit} for y, v in values.items()]


def write_csv(tmp_path: Path, rows: Iterable[str], name: str = "obs.csv",
              header: str = "indicator,period,value,unit") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def demo(plan: Plan) -> Plan:
    load_demo_observations(plan, actor_label="tests")
    derive_all(plan, actor_label="tests")
    return plan


@pytest.fixture
def warned(demo: Plan) -> WarnSummary:
    return raise_warnings(demo, AS_OF, actor_label="tests")


@pytest.fixture
def saving_at_risk(plan: Plan) -> Plan:
    """Only the industrial energy-saving rate, at risk."""
    store(plan, SAVING, SAVING_AT_RISK)
    return plan


@pytest.fixture
def two_warnings(plan: Plan) -> dict[str, EarlyWarning]:
    """An orange warning to eco (energy saving) and a red one to greening (forest cover)."""
    store(plan, SAVING, SAVING_AT_RISK)
    store(plan, FOREST, FOREST_OFF_TRACK)
    summary = raise_warnings(plan, AS_OF, actor_label="tests")
    assert (summary.opened, summary.notices) == (2, 2)
    return {w.indicator.code: w for w in EarlyWarning.objects.select_related("indicator")}

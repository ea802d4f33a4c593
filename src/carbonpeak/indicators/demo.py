"""Illustrative observation series for the demo, generated from the one demo source
(data/demo/jinshan-demo.yaml via carbonpeak.demodata): the indicator-only series and the
district figures other rooms share (PV, offshore wind, biomass, buses, waste, forest cover)."""

from __future__ import annotations

from carbonpeak import demodata
from carbonpeak.indicators.models import Origin
from carbonpeak.indicators.observations import check_rows
from carbonpeak.indicators.services import ImportSummary, catalogue, store_rows
from carbonpeak.plan.models import Plan

DEMO_FILE = demodata.SOURCE_FILE


def load_demo_observations(plan: Plan, actor_label: str = "carbonpeak setup (demo)") -> ImportSummary:
    """Store the demo series (marked illustrative); running it again changes nothing."""
    spec = demodata.load_source(DEMO_FILE)
    checked = check_rows(demodata.indicator_records(spec), catalogue(plan))
    return store_rows(plan, checked, origin=Origin.IMPORTED, user=None, actor_label=actor_label,
                      source=spec["indicator_source"], illustrative=True, reason="demo data")

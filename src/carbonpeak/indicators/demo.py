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
    known = catalogue(plan)
    # A derived indicator (energy intensity; PUE and the 百一 saving from the meters) takes its
    # values from its derivation: the demo's series stands in only where the plan types it.
    rows = [r for r in demodata.indicator_records(spec) if not (r["indicator"] in known
                                                                 and known[r["indicator"]].derived)]
    checked = check_rows(rows, known)
    return store_rows(plan, checked, origin=Origin.IMPORTED, user=None, actor_label=actor_label,
                      source=spec["indicator_source"], illustrative=True, reason="demo data")

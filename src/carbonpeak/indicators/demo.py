"""Illustrative observation series for the demo, generated from the one demo source
(data/demo/jinshan-demo.yaml via carbonpeak.accounting.demo_source): the indicator-only series and the
district figures other rooms share (PV, offshore wind, biomass, buses, waste, forest cover)."""

from __future__ import annotations

import dataclasses

from django.db import transaction

from carbonpeak.accounting import demo_source
from carbonpeak.indicators.evaluation import catalogue
from carbonpeak.indicators.models import Origin
from carbonpeak.indicators.observations import check_rows
from carbonpeak.indicators.services import ImportSummary, store_rows
from carbonpeak.plan.models import Plan

DEMO_FILE = demo_source.SOURCE_FILE


@transaction.atomic
def load_demo_observations(plan: Plan, actor_label: str = "carbonpeak setup (demo)") -> ImportSummary:
    """Store the demo series (marked illustrative); running it again changes nothing.

    A derived indicator takes its values from its derivation (energy intensity from the
    accounting, PUE from the meters), so its demo series is not loaded; a series marked
    `official` (the 百一 saving, which 区经委 reports) is stored as the office's official
    statistics value, which the derivation keeps its own value beside."""
    spec = demo_source.load_source(DEMO_FILE)
    known = catalogue(plan)
    records = demo_source.indicator_records(spec)

    def derived(code: str) -> bool:
        return code in known and known[code].derived

    typed = [r for r in records if not derived(r["indicator"])]
    summary = store_rows(plan, check_rows(typed, known), origin=Origin.IMPORTED, user=None,
                         actor_label=actor_label, source=spec["indicator_source"], illustrative=True,
                         reason="demo data")
    official = [r for r in records if derived(r["indicator"]) and r["official"]]
    if official:
        as_typed = {r["indicator"]: dataclasses.replace(known[r["indicator"]], derived=False) for r in official}
        more = store_rows(plan, check_rows(official, as_typed), origin=Origin.OFFICIAL, user=None,
                          actor_label=actor_label, source=spec["indicator_source"], illustrative=True,
                          reason="demo data (official statistics)")
        summary = ImportSummary(summary.created + more.created, summary.updated + more.updated,
                                summary.unchanged + more.unchanged, [*summary.skipped, *more.skipped])
    return summary

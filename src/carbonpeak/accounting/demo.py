"""The demo district's accounting data, generated from the one demo source
(data/demo/jinshan-demo.yaml via carbonpeak.accounting.demo_source; illustrative, see its header)."""

from __future__ import annotations

from django.db import transaction

from carbonpeak.accounting import demo_source, services
from carbonpeak.accounting.activity import activity_from_records
from carbonpeak.accounting.models import DistrictGdp, Inventory, InventoryEntry, LandArea

DEMO_FILE = demo_source.SOURCE_FILE


@transaction.atomic
def load_demo_accounting(actor_label: str = "carbonpeak setup (demo)") -> int:
    """Store the demo activity data, inventory entries, land areas and GDP, and compile each
    year's inventory once. Returns the number of inventories compiled now (0 when already there)."""
    spec = demo_source.load_source(DEMO_FILE)
    years: list[int] = spec["years"]
    services.import_activity(activity_from_records(demo_source.activity_records(spec, years)), source=spec["source"],
                             actor_label=actor_label)
    compiled = 0
    for year in years:
        for row in demo_source.entry_rows(spec, year):
            InventoryEntry.objects.update_or_create(
                year=year, line=row.pop("line"), defaults={**row, "source": spec["note"]})
        for land, area_ha in demo_source.land_areas(spec, year).items():
            LandArea.objects.update_or_create(year=year, land=land, defaults={"area_ha": area_ha,
                                                                              "source": spec["note"]})
        if not Inventory.objects.filter(year=year).exists():
            services.save_inventory(year, actor_label=actor_label)
            compiled += 1
    gdp = spec["district"]["gdp"]
    for g in demo_source.gdp_rows(spec):
        DistrictGdp.objects.update_or_create(
            year=g["year"],
            defaults={"value_10k_cny": g["value_10k_cny"], "real_growth_percent": g.get("real_growth_percent"),
                      "source": gdp["source"], "illustrative": gdp.get("illustrative", True)},
        )
    return compiled

"""The demo district's accounting data (synthetic; see data/demo/accounting-demo.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from carbonpeak.accounting import services
from carbonpeak.accounting.activity import activity_from_records
from carbonpeak.accounting.models import DistrictGdp, Inventory, InventoryEntry, LandArea

DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "demo" / "accounting-demo.yaml"


def _grown(base: float, growth: float, years_since: int) -> float:
    return base * (1 + growth / 100) ** years_since


def demo_records(spec: dict[str, Any]) -> list[dict[str, Any]]:
    years: list[int] = spec["years"]
    out = []
    for stream in spec["streams"]:
        for i, year in enumerate(years):
            amount = stream["steps"][i] if "steps" in stream else _grown(stream["base"], stream["growth"], i)
            if amount <= 0:
                continue
            out.append(
                {
                    "entity": stream["entity"],
                    "period": str(year),
                    "energy_type": stream["energy_type"],
                    "quantity": round(amount, 3),
                    "unit": stream["unit"],
                    "use": stream.get("use", "fuel"),
                    "sector": stream["sector"],
                    "green_power": stream.get("green_power", False),
                    "renewable": stream.get("renewable", False),
                }
            )
    return out


@transaction.atomic
def load_demo_accounting(actor_label: str = "carbonpeak setup (demo)") -> int:
    """Store the demo activity data, inventory entries and land areas, and compile each year's
    inventory once. Returns the number of inventories compiled now (0 when already there)."""
    spec = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    services.import_activity(activity_from_records(demo_records(spec)), source=spec["source"], actor_label=actor_label)
    compiled = 0
    for i, year in enumerate(spec["years"]):
        for entry in spec["entries"]:
            g = entry.get("growth", 0.0)
            InventoryEntry.objects.update_or_create(
                year=year,
                line=entry["line"],
                defaults={
                    "co2_t": round(_grown(entry.get("co2_t", 0.0), g, i), 1),
                    "ch4_t": round(_grown(entry.get("ch4_t", 0.0), g, i), 2),
                    "n2o_t": round(_grown(entry.get("n2o_t", 0.0), g, i), 2),
                    "notation": entry.get("notation", ""),
                    "quality": entry.get("quality", ""),
                    "note": entry.get("note", ""),
                    "source": spec["note"],
                },
            )
        for land in spec["land"]:
            LandArea.objects.update_or_create(
                year=year,
                land=land["land"],
                defaults={"area_ha": round(_grown(land["area_ha"], land["growth"], i), 1), "source": spec["note"]},
            )
        if not Inventory.objects.filter(year=year).exists():
            services.save_inventory(year, actor_label=actor_label)
            compiled += 1
    for g in spec.get("gdp", {}).get("years", []):
        DistrictGdp.objects.update_or_create(
            year=g["year"],
            defaults={"value_10k_cny": g["value_10k_cny"], "real_growth_percent": g.get("real_growth_percent"),
                      "source": spec["gdp"]["source"], "illustrative": True},
        )
    return compiled

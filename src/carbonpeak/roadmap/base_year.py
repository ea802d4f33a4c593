"""The roadmap's base-year CO2 beside the compiled inventory of that year, with the reasons they differ
(reconciliation.py), as both the scenario page and the inventory page show it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from carbonpeak.accounting.elsewhere import MODEL_YEAR
from carbonpeak.accounting.services import latest_inventories
from carbonpeak.people.permissions import AnyUser, Permission, can
from carbonpeak.roadmap import running
from carbonpeak.roadmap.pages import pick
from carbonpeak.roadmap.reconciliation import Reconciliation, reconcile


def reconciliation(year: int, model_co2_t: float, anchored_co2_t: float | None = None) -> Reconciliation | None:
    """The steps from the latest inventory of `year` to the model's CO2 (through the progress scenario's
    anchored figure when given), or None without an inventory."""
    inventory = latest_inventories().get(year)
    if inventory is None:
        return None
    return reconcile(year, inventory.total_co2e_t, inventory.lines, model_co2_t, anchored_co2_t)


def rows(r: Reconciliation) -> list[dict[str, Any]]:
    """The steps as a page lists them: label, the figure in 10⁴ t (a change with its sign), level or change."""
    year = r.year
    labels = {
        "net": _("Inventory %(year)s: net emissions, every gas, after sinks") % {"year": year},
        "sinks": _("add back the forest and wetland sinks"),
        "non_co2": _("take out CH₄ and N₂O (as CO₂e): the model counts CO₂ only"),
        "inventory_co2": _("Inventory %(year)s: CO₂ before sinks, at the factors of %(year)s") % {"year": year},
        "factors": _("purchased electricity and heat at today's factors, which the model holds for every year, "
                     "instead of those of %(year)s") % {"year": year},
        "anchored": _("Progress scenario: CO₂ in %(year)s, the inventory's at today's factors (purchased "
                      "electricity and heat rescaled by the electricity factor's change)") % {"year": year},
        "mapping": _("the model's own reckoning of the same activity: purchased heat at heat's own factor, which "
                     "fell a little less than electricity's; steam at heat's factor; fuels grouped"),
        "model": _("Roadmap model: CO₂ in %(year)s") % {"year": year},
    }
    out = []
    for s in r.steps:
        wan = s.value_t / 10_000
        text = f"{wan:,.1f}" if s.level else f"{wan:+,.1f}".replace("-", "−")
        out.append({"key": s.key, "label": labels[s.key], "wan": text, "level": s.level})
    return out


@MODEL_YEAR.provide
def model_year(year: int, user: AnyUser) -> dict[str, Any] | None:
    """For the inventory page: the plan scenario's CO2 of `year` when it is the model's base year."""
    if not can(user, Permission.VIEW_ROADMAP):
        return None
    own = running.peaks().get(running.PLAN)
    if own is None or min(int(y) for y in own["series"]) != year:
        return None
    r = reconciliation(year, float(own["series"][str(year)]["co2_t"]))
    if r is None:
        return None
    return {"year": year, "rows": rows(r), "scenario": pick(own["name_zh"], own["name_en"]),
            "url": reverse("roadmap:scenario", args=[running.PLAN]), "illustrative": own.get("illustrative")}

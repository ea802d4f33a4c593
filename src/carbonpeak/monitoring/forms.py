"""The office's registry forms (unit and meter), the token and reading-edit forms: what the form
shows, what was typed (kept verbatim when a form comes back with errors), and the errors by field.

Checking is not done here: the registry service checks a unit or meter exactly as it checks an
imported row (`registry_input`), so a form and a file cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from carbonpeak.monitoring.models import KeyUnit, Meter
from carbonpeak.monitoring.pages.queries import ELECTRICITY
from carbonpeak.monitoring.vocabulary import DEFAULT_INTERVAL_S, KeyUnitLevel, MeterKind, MeterRole

UNIT_FIELDS = ("code", "name", "uscc", "enterprise_uscc", "industry_code", "town", "level", "is_data_centre",
               "data_centre_stage", "design_pue", "annual_budget_tce", "active")
METER_FIELDS = ("code", "energy_type", "unit_of_measure", "kind", "multiplier", "role", "interval_s",
                "register_max", "minimum", "maximum", "active")
CHECKBOXES = frozenset({"is_data_centre", "active", "withdraw"})
READING_FIELDS = ("ts", "value", "reason")


def typed(post: Mapping[str, str], fields: Iterable[str]) -> dict[str, str]:
    """The form's fields as typed (stripped); a checkbox is "1" when ticked, "" when not."""
    out = {}
    for name in fields:
        if name in CHECKBOXES:
            out[name] = "1" if post.get(name) else ""
        else:
            out[name] = (post.get(name) or "").strip()
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def unit_values(unit: KeyUnit | None, year: int) -> dict[str, str]:
    """What the unit form shows: a stored unit's fields and `year`'s budget, or a new unit's defaults."""
    if unit is None:
        return {name: "" for name in UNIT_FIELDS} | {"level": KeyUnitLevel.DISTRICT.value, "active": "1"}
    values = {name: _text(getattr(unit, name)) for name in UNIT_FIELDS
              if name not in ("enterprise_uscc", "annual_budget_tce")}
    budget = unit.budgets.filter(year=year).first()
    return values | {"enterprise_uscc": unit.enterprise.uscc if unit.enterprise else "",
                     "annual_budget_tce": _text(budget.budget_tce) if budget else ""}


def meter_values(meter: Meter | None) -> dict[str, str]:
    if meter is None:
        return {name: "" for name in METER_FIELDS} | {
            "energy_type": ELECTRICITY, "unit_of_measure": "kWh", "kind": MeterKind.CUMULATIVE.value,
            "multiplier": "1", "role": MeterRole.TOTAL.value, "interval_s": str(DEFAULT_INTERVAL_S), "active": "1"}
    return {name: _text(getattr(meter, name)) for name in METER_FIELDS}


def as_row(values: Mapping[str, str]) -> dict[str, Any]:
    """The typed form as the registry service reads it: checkboxes become booleans, text stays text
    (an empty field is an empty column: the service says which are required)."""
    return {name: value == "1" if name in CHECKBOXES else value for name, value in values.items()}


def by_field(issues: Iterable[tuple[str, str]], known: Iterable[str]) -> dict[str, list[str]]:
    """(field, reason) pairs grouped by form field; a field the form lacks is shown under "form"."""
    fields = set(known)
    out: dict[str, list[str]] = {}
    for field, reason in issues:
        out.setdefault(field if field in fields else "form", []).append(reason)
    return out


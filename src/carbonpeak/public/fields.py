"""The one allowlist of what the public site may show (Kausal Watch's `public_fields` idea).

Every public page and every answer under /api/v1/public/ is built from `pick()`, which copies only the
fields listed here, so a field reaches the public only by being named in this file. The records are
models (their public fields) and the read-models other rooms compute (an indicator's status, the
roadmap headline), named by a string. `LINKS` are the keys under which one picked record carries
others (a task its departments); `all_public_keys()` is what the allowlist crawl test accepts.

Never listed: user names and who acted, contacts and e-mail addresses, notes, an enterprise's figures,
a report's milestones or events, evidence files, provenance details.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carbonpeak.accounting.models import Inventory
from carbonpeak.indicators.models import Indicator, Observation, Target
from carbonpeak.plan.models import Action, Department, Plan, Task
from carbonpeak.public.models import Feedback
from carbonpeak.supervision.models import Report

STATUS = "indicator_status"  # indicators.evaluation.status_as_dict
CHART = "indicator_chart"  # indicators.evaluation.series_for_chart
ROADMAP = "roadmap_headline"  # roadmap's dashboard card (progress scenario, else the plan scenario)
# A place's target of a split indicator and its status (indicators.place_evaluation.place_status_as_dict): the
# target is public with the indicator's, the status only with its values; the office's note on a target never.
PLACE_TARGET = "place_target"
PLACE_STATUS = "place_status"

PUBLIC_FIELDS: dict[type | str, tuple[str, ...]] = {
    Plan: ("code", "title", "title_en", "document_number", "issuer", "issuer_en", "issued_on", "base_year"),
    Action: ("number", "name", "name_en", "summary"),
    Task: ("number", "content", "time_node"),
    Department: ("code", "name", "name_en"),
    Indicator: ("code", "name", "name_en", "unit", "direction", "source_clause"),
    Target: ("year", "kind", "value"),
    Observation: ("period", "value", "illustrative"),
    Report: ("progress", "approved_at", "narrative"),
    Inventory: ("year", "total_co2e_t", "gross_co2e_t", "energy_tce"),
    Feedback: ("text", "received_at", "answer", "answered_at"),
    STATUS: ("status", "barometer", "latest_period", "latest_value", "target_value", "target_year"),
    CHART: ("years", "actual", "path", "targets", "unit"),
    ROADMAP: ("peak_year", "peak_co2_t", "probability", "probability_year", "illustrative"),
    PLACE_TARGET: ("year", "value", "share", "resolved"),
    PLACE_STATUS: ("status", "barometer", "latest_period", "latest_value", "target_value", "target_year"),
}

# Keys that hold other picked records or the page's own facts (when an item was last updated).
LINKS = ("plan", "actions", "action", "tasks", "lead", "co", "indicators", "targets", "values", "status",
         "chart", "latest_progress", "feedback", "roadmap", "inventory", "updated_at", "values_public", "places",
         "place")

# A choice field also shows its label in the reader's language, under `<field>_label`.
LABELLED = ("time_node", "progress", "status", "barometer", "kind", "direction", "unit")


def fields_of(shape: type | str) -> tuple[str, ...]:
    return PUBLIC_FIELDS[shape]


def pick(shape: type | str, source: Any, labels: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The public fields of one record (a model instance or a read-model dict), and given labels of them."""
    out: dict[str, Any] = {}
    for name in fields_of(shape):
        out[name] = source.get(name) if isinstance(source, Mapping) else getattr(source, name)
    for name, label in (labels or {}).items():
        if name in out and name in LABELLED:
            out[f"{name}_label"] = label
    return out


def all_public_keys() -> frozenset[str]:
    """Every key a public record may carry: the listed fields, their labels and the links."""
    listed = {name for names in PUBLIC_FIELDS.values() for name in names}
    return frozenset(listed | {f"{n}_label" for n in LABELLED} | set(LINKS))

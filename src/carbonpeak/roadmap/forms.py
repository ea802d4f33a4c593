"""The scenario editor's form: posted fields ↔ the scenario mapping `services.check` reads.

Field names (one input each, so an error can sit under its field and keep what was typed):

* `id`, `name_zh`, `name_en`, `parent`, `description`, `comment`
* `o:<parameter path>`: an override; empty = inherit (`o:measure.<id>.enabled` is a select 1/0/inherit)
* `m<i>:kind|id|label_zh|label_en|enabled|remove` and `m<i>:p:<name>`: the scenario's own measures,
  `measure_count` of them; `add_kind` with the button `action=add_measure` adds one of that kind.

Numbers that do not read as numbers are passed on as typed, so the check names the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from carbonpeak.common.issues import InputIssue
from carbonpeak.common.names import parse_share
from carbonpeak.roadmap.measures import MeasureKindInfo

PLAIN = ("id", "name_zh", "name_en", "parent", "description", "comment")
OVERRIDE = "o:"
_MEASURE_FIELD = re.compile(r"^m(\d+):(.+)$")


def number_or_text(raw: str) -> float | str:
    """A number as typed; the model's shares and rates are fractions, so `2%` is read as 0.02 (common/names)."""
    text = raw.strip().replace(",", "").replace("，", "")
    try:
        return parse_share(text) if text.endswith(("%", "％")) else float(text)
    except ValueError:
        return raw.strip()


def shown(value: Any) -> str:
    """A value as an input shows it: 300.0 → "300", 0.35 → "0.35"."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.12g}"
    return str(value)


@dataclass
class EditorForm:
    """What was posted (kept to show again) and the scenario mapping read from it."""

    values: dict[str, str]  # every posted field as typed
    measure_count: int
    data: dict[str, Any] = field(default_factory=dict)

    def own_measure(self, i: int) -> dict[str, str]:
        prefix = f"m{i}:"
        return {k.removeprefix(prefix): v for k, v in self.values.items() if k.startswith(prefix)}


def read(post: Mapping[str, str], kinds: Mapping[str, MeasureKindInfo]) -> EditorForm:
    """The scenario mapping of a posted editor form (`post` as a flat dict of str)."""
    values = {k: v for k, v in post.items() if k != "csrfmiddlewaretoken"}
    try:
        count = max(0, min(int(values.get("measure_count", "0")), 100))
    except ValueError:
        count = 0
    overrides: dict[str, Any] = {}
    for key, raw in values.items():
        if key.startswith(OVERRIDE) and raw.strip() != "":
            overrides[key.removeprefix(OVERRIDE)] = number_or_text(raw)
    measures: list[dict[str, Any]] = []
    for i in range(count):
        own = {k.removeprefix(f"m{i}:"): v for k, v in values.items() if k.startswith(f"m{i}:")}
        if not own or own.get("remove"):
            continue
        info = kinds.get(own.get("kind", ""))
        params: dict[str, Any] = {}
        for key, raw in own.items():
            if key.startswith("p:") and raw.strip() != "":
                name = key.removeprefix("p:")
                p = info.param(name) if info else None
                params[name] = raw.strip() if p is not None and p.choices else number_or_text(raw)
        measures.append({"id": own.get("id", "").strip(), "kind": own.get("kind", ""),
                         "label_zh": own.get("label_zh", "").strip(), "label_en": own.get("label_en", "").strip(),
                         "params": params, "enabled": bool(own.get("enabled"))})
    data: dict[str, Any] = {k: values.get(k, "").strip() for k in ("id", "name_zh", "name_en", "description")}
    data["parent"] = values.get("parent", "").strip() or None
    data["overrides"] = overrides
    data["measures"] = measures
    return EditorForm(values, count, data)


def initial(scenario: Mapping[str, Any]) -> EditorForm:
    """The form of a stored scenario (`services.as_input` shape)."""
    values = {k: shown(scenario.get(k)) for k in PLAIN if k != "comment"}
    values["parent"] = scenario.get("parent") or ""
    for path, v in (scenario.get("overrides") or {}).items():
        values[f"{OVERRIDE}{path}"] = shown(v)
    measures = list(scenario.get("measures") or [])
    for i, m in enumerate(measures):
        values |= {f"m{i}:id": m["id"], f"m{i}:kind": m["kind"], f"m{i}:label_zh": m.get("label_zh", ""),
                   f"m{i}:label_en": m.get("label_en", ""), f"m{i}:enabled": "1" if m.get("enabled", True) else ""}
        values |= {f"m{i}:p:{k}": shown(v) for k, v in (m.get("params") or {}).items()}
    return EditorForm(values, len(measures), dict(scenario))


def with_new_measure(form: EditorForm, info: MeasureKindInfo, taken: set[str]) -> EditorForm:
    """The form with one more own measure of kind `info`, its parameters at their defaults."""
    i = form.measure_count
    n, mid = 1, info.kind
    while mid in taken:
        n += 1
        mid = f"{info.kind}_{n}"
    values = dict(form.values)
    values |= {f"m{i}:id": mid, f"m{i}:kind": info.kind, f"m{i}:label_zh": info.label_zh,
               f"m{i}:label_en": info.label_en, f"m{i}:enabled": "1"}
    values |= {f"m{i}:p:{p.name}": shown(p.default) for p in info.parameters}
    values["measure_count"] = str(i + 1)
    return EditorForm(values, i + 1, form.data)


def input_name(issue_field: str) -> str:
    """The form input an issue's field belongs to: overrides.x → o:x, measures[2].params.y → m2:p:y."""
    if issue_field.startswith("overrides."):
        return OVERRIDE + issue_field.removeprefix("overrides.")
    m = re.match(r"^measures\[(\d+)\]\.?(.*)$", issue_field)
    if m:
        rest = m.group(2)
        return f"m{m.group(1)}:" + ("p:" + rest.removeprefix("params.") if rest.startswith("params.") else rest or "id")
    return issue_field


def errors_by_input(issues: list[InputIssue]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for issue in issues:
        out.setdefault(input_name(issue.field), []).append(
            issue.reason if issue.where.startswith("情景") else f"{issue.where}: {issue.reason}")
    return out

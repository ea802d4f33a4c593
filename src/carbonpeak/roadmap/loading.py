"""Loading scenarios in bulk: the engine's bundled ones at set-up, and a user's YAML file.

Loading is idempotent: an unchanged scenario gets no new version. Bundled scenarios are refreshed
from the engine's data (`carbonpeak setup`) and never edited by users, so refreshing them loses
nobody's work; a user's scenario that holds the id of a bundled one is left alone (reported as
skipped). A file may not change a bundled scenario; its scenarios may inherit from stored ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from carbonpeak.common.issues import InputIssue
from carbonpeak.roadmap import scenario as engine
from carbonpeak.roadmap.models import Scenario
from carbonpeak.roadmap.services import (
    RoadmapInputError,
    User,
    all_specs,
    input_issue,
    snapshot_of_spec,
    store_snapshot,
)


@dataclass
class LoadSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # a user's scenario holds the id of a bundled one


def _parents_first(specs: Mapping[str, engine.ScenarioSpec]) -> list[str]:
    order: list[str] = []

    def visit(sid: str, path: tuple[str, ...]) -> None:
        if sid in order or sid in path or sid not in specs:
            return
        parent = specs[sid].parent
        if parent:
            visit(parent, (*path, sid))
        order.append(sid)

    for sid in specs:
        visit(sid, ())
    return order


def _load(specs: Mapping[str, engine.ScenarioSpec], *, bundled: bool, user: User, actor_label: str,
          comment: str) -> LoadSummary:
    summary = LoadSummary()
    for sid in _parents_first(specs):
        clean = snapshot_of_spec(specs[sid])
        existing = Scenario.objects.filter(slug=sid).first()
        if existing is not None and existing.bundled != bundled:
            summary.skipped.append(sid)
            continue
        saved = store_snapshot(clean, existing, user=user, actor_label=actor_label, comment=comment, bundled=bundled)
        (summary.created if existing is None else summary.updated if saved else summary.unchanged).append(sid)
    return summary


def _check_all(specs: Mapping[str, engine.ScenarioSpec], where: str) -> None:
    merged = {**all_specs(), **specs}
    issues: list[InputIssue] = []
    for sid in specs:
        try:
            engine.resolve(merged, sid)
        except engine.ScenarioError as exc:
            issues += [input_issue(i.field, i.reason, f"{where} · {i.where}") for i in exc.issues if i not in issues]
    if issues:
        raise RoadmapInputError(issues)


@transaction.atomic
def load_defaults(actor_label: str) -> LoadSummary:
    """Store the engine's bundled scenarios (baseline, plan, …); loading again changes nothing unless
    the bundled data changed, which makes a new version. Users' scenarios are never touched."""
    specs = engine.default_scenarios()
    _check_all(specs, "bundled scenarios")
    return _load(specs, bundled=True, user=None, actor_label=actor_label, comment="bundled scenarios")


def _stored_raw() -> dict[str, Any]:
    """Every stored scenario in the file shape, so that a file may name a stored parent."""
    out = {}
    for s in Scenario.objects.select_related("parent"):
        snap = s.snapshot()
        out[snap.pop("slug")] = snap
    return out


@transaction.atomic
def load_mapping(raw: Any, *, where: str, user: User = None, actor_label: str) -> LoadSummary:
    """Scenarios from a file's mapping (the shape of the engine's scenarios.yaml, parents may be stored
    scenarios): created, or saved as their next version. A bundled id in the file is refused."""
    data = raw.get("scenarios", raw) if isinstance(raw, Mapping) else raw
    if not isinstance(data, Mapping) or not data:
        raise RoadmapInputError([input_issue("scenarios", "应为 情景代码 → 情景 的映射 / must map scenario ids to "
                                                     "scenarios", where)])
    ids = [str(k) for k in data]
    bundled = sorted(Scenario.objects.filter(slug__in=ids, bundled=True).values_list("slug", flat=True))
    if bundled:
        raise RoadmapInputError([input_issue(sid, "随软件提供的情景不可修改，请换一个代码 / a bundled scenario is "
                                             "read-only: load it under another id", where) for sid in bundled])
    try:
        specs = engine.scenarios_from_mapping({"scenarios": {**_stored_raw(), **data}})
    except engine.ScenarioError as exc:
        raise RoadmapInputError([input_issue(i.field, i.reason, f"{where} · {i.where}") for i in exc.issues]) from None
    return _load({sid: specs[sid] for sid in ids}, bundled=False, user=user, actor_label=actor_label,
                 comment=f"loaded from {where}")

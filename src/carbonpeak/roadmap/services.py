"""Scenarios with the database: stored rows ↔ the engine's `ScenarioSpec`, checked saves that keep
every version and a change record. Loading in bulk (bundled scenarios, a file) is in loading.py.

A save is one transaction. Bad input raises `RoadmapInputError` listing every issue with its field
(zh / en) and stores nothing. Bundled scenarios are read-only here: users save a child instead, so
that `carbonpeak setup` can refresh them from the engine's data without losing anybody's work.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from carbonpeak.audit.models import ChangeAction, ChangeRecord, diff, stored_actor
from carbonpeak.common.issues import InputError, InputIssue
from carbonpeak.people.permissions import AnyUser
from carbonpeak.roadmap import scenario as engine
from carbonpeak.roadmap.models import Scenario, ScenarioVersion

WHERE = "情景 / scenario"
ENTITY = "roadmap_scenario"
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
NAME_MAX = 200
EDITABLE = ("name_zh", "name_en", "parent", "overrides", "measures", "description")
User = AnyUser | None


class RoadmapInputError(InputError):
    """Every problem of a scenario at once; nothing is stored when it is raised."""


def input_issue(field_name: str, reason: str, where: str = WHERE) -> InputIssue:
    return InputIssue(where, field_name, reason)


def _form_field(issue: InputIssue, slug: str, measures: list[dict[str, Any]]) -> InputIssue:
    """The engine's issue about scenario `slug` with the field named as the API and the form name it:
    `overrides.<path>` for an override, `measures[i].<field>` for one of its own measures."""
    where, _, rest = issue.where.partition(" · ")
    if where != slug:
        return issue
    if rest == "overrides":
        return InputIssue(WHERE, f"overrides.{issue.field}", issue.reason)
    if m := re.match(r"measures\[(\d+)\]", rest):
        return InputIssue(WHERE, f"measures[{m.group(1)}].{issue.field}", issue.reason)
    own = {str(m.get("id")): i for i, m in enumerate(measures)}
    if rest in own:
        return InputIssue(WHERE, f"measures[{own[rest]}].{issue.field}", issue.reason)
    if rest and issue.field.startswith("params."):
        return InputIssue(WHERE, f"overrides.measure.{rest}.{issue.field.removeprefix('params.')}", issue.reason)
    return InputIssue(WHERE, issue.field, issue.reason)


# --- rows ↔ specs ----------------------------------------------------------------------------------


def _measure_spec(raw: Mapping[str, Any]) -> engine.MeasureSpec:
    return engine.MeasureSpec(
        id=str(raw["id"]), kind=str(raw["kind"]), label_zh=str(raw.get("label_zh") or ""),
        label_en=str(raw.get("label_en") or ""), params=dict(raw.get("params") or {}),
        enabled=bool(raw.get("enabled", True)),
    )


def spec_of(data: Mapping[str, Any]) -> engine.ScenarioSpec:
    """A snapshot (`Scenario.snapshot()` shape, already shape-checked) as the engine's spec."""
    return engine.ScenarioSpec(
        id=str(data["slug"]), name_zh=str(data.get("name_zh") or ""), name_en=str(data.get("name_en") or ""),
        parent=data.get("parent") or None, overrides={str(k): v for k, v in (data.get("overrides") or {}).items()},
        measures=tuple(_measure_spec(m) for m in data.get("measures") or []),
        description=str(data.get("description") or ""),
    )


def to_spec(scenario: Scenario) -> engine.ScenarioSpec:
    return spec_of(scenario.snapshot())


def all_specs() -> dict[str, engine.ScenarioSpec]:
    """Every stored scenario as the engine's spec, by id."""
    return {s.slug: to_spec(s) for s in Scenario.objects.select_related("parent")}


def snapshot_of_spec(spec: engine.ScenarioSpec, description: str = "") -> dict[str, Any]:
    """The stored shape of an engine spec (the bundled ones, a loaded file)."""
    return {
        "slug": spec.id, "name_zh": spec.name_zh, "name_en": spec.name_en, "parent": spec.parent,
        "overrides": {k: v for k, v in spec.overrides.items()},
        "measures": [measure_dict(m) for m in spec.measures],
        "description": description or spec.description,
    }


def measure_dict(m: engine.MeasureSpec) -> dict[str, Any]:
    return {"id": m.id, "kind": m.kind, "label_zh": m.label_zh, "label_en": m.label_en, "params": dict(m.params),
            "enabled": m.enabled}


def resolved(scenario_id: str, specs: Mapping[str, engine.ScenarioSpec] | None = None) -> engine.ResolvedScenario:
    return engine.resolve(specs if specs is not None else all_specs(), scenario_id)


# --- checking ----------------------------------------------------------------------------------------


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and v == v and abs(v) != float("inf")


def _shape_issues(data: Mapping[str, Any]) -> list[InputIssue]:
    """What the engine could not even read: wrong types, missing keys, names too long."""
    issues = []
    for name in ("name_zh", "name_en", "description"):
        if data.get(name) is not None and not isinstance(data[name], str):
            issues.append(input_issue(name, "应为文本 / must be text"))
        elif name != "description" and len(data.get(name) or "") > NAME_MAX:
            issues.append(input_issue(name, f"不能超过 {NAME_MAX} 字 / at most {NAME_MAX} characters"))
    if not (data.get("name_zh") or data.get("name_en")):
        issues.append(input_issue("name_zh", "请填写名称（中文或英文）/ give a name (Chinese or English)"))
    if data.get("parent") is not None and not isinstance(data["parent"], str):
        issues.append(input_issue("parent", "应为情景代码 / must be a scenario id"))
    overrides = data.get("overrides")
    if overrides is not None and not isinstance(overrides, Mapping):
        issues.append(input_issue("overrides", "应为 参数 → 数值 的映射 / must map parameter paths to numbers"))
    else:
        for path, value in (overrides or {}).items():
            if not _is_number(value):
                issues.append(input_issue(f"overrides.{path}", f"应为数值 / must be a number: {value!r}"))
    measures = data.get("measures")
    if measures is not None and not isinstance(measures, list):
        issues.append(input_issue("measures", "应为措施列表 / must be a list of measures"))
        return issues
    seen: set[str] = set()
    for i, m in enumerate(measures or []):
        where = f"measures[{i}]"
        if not isinstance(m, Mapping):
            issues.append(input_issue(where, "应为对象 / must be an object"))
            continue
        for key in ("id", "kind"):
            if not isinstance(m.get(key), str) or not m.get(key):
                issues.append(input_issue(f"{where}.{key}", "必填 / required"))
        if isinstance(m.get("id"), str) and m["id"] in seen:
            issues.append(input_issue(f"{where}.id", f"措施代码重复 / duplicate measure id: {m['id']}"))
        seen.add(str(m.get("id")))
        if m.get("params") is not None and not isinstance(m["params"], Mapping):
            issues.append(input_issue(f"{where}.params", "应为 参数 → 值 的映射 / must map parameters to values"))
        if "enabled" in m and not isinstance(m["enabled"], bool):
            issues.append(input_issue(f"{where}.enabled", "应为 true 或 false / must be true or false"))
    return issues


def _normalised(data: Mapping[str, Any], slug: str) -> dict[str, Any]:
    name_zh, name_en = (data.get("name_zh") or "").strip(), (data.get("name_en") or "").strip()
    return {
        "slug": slug,
        "name_zh": name_zh or name_en,  # one name serves for both languages until the other is given
        "name_en": name_en or name_zh,
        "parent": data.get("parent") or None,
        "overrides": {str(k): float(v) for k, v in (data.get("overrides") or {}).items()},
        "measures": [
            {"id": m["id"], "kind": m["kind"], "label_zh": str(m.get("label_zh") or ""),
             "label_en": str(m.get("label_en") or ""), "params": dict(m.get("params") or {}),
             "enabled": bool(m.get("enabled", True))}
            for m in data.get("measures") or []
        ],
        "description": (data.get("description") or "").strip(),
    }


def _descendants(slug: str, specs: Mapping[str, engine.ScenarioSpec]) -> list[str]:
    out: list[str] = []
    frontier = [slug]
    while frontier:
        kids = [s for s, spec in specs.items() if spec.parent in frontier and s not in out and s != slug]
        out += kids
        frontier = kids
    return out


def check(data: Mapping[str, Any], *, existing: Scenario | None = None) -> dict[str, Any]:
    """The scenario as it would be stored, checked by the engine together with every scenario it would
    affect (its descendants); `RoadmapInputError` with every issue otherwise."""
    slug = existing.slug if existing is not None else data.get("id", data.get("slug"))
    issues: list[InputIssue] = []
    if existing is None:
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            issues.append(input_issue("id", "须为小写字母、数字、- 或 _，至多 64 位 / lowercase letters, digits, "
                                            f"- or _, at most 64: {slug!r}"))
        elif Scenario.objects.filter(slug=slug).exists():
            issues.append(input_issue("id", f"情景代码已存在 / a scenario with this id exists: {slug}"))
    elif existing.bundled:
        issues.append(input_issue("id", "随软件提供的情景不可修改，请另存为子情景 / a bundled scenario is read-only: "
                                   "save a child scenario instead"))
    shape = _shape_issues(data)
    parent = data.get("parent")
    if isinstance(parent, str) and parent and not Scenario.objects.filter(slug=parent).exists():
        issues.append(input_issue("parent", f"没有此情景 / no such scenario: {parent}"))
    # What the engine cannot read stops here; a missing name or an override that is not a number is
    # reported with whatever else the engine finds (the value is left out of what it checks).
    soft = [i for i in shape if i.field.startswith("overrides.")
            or (i.field in ("name_zh", "name_en") and isinstance(data.get(i.field) or "", str))]
    if issues or len(soft) < len(shape):
        raise RoadmapInputError(issues + shape)
    issues = soft
    data = {**data, "overrides": {k: v for k, v in (data.get("overrides") or {}).items() if _is_number(v)}}
    clean = _normalised(data, str(slug))
    specs = all_specs()
    specs[clean["slug"]] = spec_of(clean)
    try:
        engine.resolve(specs, clean["slug"])
    except engine.ScenarioError as exc:
        issues += [_form_field(i, clean["slug"], clean["measures"]) for i in exc.issues]
    else:  # the scenario is sound: would the change break one of its descendants?
        for sid in _descendants(clean["slug"], specs):
            try:
                engine.resolve(specs, sid)
            except engine.ScenarioError as exc:
                issues += [input_issue(i.field, i.reason, f"子情景 / child scenario {i.where}") for i in exc.issues
                           if i.where.partition(" · ")[0] == sid]
    if issues:
        raise RoadmapInputError(issues)
    return clean


# --- saving -------------------------------------------------------------------------------------------


def _apply(scenario: Scenario, clean: Mapping[str, Any]) -> None:
    scenario.name_zh, scenario.name_en = clean["name_zh"], clean["name_en"]
    scenario.parent = Scenario.objects.get(slug=clean["parent"]) if clean["parent"] else None
    scenario.overrides, scenario.measures = clean["overrides"], clean["measures"]
    scenario.description = clean["description"]


def _keep_version(scenario: Scenario, user: User, actor_label: str, comment: str) -> ScenarioVersion:
    return ScenarioVersion.objects.create(scenario=scenario, version=scenario.version, snapshot=scenario.snapshot(),
                                          comment=comment[:300], created_by=stored_actor(user),
                                          created_by_label=actor_label)


def _record(user: User, label: str, key: str, action: ChangeAction, before: dict[str, Any],
            after: dict[str, Any], reason: str) -> None:
    ChangeRecord.objects.create(actor=stored_actor(user), actor_label=label, entity=ENTITY, entity_key=key,
                                action=action, before=before, after=after, reason=reason[:300])


def store_snapshot(clean: dict[str, Any], existing: Scenario | None, *, user: User, actor_label: str, comment: str,
           bundled: bool = False) -> Scenario | None:
    """Create or update from a checked snapshot; None when nothing changed (no version is made)."""
    if existing is None:
        scenario = Scenario(slug=clean["slug"], bundled=bundled)
        before: dict[str, Any] = {}
        action = ChangeAction.CREATED
    else:
        scenario = Scenario.objects.select_for_update().get(pk=existing.pk)
        before = scenario.snapshot()
        if before == clean:
            return None
        scenario.version += 1
        action = ChangeAction.UPDATED
    _apply(scenario, clean)
    scenario.updated_by, scenario.updated_by_label = stored_actor(user), actor_label
    scenario.save()
    _keep_version(scenario, user, actor_label, comment)
    old, new = diff(before, scenario.snapshot())
    _record(user, actor_label, scenario.slug, action, old, {**new, "version": scenario.version},
            comment or ("scenario created" if action == ChangeAction.CREATED else "scenario saved"))
    return scenario


@transaction.atomic
def create_scenario(data: Mapping[str, Any], *, user: User = None, actor_label: str, comment: str = "") -> Scenario:
    """A new scenario (version 1), usually a child of an existing one."""
    clean = check(data)
    created = store_snapshot(clean, None, user=user, actor_label=actor_label, comment=comment)
    assert created is not None
    return created


@transaction.atomic
def update_scenario(scenario: Scenario, data: Mapping[str, Any], *, user: User = None, actor_label: str,
                    comment: str = "") -> Scenario:
    """Save a changed scenario as its next version (unchanged: no new version)."""
    clean = check(data, existing=scenario)
    saved = store_snapshot(clean, scenario, user=user, actor_label=actor_label, comment=comment)
    return saved or Scenario.objects.get(pk=scenario.pk)


@transaction.atomic
def delete_scenario(scenario: Scenario, *, user: User = None, actor_label: str) -> None:
    """Delete a scenario of one's own; refused for a bundled one or one with children."""
    issues = []
    if scenario.bundled:
        issues.append(input_issue("id", "随软件提供的情景不可删除 / a bundled scenario cannot be deleted"))
    children = sorted(scenario.children.values_list("slug", flat=True))
    if children:
        issues.append(input_issue("id", "该情景有子情景，不能删除 / the scenario has child scenarios: "
                                   + ", ".join(children)))
    if issues:
        raise RoadmapInputError(issues)
    last = scenario.snapshot()
    slug = scenario.slug
    scenario.delete()
    _record(user, actor_label, slug, ChangeAction.DELETED, last, {}, "scenario deleted")


def as_input(scenario: Scenario) -> dict[str, Any]:
    """The scenario in the shape the API, the CLI file and `check` read."""
    snap = scenario.snapshot()
    return {"id": snap.pop("slug"), **snap}

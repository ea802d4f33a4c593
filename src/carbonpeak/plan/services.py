"""Store a validated plan file in the database: in place, idempotent, with history.

Loading the same file again changes nothing and records nothing. Loading an edited
file updates the changed rows in place, deletes what the file no longer holds, and
writes one ChangeRecord per changed object (fields before and after) plus one
PlanRevision for the load. Everything happens in one transaction: a failure leaves the
database as it was.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Model

from carbonpeak.audit.models import ChangeAction, ChangeRecord, diff
from carbonpeak.indicators.models import Indicator, PlaceTarget, Target
from carbonpeak.plan.models import (
    Action,
    Department,
    Measure,
    Plan,
    PlanRevision,
    Responsibility,
    ResponsibilityRole,
    Task,
)
from carbonpeak.plan.plan_file import (
    IndicatorSpec,
    PlanFileError,
    PlanFileIssue,
    PlanSpec,
    TaskSpec,
    load_plan_file,
)


@dataclass
class LoadResult:
    plan: Plan
    counts: Counter[str] = field(default_factory=Counter)
    revision: PlanRevision | None = None

    @property
    def changed(self) -> bool:
        return bool(self.counts)


@dataclass
class _Recorder:
    actor: User | None
    actor_label: str
    reason: str
    counts: Counter[str] = field(default_factory=Counter)

    def record(
        self, entity: str, key: str, action: ChangeAction, before: dict[str, Any], after: dict[str, Any]
    ) -> None:
        ChangeRecord.objects.create(
            actor=self.actor, actor_label=self.actor_label, entity=entity, entity_key=key,
            action=action, before=before, after=after, reason=self.reason,
        )
        self.counts[f"{entity}.{action}"] += 1

    def sync(self, entity: str, key: str, obj: Model | None, values: dict[str, Any],
             snapshot: dict[str, Any], current: dict[str, Any] | None, new: Model) -> tuple[Model, bool]:
        """Create `new` or update `obj` with `values`; record the difference. Returns (obj, changed)."""
        if obj is None:
            new.save()
            self.record(entity, key, ChangeAction.CREATED, {}, snapshot)
            return new, True
        before, after = diff(current or {}, snapshot)
        if not before and not after:
            return obj, False
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        self.record(entity, key, ChangeAction.UPDATED, before, after)
        return obj, True


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_plan_from_path(path: Path, *, actor: User | None = None, actor_label: str) -> LoadResult:
    spec = load_plan_file(path)
    return store_plan(spec, file_name=path.name, content_sha256=file_digest(path),
                      actor=actor, actor_label=actor_label)


def _task_snapshot(t: TaskSpec) -> dict[str, Any]:
    return {
        "action": t.action, "measure": t.measure, "content": t.content, "time_node": str(t.time_node),
        "lead": list(t.lead), "co": list(t.co), "responsible_raw": t.responsible_raw or "",
        "notes": t.notes,
    }


def _task_current(task: Task) -> dict[str, Any]:
    resp = list(task.responsibilities.select_related("department").order_by("position"))
    return {
        "action": task.action.number, "measure": task.measure.number if task.measure else None,
        "content": task.content, "time_node": task.time_node,
        "lead": [r.department.code for r in resp if r.role == ResponsibilityRole.LEAD],
        "co": [r.department.code for r in resp if r.role == ResponsibilityRole.CO],
        "responsible_raw": task.responsible_raw, "notes": task.notes,
    }


def _indicator_snapshot(i: IndicatorSpec) -> dict[str, Any]:
    return {
        "name": i.name, "name_en": i.name_en, "unit": i.unit, "direction": str(i.direction),
        "action": i.action, "base_year": i.base_year, "base_value": i.base_value,
        "source_clause": i.source_clause, "source_text": i.source_text, "tasks": sorted(i.tasks),
        "path_shape": str(i.path), "reporting_cycle": str(i.cycle), "thresholds": dict(i.thresholds),
        "minimum": i.minimum, "maximum": i.maximum, "derived": str(i.derived or ""),
        "targets": [
            {"year": t.year, "kind": str(t.kind), "value": t.value, "start_year": t.start_year,
             "reference": t.reference, "note": t.note}
            for t in i.targets
        ],
    }


def _indicator_current(ind: Indicator) -> dict[str, Any]:
    return {
        "name": ind.name, "name_en": ind.name_en, "unit": ind.unit, "direction": ind.direction,
        "action": ind.action.number if ind.action else None, "base_year": ind.base_year,
        "base_value": ind.base_value, "source_clause": ind.source_clause,
        "source_text": ind.source_text, "tasks": sorted(t.number for t in ind.tasks.all()),
        "path_shape": ind.path_shape, "reporting_cycle": ind.reporting_cycle, "thresholds": ind.thresholds,
        "minimum": ind.minimum, "maximum": ind.maximum, "derived": ind.derived,
        "targets": [
            {"year": t.year, "kind": t.kind, "value": t.value, "start_year": t.start_year,
             "reference": t.reference, "note": t.note}
            for t in ind.targets.order_by("year")
        ],
    }


@transaction.atomic
def store_plan(spec: PlanSpec, *, file_name: str, content_sha256: str,
               actor: User | None = None, actor_label: str) -> LoadResult:
    rec = _Recorder(actor, actor_label, reason=f"plan load {file_name}")
    plan = _store_plan_meta(rec, spec, content_sha256)
    departments = _store_departments(rec, spec)
    actions, measures, removed_actions = _store_actions(rec, spec, plan)
    tasks = _store_tasks(rec, spec, plan, departments, actions, measures)
    _store_indicators(rec, spec, plan, actions, tasks)
    # Last, once no task or indicator of theirs is left.
    for gone in removed_actions:
        rec.record("action", f"{plan.code}/{gone.number}", ChangeAction.DELETED, {"name": gone.name}, {})
        gone.delete()
    result = LoadResult(plan=plan, counts=rec.counts)
    if result.changed:
        result.revision = PlanRevision.objects.create(
            plan=plan, actor=actor, actor_label=actor_label, file_name=file_name,
            content_sha256=content_sha256, summary=dict(rec.counts),
        )
    return result


def _store_plan_meta(rec: _Recorder, spec: PlanSpec, sha: str) -> Plan:
    values = {
        "title": spec.title, "title_en": spec.title_en, "document_number": spec.document_number,
        "issuer": spec.issuer, "issuer_en": spec.issuer_en, "issued_on": spec.issued_on,
        "base_year": spec.base_year, "source": spec.source, "factor_set": spec.factor_set,
        "goals": [{"period": g.period, "text": g.text} for g in spec.goals],
    }
    snapshot = {**values, "issued_on": spec.issued_on.isoformat()}
    plan = Plan.objects.filter(code=spec.code).first()
    current = None
    if plan is not None:
        current = {k: getattr(plan, k) for k in values} | {"issued_on": plan.issued_on.isoformat()}
    obj, _ = rec.sync("plan", spec.code, plan, values, snapshot, current,
                            Plan(code=spec.code, content_sha256=sha, **values))
    assert isinstance(obj, Plan)
    if obj.content_sha256 != sha:
        # The digest follows the file but is not plan content: no change record of its own.
        obj.content_sha256 = sha
        obj.save(update_fields=["content_sha256"])
    return obj


def _store_departments(rec: _Recorder, spec: PlanSpec) -> dict[str, Department]:
    out: dict[str, Department] = {}
    existing = {d.code: d for d in Department.objects.all()}
    # Names are unique: park a renamed body's old name out of the way first.
    for d in spec.departments:
        holder = next((x for x in existing.values() if x.name == d.name and x.code != d.code), None)
        if holder is not None:
            holder.name = f"{holder.name}（{holder.code}）"
            holder.save(update_fields=["name"])
    for d in spec.departments:
        values = {"name": d.name, "name_en": d.name_en, "kind": str(d.kind),
                  "aliases": list(d.aliases), "covers": [str(c) for c in d.covers]}
        obj = existing.get(d.code)
        current = {k: getattr(obj, k) for k in values} if obj else None
        saved, _ = rec.sync("department", d.code, obj, values, values, current,
                            Department(code=d.code, **values))
        assert isinstance(saved, Department)
        out[d.code] = saved
    # Departments the file no longer names are kept: users and reports may be bound to them.
    return out


def _store_actions(
    rec: _Recorder, spec: PlanSpec, plan: Plan
) -> tuple[dict[int, Action], dict[tuple[int, int], Measure], list[Action]]:
    actions: dict[int, Action] = {}
    measures: dict[tuple[int, int], Measure] = {}
    existing = {a.number: a for a in plan.actions.all()}
    for a in spec.actions:
        values = {"name": a.name, "name_en": a.name_en, "summary": a.summary}
        obj = existing.pop(a.number, None)
        current = {k: getattr(obj, k) for k in values} if obj else None
        saved, _ = rec.sync("action", f"{plan.code}/{a.number}", obj, values, values, current,
                            Action(plan=plan, number=a.number, **values))
        assert isinstance(saved, Action)
        actions[a.number] = saved
        old_measures = {m.number: m for m in saved.measures.all()}
        for m in a.measures:
            m_values = {"title": m.title, "title_en": m.title_en,
                        "lead_codes": list(m.lead), "co_codes": list(m.co)}
            m_obj = old_measures.pop(m.number, None)
            m_current = {k: getattr(m_obj, k) for k in m_values} if m_obj else None
            m_saved, _ = rec.sync("measure", f"{plan.code}/{a.number}.{m.number}", m_obj, m_values,
                                  m_values, m_current, Measure(action=saved, number=m.number, **m_values))
            assert isinstance(m_saved, Measure)
            measures[(a.number, m.number)] = m_saved
        for gone in old_measures.values():
            rec.record("measure", f"{plan.code}/{a.number}.{gone.number}", ChangeAction.DELETED,
                       {"title": gone.title}, {})
            gone.delete()
    return actions, measures, list(existing.values())


def _store_tasks(rec: _Recorder, spec: PlanSpec, plan: Plan, departments: dict[str, Department],
                 actions: dict[int, Action], measures: dict[tuple[int, int], Measure]) -> dict[int, Task]:
    out: dict[int, Task] = {}
    existing = {t.number: t for t in plan.tasks.select_related("action", "measure")}
    for t in spec.tasks:
        snapshot = _task_snapshot(t)
        obj = existing.pop(t.number, None)
        values = {
            "action": actions[t.action],
            "measure": measures.get((t.action, t.measure)) if t.measure is not None else None,
            "content": t.content, "time_node": str(t.time_node), "lead": departments[t.lead[0]],
            "responsible_raw": t.responsible_raw or "", "notes": t.notes,
        }
        current = _task_current(obj) if obj else None
        saved, changed = rec.sync("task", f"{plan.code}/{t.number}", obj, values, snapshot, current,
                                  Task(plan=plan, number=t.number, **values))
        assert isinstance(saved, Task)
        if changed:
            saved.responsibilities.all().delete()
            Responsibility.objects.bulk_create(
                [Responsibility(task=saved, department=departments[code], role=ResponsibilityRole.LEAD, position=i)
                 for i, code in enumerate(t.lead)]
                + [Responsibility(task=saved, department=departments[code], role=ResponsibilityRole.CO,
                                  position=len(t.lead) + i) for i, code in enumerate(t.co)]
            )
        out[t.number] = saved
    for gone in existing.values():
        rec.record("task", f"{plan.code}/{gone.number}", ChangeAction.DELETED, _task_current(gone), {})
        gone.delete()
    return out


def _place_targets_current(indicator: Indicator) -> list[dict[str, Any]]:
    return [{"place": t.place.code, "year": t.year, "value": t.value, "share": t.share, "note": t.note}
            for t in indicator.place_targets.select_related("place").order_by("place__code", "year")]


def _store_place_targets(rec: _Recorder, plan: Plan, indicator: Indicator, spec: IndicatorSpec) -> None:
    """The file's split of the indicator's targets to places replaces the stored one (a file that says nothing
    about places leaves the office's own splits alone); one record for the change, none when equal."""
    given = sorted(spec.places or (), key=lambda p: (p.place, p.year))
    wanted = [{"place": p.place, "year": p.year, "value": p.value, "share": p.share, "note": p.note} for p in given]
    current = _place_targets_current(indicator)
    if wanted == current:
        return
    indicator.place_targets.all().delete()
    codes = {d.code: d for d in Department.objects.filter(code__in=[p.place for p in given])}
    PlaceTarget.objects.bulk_create(
        PlaceTarget(indicator=indicator, place=codes[p.place], year=p.year, value=p.value, share=p.share, note=p.note)
        for p in given)
    rec.record("place_targets", f"{plan.code}/{indicator.code}", ChangeAction.UPDATED,
               {"places": current}, {"places": wanted})


def _store_indicators(rec: _Recorder, spec: PlanSpec, plan: Plan, actions: dict[int, Action],
                      tasks: dict[int, Task]) -> None:
    existing = {i.code: i for i in plan.indicators.prefetch_related("targets", "tasks").select_related("action")}
    for i in spec.indicators:
        snapshot = _indicator_snapshot(i)
        obj = existing.pop(i.code, None)
        values = {
            "name": i.name, "name_en": i.name_en, "unit": i.unit, "direction": str(i.direction),
            "action": actions[i.action] if i.action else None, "base_year": i.base_year,
            "base_value": i.base_value, "source_clause": i.source_clause, "source_text": i.source_text,
            "path_shape": str(i.path), "reporting_cycle": str(i.cycle), "thresholds": dict(i.thresholds),
            "minimum": i.minimum, "maximum": i.maximum, "derived": str(i.derived or ""),
        }
        current = _indicator_current(obj) if obj else None
        saved, changed = rec.sync("indicator", f"{plan.code}/{i.code}", obj, values, snapshot, current,
                                  Indicator(plan=plan, code=i.code, **values))
        assert isinstance(saved, Indicator)
        if changed:
            saved.targets.all().delete()
            Target.objects.bulk_create(
                Target(indicator=saved, year=t.year, kind=str(t.kind), value=t.value,
                       start_year=t.start_year, reference=t.reference, note=t.note)
                for t in i.targets
            )
            saved.tasks.set([tasks[n] for n in i.tasks])
        if i.places is not None:
            _store_place_targets(rec, plan, saved, i)
    for gone in existing.values():
        if gone.observations.exists() or gone.place_observations.exists():
            raise PlanFileError([PlanFileIssue(
                f"指标 {gone.code} / indicator {gone.code}", "indicators",
                "已有指标数据，不能从方案中删除 / it has observations and cannot be removed from the plan")])
        rec.record("indicator", f"{plan.code}/{gone.code}", ChangeAction.DELETED, _indicator_current(gone), {})
        gone.delete()

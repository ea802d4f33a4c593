"""预警: indicators at risk or off track, told to the departments that lead their tasks.

`raise_warnings` is the periodic job (CLI `carbonpeak indicators warn`, idempotent): it
opens a warning for each indicator that newly warns, escalates one whose level changed,
and closes one whose indicator is back on track or achieved. Each opening or escalation
sends one in-app notice per lead department (and an e-mail through Django's mail backend
to its users who have an address); a department acknowledges with a response.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carbonpeak.audit.models import ChangeAction, ChangeRecord, stored_actor
from carbonpeak.common.measures import UNITS
from carbonpeak.common.problems import InputRefused, Problem
from carbonpeak.indicators import progress as pg
from carbonpeak.indicators.evaluation import evaluate_plan
from carbonpeak.indicators.models import EarlyWarning, Indicator, WarningResponse
from carbonpeak.indicators.place_evaluation import evaluate_places
from carbonpeak.indicators.vocabulary import BAROMETER_LEVEL, RECOVERED_STATUSES, BarometerLevel
from carbonpeak.people.permissions import AnyUser, department_of
from carbonpeak.plan.models import Department, DepartmentKind, Plan, ResponsibilityRole
from carbonpeak.supervision.models import Notice, NoticeKind


class WarningError(InputRefused, ValueError):
    """A response to a warning refused (a common.problems refusal: the API answers it in the one contract)."""

    def __init__(self, field: str, reason: str):
        self.field, self.reason = field, reason
        ValueError.__init__(self, f"{field}: {reason}")

    def problems(self) -> list[Problem]:
        return [Problem(self.field, self.reason)]


def lead_departments(indicator: Indicator) -> list[Department]:
    """The departments leading the indicator's tasks; a group (各镇) stands for its members."""
    leads: dict[int, Department] = {}
    for task in indicator.tasks.all():
        for r in task.responsibilities.filter(role=ResponsibilityRole.LEAD).select_related("department"):
            leads[r.department.pk] = r.department
    out: dict[int, Department] = {}
    for d in leads.values():
        if d.kind == DepartmentKind.COLLECTIVE:
            for member in Department.objects.filter(kind__in=d.covers or []):
                out[member.pk] = member
        else:
            out[d.pk] = d
    return sorted(out.values(), key=lambda d: d.code)


@dataclass
class WarnSummary:
    opened: int = 0
    escalated: int = 0
    updated: int = 0
    closed: int = 0
    notices: int = 0
    emailed: int = 0


def _figures(p: pg.Progress) -> dict[str, object]:
    """What a warning says: the evaluation's figures (the day it was made is kept apart, so a
    daily run with the same data changes nothing)."""
    assert p.latest is not None  # a warning needs a value
    target = p.target
    # A relative target's value is an offset from its reference: the warning names what it requires.
    relative = target is not None and target.kind == pg.TargetKind.RELATIVE_TO_REFERENCE
    return {
        "level": BAROMETER_LEVEL[p.status], "status": str(p.status), "period": p.latest.label,
        "latest_value": p.latest.value, "expected_value": p.expected_value,
        "target_value": p.expected_value if relative else target.value if target else None,
        "target_year": target.year if target else None,
        "shortfall": p.shortfall, "trend_per_year": p.trend_per_year,
    }


def notice_text(w: EarlyWarning) -> str:
    ind = w.indicator
    level = "一级预警（红色）形势十分严峻" if w.level == BarometerLevel.RED else "二级预警（橙色）形势比较严峻"
    unit = UNITS[ind.unit].zh
    where, where_en = (f"{w.place.name} · ", f"{w.place.name_en}: ") if w.place is not None else ("", "")
    expected = f"，按进度应为 {w.expected_value:.4g}{unit}" if w.expected_value is not None else ""
    target = f"；目标：{w.target_year}年 {w.target_value:.4g}{unit}" if w.target_value is not None else ""
    return (
        f"【指标预警】{where}{ind.name}：{level}。{w.period} 实际 {w.latest_value:.4g}{unit}{expected}{target}。"
        f"请在「指标预警」页确认并反馈措施。 / Indicator warning: {where_en}{ind.name_en} is "
        f"{'off track' if w.level == BarometerLevel.RED else 'at risk'}; please acknowledge with a response."
    )


def _notify(w: EarlyWarning, summary: WarnSummary) -> None:
    link = reverse("indicators:warning_detail", args=[w.pk])
    for d in w.departments.all():
        notice, created = Notice.objects.get_or_create(
            key=f"indicator-warning:{w.pk}:{w.level}:{d.code}",
            defaults={"kind": NoticeKind.INDICATOR_WARNING, "department": d, "text": notice_text(w), "link": link},
        )
        if created:
            summary.notices += 1
            summary.emailed += int(notice.email())


def _record(w: EarlyWarning, action: ChangeAction, before: Mapping[str, object], after: Mapping[str, object],
            actor_label: str, user: AnyUser | None = None, entity: str = "indicator_warning") -> None:
    ChangeRecord.objects.create(
        actor=stored_actor(user), actor_label=actor_label, entity=entity,
        entity_key=f"{w.indicator.code}#{w.pk}", action=action, before=_plain(before), after=_plain(after),
    )


def _plain(values: Mapping[str, object]) -> dict[str, object]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else str(v) if isinstance(v, BarometerLevel) else v)
            for k, v in values.items()}


def raise_warnings(plan: Plan, as_of: dt.date | None = None, *, actor_label: str,
                   only: Collection[int] | None = None) -> WarnSummary:
    """Bring the warnings in line with the indicators' status on `as_of` (of the indicators whose
    ids are in `only`, when given); safe to run again."""
    day = as_of or timezone.localdate()
    summary = WarnSummary()
    open_now = {(w.indicator_id, w.place_id): w for w in EarlyWarning.objects.filter(
        indicator__plan=plan, closed_at__isnull=True).select_related("indicator", "place")}
    with transaction.atomic():
        for s in evaluate_plan(plan, day):
            if only is not None and s.indicator.pk not in only:
                continue
            _bring_in_line(s.indicator, s.progress, None, open_now.get((s.indicator.pk, None)), day, summary,
                           actor_label)
            # A place's own warning goes to the place (its split target and its own figures).
            seen: set[int] = set()
            for ps in evaluate_places(s.indicator, day):
                seen.add(ps.place.pk)
                _bring_in_line(s.indicator, ps.progress, ps.place, open_now.get((s.indicator.pk, ps.place.pk)),
                               day, summary, actor_label)
            for (indicator_id, place_id), w in open_now.items():
                if indicator_id == s.indicator.pk and place_id is not None and place_id not in seen:
                    _close(w, "no place target", actor_label, summary)  # its target was removed
    return summary


def _close(w: EarlyWarning, reason: str, actor_label: str, summary: WarnSummary, status: str = "") -> None:
    w.closed_at = timezone.now()
    w.closed_reason = reason
    w.save(update_fields=["closed_at", "closed_reason", "updated_at"])
    said = {"status": status} if status else {"reason": reason}
    _record(w, ChangeAction.UPDATED, {"closed_at": None}, {"closed_at": w.closed_at.isoformat(), **said}, actor_label)
    summary.closed += 1


def _bring_in_line(indicator: Indicator, progress: pg.Progress, place: Department | None,
                   current: EarlyWarning | None, day: dt.date, summary: WarnSummary, actor_label: str) -> None:
    if progress.warns:
        _open_or_update(indicator, progress, place, current, day, summary, actor_label)
    elif current is not None and progress.status in RECOVERED_STATUSES:
        _close(current, f"recovered: {progress.status}", actor_label, summary, str(progress.status))


def _open_or_update(indicator: Indicator, progress: pg.Progress, place: Department | None,
                    current: EarlyWarning | None, day: dt.date, summary: WarnSummary, actor_label: str) -> None:
    figures = _figures(progress)
    if current is None:
        w = EarlyWarning.objects.create(indicator=indicator, place=place, as_of=day, **figures)
        w.departments.set([place] if place is not None else lead_departments(indicator))
        _record(w, ChangeAction.CREATED, {}, {**figures, **({"place": place.code} if place else {})}, actor_label)
        summary.opened += 1
        _notify(w, summary)
        return
    before = {k: getattr(current, k) for k in figures}
    if before == figures:
        return
    escalated = current.level != figures["level"]
    for k, v in figures.items():
        setattr(current, k, v)
    current.as_of = day
    current.save()
    _record(current, ChangeAction.UPDATED, before, figures, actor_label)
    if escalated:
        summary.escalated += 1
        _notify(current, summary)
    else:
        summary.updated += 1


def may_respond(user: AnyUser, warning: EarlyWarning) -> bool:
    own = department_of(user)
    return own is not None and warning.departments.filter(pk=own.pk).exists()


def respond(warning: EarlyWarning, user: AnyUser, text: str, *, actor_label: str) -> WarningResponse:
    """A lead department acknowledges a warning with what it will do (once; later it edits it)."""
    own = department_of(user)
    if own is None or not warning.departments.filter(pk=own.pk).exists():
        raise WarningError("department", "只有被预警的牵头部门可以反馈 / only a warned lead department may respond")
    if warning.closed_at is not None:
        raise WarningError("warning", "预警已解除，无需反馈 / the warning is closed")
    cleaned = text.strip()
    if not cleaned:
        raise WarningError("text", "请填写反馈内容（已采取或将采取的措施）/ say what you are doing about it")
    if len(cleaned) > 4000:
        raise WarningError("text", "反馈不超过4000字 / at most 4000 characters")
    with transaction.atomic():
        existing = WarningResponse.objects.filter(warning=warning, department=own).first()
        before = {"text": existing.text} if existing else {}
        response, _ = WarningResponse.objects.update_or_create(
            warning=warning, department=own,
            defaults={"text": cleaned, "by": stored_actor(user), "by_label": actor_label},
        )
        _record(warning, ChangeAction.UPDATED if existing else ChangeAction.CREATED, before,
                {"response": cleaned, "department": own.code}, actor_label, user, entity="warning_response")
        Notice.objects.filter(kind=NoticeKind.INDICATOR_WARNING, department=own,
                              key__startswith=f"indicator-warning:{warning.pk}:", read_at__isnull=True).update(
            read_at=timezone.now())
    return response

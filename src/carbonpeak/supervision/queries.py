"""The yearly assessment (考核) from stored rounds: count each department's record, then score,
rank and list with the pure rules of `scoring.py` (docs/methodology/assessment.md)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from carbonpeak.indicators.place_evaluation import evaluate_places, split_indicators
from carbonpeak.indicators.vocabulary import ProgressStatus
from carbonpeak.plan.models import Department, Plan
from carbonpeak.plan.queries import PLACE_KINDS
from carbonpeak.supervision.models import Report
from carbonpeak.supervision.scoring import (
    DepartmentRecord,
    NoticeEntry,
    Ranked,
    Weights,
    load_weights,
    notice_list,
    rank,
    score,
)
from carbonpeak.supervision.services import latest_submitted_progress
from carbonpeak.supervision.workflow import ReportKind, TaskProgress

_DONE = {TaskProgress.COMPLETED, TaskProgress.ON_SCHEDULE}
_ON_TRACK = {ProgressStatus.ACHIEVED, ProgressStatus.ON_TRACK}


@dataclass(frozen=True)
class Assessment:
    year: int
    records: dict[str, DepartmentRecord]
    ranking: list[Ranked]
    notices: list[NoticeEntry]
    names: dict[str, str]
    weights: Weights
    # The towns, sub-districts and parks among them, ranked among themselves (考核 of 各镇、街道、园区).
    place_ranking: list[Ranked] = field(default_factory=list)


def department_records(plan: Plan, year: int, today: dt.date | None = None) -> dict[str, DepartmentRecord]:
    """Counts over the rounds of the plan due in `year` and already past their due date.

    Every task the department consolidated a report for in those rounds counts as led; its status
    is the latest *submitted* consolidated report of the year (a led task never reported is
    neither done nor behind, and its missing report counts against timeliness).
    Linked indicators are not counted until indicator statuses exist (they stay "not applicable").
    """
    today = today or timezone.localdate()
    owed = Report.objects.filter(round__plan=plan, round__due_on__year=year, round__due_on__lt=today, due=True)
    reports = list(owed.select_related("round", "department", "task").order_by("round__due_on", "id"))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    led: set[tuple[str, int]] = set()
    for r in reports:
        c = counts[r.department.code]
        c["reports_due"] += 1
        if r.first_submitted_at is not None:
            on_time = timezone.localtime(r.first_submitted_at).date() <= r.round.due_on
            c["submitted_on_time" if on_time else "submitted_late"] += 1
        c["returned"] += r.times_returned
        if r.kind == ReportKind.CONSOLIDATED:
            led.add((r.department.code, r.task.number))
    for code, _task in led:
        counts[code]["tasks_led"] += 1
    for (code, _task), progress in latest_submitted_progress(owed).items():
        if progress in _DONE:
            counts[code]["tasks_done"] += 1
        elif progress == TaskProgress.BEHIND:
            counts[code]["tasks_behind"] += 1
    _count_places(plan, year, today, counts)
    places = set(Department.objects.filter(code__in=counts, kind__in=PLACE_KINDS).values_list("code", flat=True))
    return {code: DepartmentRecord(department=code, place=code in places, **dict(c))
            for code, c in sorted(counts.items())}


def _count_places(plan: Plan, year: int, today: dt.date, counts: dict[str, dict[str, int]]) -> None:
    """Each place's split indicators as known at the end of `year` (or today, within it): judged against the
    place's own target by the district's rules (indicators.place_evaluation)."""
    as_of = min(today, dt.date(year, 12, 31))
    for indicator in split_indicators(plan):
        for ps in evaluate_places(indicator, as_of):
            c = counts[ps.place.code]
            c["place_indicators_linked"] += 1
            if ps.progress.status in _ON_TRACK:
                c["place_indicators_on_track"] += 1
            elif ps.progress.status == ProgressStatus.OFF_TRACK:
                c["place_indicators_off_track"] += 1


def assess(plan: Plan, year: int, today: dt.date | None = None, weights: Weights | None = None) -> Assessment:
    weights = weights or load_weights()
    records = department_records(plan, year, today)
    scores = [score(r, weights) for r in records.values()]
    names = {d.code: d.display_name for d in Department.objects.filter(code__in=records)}
    place_ranking = rank([s for s in scores if records[s.department].place])
    return Assessment(year, records, rank(scores), notice_list(records.values(), scores, weights), names, weights,
                      place_ranking)

"""Reports feed indicators: a quantity stated in an approved consolidated report, accepted by
the office as the indicator's observation (报告数据采纳).

A consolidated report (汇总报告) may state a quantity for an indicator linked to its task
(`supervision.ReportQuantity`, kept in the indicator's unit). Once the office has approved the
report it may accept the quantity in one step: the observation gets `origin="reported"`, the
report as `report`, a `provenance` naming report, round, task and department, and a `source`
a person reads ("督查报告 2025年第三季度 · 任务53 · 区绿化市容局"). The write goes through
the same checks (`observations.check_rows`: period, range) and the same upsert with history
(`services._upsert`: one row per indicator and period, a ChangeRecord with who and why) as
imports and entries, so nothing here duplicates how observations are stored.

Rules: only a user who may approve consolidated reports (`SUPERVISE`) and enter the
indicator's values; only from an approved consolidated report; never for a derived
indicator; accepting again changes nothing; a different value already stored for the period
is replaced only with `replace=True`. The period is the caller's, or by default the one
`supervision.periods.round_period` reads from the round.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from carbonpeak.common.figures import format_measure
from carbonpeak.common.measures import UNITS
from carbonpeak.indicators import evaluation, services
from carbonpeak.indicators.models import Indicator, Observation, Origin
from carbonpeak.indicators.observations import ObservationRow, check_rows
from carbonpeak.people.permissions import AnyUser, Permission, can
from carbonpeak.plan.vocabulary import Cycle
from carbonpeak.supervision.models import Report, ReportQuantity
from carbonpeak.supervision.periods import round_period
from carbonpeak.supervision.problems import NotAllowed, SupervisionError
from carbonpeak.supervision.workflow import ReportKind, ReportStatus


@dataclass(frozen=True)
class QuantityState:
    """What the report page and the API say about one stated quantity."""

    quantity: ReportQuantity
    period: str  # where it was accepted, else where it would go by default
    accepted: Observation | None  # the observation that took it up (still from this report)
    existing: Observation | None  # a different value already stored for `period`

    @property
    def needs_replace(self) -> bool:
        return self.accepted is None and self.existing is not None

    @property
    def stated_unit(self) -> str:
        """The unit the report wrote, as a reader names it (never its code)."""
        info = UNITS.get(self.quantity.unit)
        if info is None:
            return self.quantity.unit
        return info.en if (get_language() or "").startswith("en") else info.zh


@dataclass(frozen=True)
class Accepted:
    observation: Observation
    outcome: str  # created, updated or unchanged (idempotent)


def default_period(quantity: ReportQuantity) -> str:
    """The indicator period containing the end of the round's stated period, else its opening day."""
    r = quantity.report.round
    return round_period(r.code, r.name, r.opened_at.date(), Cycle(quantity.indicator.reporting_cycle))


def source_of(report: Report) -> str:
    return f"督查报告 {report.round.name} · 任务{report.task.number} · {report.department.name}"[:300]


def provenance_of(quantity: ReportQuantity) -> dict[str, object]:
    report = quantity.report
    return {
        "kind": "report", "report": report.pk, "round": report.round.code, "round_name": report.round.name,
        "task": report.task.number, "department": report.department.code,
        "department_name": report.department.name, "quantity": quantity.pk,
        "stated_value": quantity.value, "stated_unit": quantity.unit,
    }


def acceptable(report: Report) -> bool:
    """Whether the report's quantities may be accepted at all (who is asking aside)."""
    return report.kind == ReportKind.CONSOLIDATED and report.status == ReportStatus.APPROVED


def may_accept(user: AnyUser, report: Report) -> bool:
    return acceptable(report) and can(user, Permission.SUPERVISE)


def _accepted(quantity: ReportQuantity) -> Observation | None:
    candidates = Observation.objects.filter(report=quantity.report_id, indicator=quantity.indicator_id,
                                            origin=Origin.REPORTED).order_by("period_end")
    return next((o for o in candidates if o.provenance.get("quantity") == quantity.pk), None)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def state_of(quantity: ReportQuantity) -> QuantityState:
    accepted = _accepted(quantity)
    period = accepted.period if accepted is not None else default_period(quantity)
    existing = None
    if accepted is None:
        stored = Observation.objects.filter(indicator=quantity.indicator_id, period=period).first()
        if stored is not None and not _same(stored.value, quantity.value_in_indicator_unit):
            existing = stored
    return QuantityState(quantity, period, accepted, existing)


def quantity_states(report: Report) -> list[QuantityState]:
    return [state_of(q) for q in report.quantities.select_related("indicator", "report__round")]


def _check_allowed(user: AnyUser, quantity: ReportQuantity) -> None:
    if not (can(user, Permission.SUPERVISE) and can(user, Permission.ENTER_OBSERVATIONS, quantity.indicator)):
        raise NotAllowed("quantity", "只有区碳达峰办可以采纳报告数据 / "
                                     "only the office may accept a report's quantities")
    report = quantity.report
    if report.kind != ReportKind.CONSOLIDATED:
        raise SupervisionError("report", "只能采纳牵头部门的汇总报告中的数据 / only a consolidated report's "
                                         "quantities can be accepted")
    if report.status != ReportStatus.APPROVED:
        raise SupervisionError("status", "报告尚未审核通过，审核后方可采纳 / the report is not approved yet: "
                                         "accept its quantities once it is")
    if quantity.indicator.derived:
        raise SupervisionError("indicator", f"{quantity.indicator.name}：{evaluation.DERIVED_NOT_ENTERED}")


def _conflict(existing: Observation, quantity: ReportQuantity) -> SupervisionError:
    code, source = quantity.indicator.unit, existing.source or "—"
    unit = UNITS[code]
    values = (quantity.value_in_indicator_unit, existing.value)
    new_zh, old_zh = (format_measure(v, code, unit.zh, "zh") for v in values)
    new_en, old_en = (format_measure(v, code, unit.en, "en") for v in values)
    return SupervisionError(
        "replace",
        f"{existing.period} 已有数值 {old_zh}（来源：{source}），报告所述为 {new_zh}；"
        f"确认替换须勾选“以报告数值替换” / {existing.period} already holds {old_en} "
        f"(source: {source}); the report states {new_en}: tick “Replace it with the report's value” "
        f"(replace) to overwrite it",
    )


def accept_quantity(quantity: ReportQuantity, user: AnyUser, *, actor_label: str, period: str = "",
                    replace: bool = False) -> Accepted:
    """Store the quantity as its indicator's observation; SupervisionError (NotAllowed: 403)
    names the field when refused, and then nothing is stored."""
    quantity = ReportQuantity.objects.select_related(
        "indicator__plan", "report__round", "report__task", "report__department").get(pk=quantity.pk)
    _check_allowed(user, quantity)
    indicator, report = quantity.indicator, quantity.report
    with transaction.atomic():
        # One accept at a time per indicator: two would both find no row and both insert.
        # order_by(): PostgreSQL will not lock FOR UPDATE across the nullable action join.
        Indicator.objects.select_for_update().filter(pk=indicator.pk).order_by().first()
        accepted = _accepted(quantity)
        chosen = period.strip() or (accepted.period if accepted is not None else default_period(quantity))
        row = _checked_row(quantity, chosen)
        if accepted is not None and accepted.period != row.period:
            raise SupervisionError("period", f"已作为 {accepted.period} 的数值采纳 / already accepted as the value "
                                             f"for {accepted.period}")
        stored = Observation.objects.filter(indicator=indicator, period=row.period).first()
        if (stored is not None and stored.pk != getattr(accepted, "pk", None)
                and not _same(stored.value, row.value) and not replace):
            raise _conflict(stored, quantity)
        values = {**services._fields(row, Origin.REPORTED, source_of(report), "", False),
                  "report": report, "provenance": provenance_of(quantity)}
        reason = (f"accepted from supervision report {report.pk} ({report.round.code}, task {report.task.number}, "
                  f"{report.department.code}), quantity {quantity.pk}")
        outcome = services._upsert(indicator, row, values, user, actor_label, reason[:300])
        if outcome != "unchanged":
            transaction.on_commit(partial(reevaluate_warnings, indicator, actor_label), robust=True)
    return Accepted(Observation.objects.get(indicator=indicator, period=row.period), outcome)


def _checked_row(quantity: ReportQuantity, period: str) -> ObservationRow:
    """The quantity as an observation row: the period and the indicator's range checked as for
    any entry; the value as stated is kept beside the converted one."""
    indicator = quantity.indicator
    record = {"indicator": indicator.code, "period": period, "value": quantity.value_in_indicator_unit,
              "unit": indicator.unit, "note": quantity.note}
    checked = check_rows([record], {indicator.code: evaluation.info_of(indicator)}, first_row=1,
                         today=timezone.localdate())
    if checked.issues:
        issue = checked.issues[0]
        raise SupervisionError(issue.field, issue.reason)
    return dataclasses.replace(checked.rows[0], entered_value=quantity.value, entered_unit=quantity.unit)


def reevaluate_warnings(indicator: Indicator, actor_label: str) -> None:
    """After an accepted value is committed, bring the indicator's 预警 in line with it.

    The one place this module asks for it: the indicators room's per-indicator hook, the one
    `store_rows` uses after its own writes.
    """
    services._reevaluate_warnings(indicator.plan_id, frozenset({indicator.pk}), actor_label)

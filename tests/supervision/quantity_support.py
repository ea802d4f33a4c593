"""A consolidated report stating a quantity for a linked indicator, for the tests of accepting it.

Task 53 (☆区绿化市容局, greening) is linked to 生活垃圾回收利用率
(household_waste_resource_recovery_rate: %, yearly, 45 % by 2025). The round is named for
2025年第三季度, so a stated quantity goes to the indicator's 2025 value by default.
"""

from __future__ import annotations

from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Report, ReportQuantity
from carbonpeak.supervision.services import set_quantity, take_step
from carbonpeak.supervision.workflow import Step
from tests.conftest import UserGetter
from tests.supervision.round_support import fresh, open_test_round, report_of, submit

RECOVERY = "household_waste_resource_recovery_rate"
ROUND_CODE, ROUND_NAME = "t-2025-q3", "2025年第三季度"


def stated_report(plan: Plan, user: UserGetter, value: str = "44.5", unit: str = "percent", *,
                  approve: bool = True, department: str = "greening") -> Report:
    """The round's report of `department` on task 53 stating `value unit` for RECOVERY, submitted
    and (unless `approve` is False) approved by whoever reviews it."""
    round_ = open_test_round(plan, user, code=ROUND_CODE, name=ROUND_NAME)
    report = report_of(round_, department)
    set_quantity(report, user(department), indicator_code=RECOVERY, value=value, unit=unit, note="区绿化市容局统计")
    submit(report, user(department))
    if approve:
        take_step(report, Step.APPROVE, user("office"))
    return fresh(report)


def quantity_of(report: Report) -> ReportQuantity:
    return ReportQuantity.objects.select_related("indicator").get(report=report)

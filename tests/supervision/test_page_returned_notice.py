"""A department reads that its report was returned in its own language: the notice's stored text quotes the
reviewer's comment in both halves, so the page tells the return from the report instead."""

from __future__ import annotations

from carbonpeak.plan.models import Plan
from carbonpeak.supervision.services import take_step
from carbonpeak.supervision.workflow import Step
from tests.conftest import ClientFactory, UserGetter
from tests.supervision.round_support import TASK, open_test_round, report_of, submit


def test_the_returned_notice_reads_in_the_readers_language(plan: Plan, user: UserGetter,
                                                           client_as: ClientFactory) -> None:
    round_ = open_test_round(plan, user)
    report = submit(report_of(round_, "eco"), user("eco"))
    take_step(report, Step.RETURN, user("office"), "请补充诊断报告")
    zh = client_as("eco").get("/supervision/").content.decode()
    assert f"测试第四季度，任务{TASK}：报告被退回：“请补充诊断报告”" in zh and "report returned" not in zh
    en = client_as("eco", "en").get("/supervision/").content.decode()
    assert f"task {TASK}: your report was returned: “请补充诊断报告”" in en and "报告被退回" not in en

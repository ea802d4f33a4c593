"""The full permission matrix of a progress report, written out by hand.

Each cell below is what must happen when a party takes a step on a report in a status: the
status it moves to, or `step` (refused: the party may never take that step on this kind) or
`status` (refused: allowed in principle, but not from this status). The table is written from
the rules in the issue, not from the module's own tables, so a wrong move in the module fails.
Every return here carries a comment; returning without one is tested separately.
"""

from __future__ import annotations

import itertools
import re

import pytest

from carbonpeak.supervision.workflow import (
    Party,
    ReportKind,
    ReportStatus,
    Step,
    WorkflowError,
    editable,
    may,
    next_status,
)

COLUMNS = ("draft", "submitted", "returned", "approved")  # the status the step starts from

# A co-department's contribution: its author saves and submits; the task's lead (☆) and the
# office review it.
CONTRIBUTION = """
save     author     draft      status     returned   status
save     task_lead  step       step       step       step
save     office     step       step       step       step
save     other      step       step       step       step
submit   author     submitted  status     submitted  status
submit   task_lead  step       step       step       step
submit   office     step       step       step       step
submit   other      step       step       step       step
return   author     step       step       step       step
return   task_lead  status     returned   status     status
return   office     status     returned   status     status
return   other      step       step       step       step
approve  author     step       step       step       step
approve  task_lead  status     approved   status     status
approve  office     status     approved   status     status
approve  other      step       step       step       step
"""

# The lead's consolidated report: only the office reviews it; the lead is its author.
CONSOLIDATED = """
save     author     draft      status     returned   status
save     task_lead  step       step       step       step
save     office     step       step       step       step
save     other      step       step       step       step
submit   author     submitted  status     submitted  status
submit   task_lead  step       step       step       step
submit   office     step       step       step       step
submit   other      step       step       step       step
return   author     step       step       step       step
return   task_lead  step       step       step       step
return   office     status     returned   status     status
return   other      step       step       step       step
approve  author     step       step       step       step
approve  task_lead  step       step       step       step
approve  office     status     approved   status     status
approve  other      step       step       step       step
"""

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def _cases() -> list[tuple[ReportKind, Step, Party, ReportStatus, str]]:
    cases = []
    for kind, table in ((ReportKind.CONTRIBUTION, CONTRIBUTION), (ReportKind.CONSOLIDATED, CONSOLIDATED)):
        for line in table.strip().splitlines():
            step, party, *cells = line.split()
            assert len(cells) == len(COLUMNS), line
            for status, expected in zip(COLUMNS, cells, strict=True):
                cases.append((kind, Step(step), Party(party), ReportStatus(status), expected))
    return cases


CASES = _cases()


def test_the_table_covers_every_combination_once() -> None:
    seen = [(kind, step, party, status) for kind, step, party, status, _ in CASES]
    assert len(seen) == len(set(seen)) == 2 * 4 * 4 * 4 == 128
    assert set(seen) == set(itertools.product(ReportKind, Step, Party, ReportStatus))


def _bilingual(message: str) -> None:
    assert CJK.search(message) and LATIN_WORD.search(message), message
    assert "/ " in message, message


@pytest.mark.parametrize(
    ("kind", "step", "party", "status", "expected"),
    CASES,
    ids=[f"{k}-{s}-{p}-{st}" for k, s, p, st, _ in CASES],
)
def test_permission_matrix(kind: ReportKind, step: Step, party: Party, status: ReportStatus, expected: str) -> None:
    if expected in ("step", "status"):
        with pytest.raises(WorkflowError) as caught:
            next_status(step, kind, status, party, comment="请补充第三季度数据")
        assert caught.value.field == expected
        assert str(caught.value).startswith(f"{expected}: ")
        _bilingual(caught.value.reason)
    else:
        assert next_status(step, kind, status, party, comment="请补充第三季度数据") == ReportStatus(expected)


@pytest.mark.parametrize(("kind", "step", "party"), list(itertools.product(ReportKind, Step, Party)))
def test_may_agrees_with_the_table(kind: ReportKind, step: Step, party: Party) -> None:
    # A party "may" take a step when at least one status does not refuse it for who it is.
    cells = [e for k, s, p, _, e in CASES if (k, s, p) == (kind, step, party)]
    assert may(step, kind, party) == (cells != ["step"] * 4)


@pytest.mark.parametrize("kind", list(ReportKind))
@pytest.mark.parametrize("comment", ["", "   ", "\n\t"])
def test_returning_without_a_comment_is_refused(kind: ReportKind, comment: str) -> None:
    with pytest.raises(WorkflowError) as caught:
        next_status(Step.RETURN, kind, ReportStatus.SUBMITTED, Party.OFFICE, comment=comment)
    assert caught.value.field == "comment"
    _bilingual(caught.value.reason)


def test_returning_without_a_comment_is_the_default() -> None:
    with pytest.raises(WorkflowError) as caught:
        next_status(Step.RETURN, ReportKind.CONTRIBUTION, ReportStatus.SUBMITTED, Party.TASK_LEAD)
    assert caught.value.field == "comment"


def test_other_steps_need_no_comment() -> None:
    assert next_status(Step.APPROVE, ReportKind.CONSOLIDATED, ReportStatus.SUBMITTED, Party.OFFICE) == "approved"
    assert next_status(Step.SUBMIT, ReportKind.CONTRIBUTION, ReportStatus.DRAFT, Party.AUTHOR) == "submitted"


def test_who_is_checked_before_the_status_and_the_status_before_the_comment() -> None:
    # An outsider is told it may not act, not that the report is in the wrong state.
    with pytest.raises(WorkflowError) as caught:
        next_status(Step.RETURN, ReportKind.CONSOLIDATED, ReportStatus.DRAFT, Party.TASK_LEAD)
    assert caught.value.field == "step"
    # A reviewer returning a draft without a comment is told about the draft first.
    with pytest.raises(WorkflowError) as caught:
        next_status(Step.RETURN, ReportKind.CONTRIBUTION, ReportStatus.DRAFT, Party.OFFICE)
    assert caught.value.field == "status"


def test_a_round_trip_submit_return_resubmit_approve() -> None:
    kind = ReportKind.CONTRIBUTION
    status = ReportStatus.DRAFT
    status = next_status(Step.SAVE, kind, status, Party.AUTHOR)
    status = next_status(Step.SUBMIT, kind, status, Party.AUTHOR)
    status = next_status(Step.RETURN, kind, status, Party.TASK_LEAD, comment="补充光伏装机数据")
    assert status is ReportStatus.RETURNED
    status = next_status(Step.SAVE, kind, status, Party.AUTHOR)
    status = next_status(Step.SUBMIT, kind, status, Party.AUTHOR)
    assert next_status(Step.APPROVE, kind, status, Party.OFFICE) is ReportStatus.APPROVED


@pytest.mark.parametrize(
    ("status", "expected"),
    [("draft", True), ("submitted", False), ("returned", True), ("approved", False)],
)
def test_editable(status: str, expected: bool) -> None:
    assert editable(ReportStatus(status)) is expected

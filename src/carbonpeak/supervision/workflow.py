"""The life of a progress report: who may move it where.

Pure module (no Django). A round asks every responsible department of a task for a report:
a co-department (配合) writes a *contribution*, the lead (☆ 牵头) consolidates the task's
*consolidated* report. Both go draft → submitted; a submitted report can be returned with
comments (back to its author, who edits and submits again) or approved. Contributions are
reviewed by the task's lead or the office; consolidated reports only by the office.
"""

from __future__ import annotations

from enum import StrEnum

from carbonpeak.supervision.problems import NotAllowed, SupervisionError


class ReportKind(StrEnum):
    CONTRIBUTION = "contribution"  # a co-department's part
    CONSOLIDATED = "consolidated"  # the lead's report for the task


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class TaskProgress(StrEnum):
    """What a report says of its task (进展状态)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ON_SCHEDULE = "on_schedule"  # ongoing task, going as planned (持续推进，按计划)
    BEHIND = "behind"


class Step(StrEnum):
    SAVE = "save"  # edit the draft (or the returned report)
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"


class Party(StrEnum):
    """How the acting user stands to the report."""

    AUTHOR = "author"  # a user of the department the report belongs to
    TASK_LEAD = "task_lead"  # a user of the task's lead department (reviews contributions)
    OFFICE = "office"
    OTHER = "other"  # anyone else: viewers, other departments, enterprises


class WorkflowError(SupervisionError):
    """A step refused by the workflow."""


class StepNotAllowed(WorkflowError, NotAllowed):
    """The party may not take this kind of step at all."""


_EDITABLE = {ReportStatus.DRAFT, ReportStatus.RETURNED}

# (step, status it starts from) → status it leads to.
_MOVES: dict[tuple[Step, ReportStatus], ReportStatus] = {
    (Step.SAVE, ReportStatus.DRAFT): ReportStatus.DRAFT,
    (Step.SAVE, ReportStatus.RETURNED): ReportStatus.RETURNED,
    (Step.SUBMIT, ReportStatus.DRAFT): ReportStatus.SUBMITTED,
    (Step.SUBMIT, ReportStatus.RETURNED): ReportStatus.SUBMITTED,
    (Step.RETURN, ReportStatus.SUBMITTED): ReportStatus.RETURNED,
    (Step.APPROVE, ReportStatus.SUBMITTED): ReportStatus.APPROVED,
}


_DONE = {Step.SAVE: "saved", Step.SUBMIT: "submitted", Step.RETURN: "returned", Step.APPROVE: "approved"}
# The words of a refusal, Chinese and English, so no code shows in a message.
_STEP_ZH = {Step.SAVE: "保存", Step.SUBMIT: "提交", Step.RETURN: "退回", Step.APPROVE: "审核通过"}
_STATUS_ZH = {ReportStatus.DRAFT: "草稿", ReportStatus.SUBMITTED: "已提交", ReportStatus.RETURNED: "已退回",
              ReportStatus.APPROVED: "已审核"}
_PARTY = {Party.AUTHOR: ("报告部门", "the reporting department"), Party.TASK_LEAD: ("任务牵头部门", "the task's lead"),
          Party.OFFICE: ("区双碳办", "the office"), Party.OTHER: ("其他用户", "others")}


def reviewers(kind: ReportKind) -> frozenset[Party]:
    if kind is ReportKind.CONTRIBUTION:
        return frozenset({Party.TASK_LEAD, Party.OFFICE})
    return frozenset({Party.OFFICE})


def may(step: Step, kind: ReportKind, party: Party) -> bool:
    """Whether the party may take this kind of step at all (status aside)."""
    if step in (Step.SAVE, Step.SUBMIT):
        return party is Party.AUTHOR
    return party in reviewers(kind)


def next_status(step: Step, kind: ReportKind, status: ReportStatus, party: Party, comment: str = "") -> ReportStatus:
    """The status after the step, or WorkflowError saying why the step is refused."""
    if not may(step, kind, party):
        allowed = sorted(reviewers(kind)) if step in (Step.RETURN, Step.APPROVE) else [Party.AUTHOR]
        who_zh, who_en = "、".join(_PARTY[p][0] for p in allowed), " or ".join(_PARTY[p][1] for p in allowed)
        raise StepNotAllowed("step", f"无权{_STEP_ZH[step]}本报告（仅限{who_zh}）/ not allowed to {step} this report "
                                     f"(only {who_en})")
    moved = _MOVES.get((step, status))
    if moved is None:
        raise WorkflowError("status", f"报告状态为“{_STATUS_ZH[status]}”，不能{_STEP_ZH[step]} / "
                                      f"a {status} report cannot be {_DONE[step]}")
    if step is Step.RETURN and not comment.strip():
        raise WorkflowError("comment", "退回须写明意见 / returning needs a comment saying what to change")
    return moved


def editable(status: ReportStatus) -> bool:
    return status in _EDITABLE

"""The life of a filing: who may move it where (能源利用状况报告的报送与审核).

Pure module (no Django). The enterprise writes (draft or returned) and submits; submitting needs every
flagged deviation explained; the office returns (with a comment) or accepts. An accepted filing is final.
"""

from __future__ import annotations

from collections.abc import Iterable

from carbonpeak.common.issues import InputIssue
from carbonpeak.enterprise.problems import EnterpriseInputError, FilingNotAllowed, FilingStateError
from carbonpeak.enterprise.vocabulary import FilingStatus, FilingStep, Party

_EDITABLE = frozenset({FilingStatus.DRAFT, FilingStatus.RETURNED})

# (step, status it starts from) → status it leads to.
_MOVES: dict[tuple[FilingStep, FilingStatus], FilingStatus] = {
    (FilingStep.SAVE, FilingStatus.DRAFT): FilingStatus.DRAFT,
    (FilingStep.SAVE, FilingStatus.RETURNED): FilingStatus.RETURNED,
    (FilingStep.SUBMIT, FilingStatus.DRAFT): FilingStatus.SUBMITTED,
    (FilingStep.SUBMIT, FilingStatus.RETURNED): FilingStatus.SUBMITTED,
    (FilingStep.RETURN, FilingStatus.SUBMITTED): FilingStatus.RETURNED,
    (FilingStep.ACCEPT, FilingStatus.SUBMITTED): FilingStatus.ACCEPTED,
}

_WHO: dict[FilingStep, Party] = {
    FilingStep.SAVE: Party.FILER, FilingStep.SUBMIT: Party.FILER,
    FilingStep.RETURN: Party.OFFICE, FilingStep.ACCEPT: Party.OFFICE,
}
_WHO_TEXT = {Party.FILER: ("填报企业", "the filing enterprise"), Party.OFFICE: ("审核办公室", "the office")}


def may(step: FilingStep, party: Party) -> bool:
    """Whether the party may take this kind of step at all (status aside)."""
    return _WHO.get(step) is party


def editable(status: FilingStatus) -> bool:
    return status in _EDITABLE


def next_status(step: FilingStep, status: FilingStatus, party: Party, *, comment: str = "",
                unexplained: Iterable[str] = ()) -> FilingStatus:
    """The status after the step, or the refusal saying why.

    `unexplained`: the energy types whose deviation is flagged and carries no explanation yet.
    """
    if not may(step, party):
        zh, en = _WHO_TEXT[_WHO[step]]
        raise FilingNotAllowed.one("step", f"无权执行此操作（仅限{zh}）/ not allowed (only {en} may {step.value})")
    moved = _MOVES.get((step, status))
    if moved is None:
        raise FilingStateError.one("status", f"报告状态为“{status.value}”，不能执行“{step.value}” / "
                                             f"a {status.value} filing cannot take the step {step.value}")
    if step is FilingStep.RETURN and not comment.strip():
        raise EnterpriseInputError.of("comment", "退回须写明意见 / returning needs a comment saying what to change")
    if step is FilingStep.SUBMIT:
        missing = sorted(unexplained)
        if missing:
            raise EnterpriseInputError([
                InputIssue("", f"explanation.{e}", "填报量与监测量偏差超过允许范围，须说明原因 / "
                                                   "the filed quantity deviates from the monitored one beyond the "
                                                   "tolerance: explain why")
                for e in missing])
    return moved

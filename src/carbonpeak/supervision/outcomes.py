"""What the supervision pages say after a step: who did what to whose report on which task, in the
reader's language only ("已提交 区经委 对任务 53 的报告。"), and a refusal's reason without its other
language or its field code."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from carbonpeak.common.problems import Refused
from carbonpeak.indicators.models import Indicator
from carbonpeak.supervision.models import Report
from carbonpeak.supervision.workflow import Step


def refusal(exc: Refused) -> str:
    """The reasons of a refusal in the reader's language, one sentence each."""
    return ("；" if _zh() else "; ").join(p.reason_in(get_language()) for p in exc.problems())


def _zh() -> bool:
    return not (get_language() or "").startswith("en")


class Said:
    """The sentences about one report."""

    def __init__(self, report: Report) -> None:
        self.names = {"department": report.department.display_name, "task": report.task.number}

    def step(self, step: Step) -> str:
        texts = {
            Step.SAVE: _("Saved the draft of %(department)s's report on task %(task)s."),
            Step.SUBMIT: _("Submitted %(department)s's report on task %(task)s."),
            Step.RETURN: _("Returned %(department)s's report on task %(task)s; the department has been notified."),
            Step.APPROVE: _("Approved %(department)s's report on task %(task)s."),
        }
        return texts[step] % self.names

    def question(self, step: Step) -> str:
        if step is Step.APPROVE:
            return _("Approve %(department)s's report on task %(task)s?") % self.names
        return _("Return %(department)s's report on task %(task)s for changes?") % self.names

    def quantity(self, indicator: Indicator | None) -> str:
        name = indicator.display_name if indicator is not None else ""
        return _("Recorded the report's contribution to %(indicator)s.") % {"indicator": name}

    def attached(self, filename: str) -> str:
        return _("Attached %(name)s to the report.") % {"name": filename}

    def drafts_left(self, contributions: Sequence[Report]) -> str:
        names = ("、" if _zh() else ", ").join(c.department.display_name for c in contributions)
        return ngettext(
            "Note: %(count)d contribution to task %(task)s is not submitted yet (%(names)s).",
            "Note: %(count)d contributions to task %(task)s are not submitted yet (%(names)s).",
            len(contributions),
        ) % {"count": len(contributions), "task": self.names["task"], "names": names}

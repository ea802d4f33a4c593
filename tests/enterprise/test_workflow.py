"""The life of a filing: the enterprise submits (deviations explained), the office returns or accepts."""

from __future__ import annotations

import pytest

from carbonpeak.enterprise.problems import EnterpriseInputError, FilingNotAllowed, FilingStateError
from carbonpeak.enterprise.vocabulary import FilingStatus as S
from carbonpeak.enterprise.vocabulary import FilingStep as Step
from carbonpeak.enterprise.vocabulary import Party
from carbonpeak.enterprise.workflow import editable, next_status


def test_submitting_needs_every_flagged_deviation_explained() -> None:
    with pytest.raises(EnterpriseInputError) as refused:
        next_status(Step.SUBMIT, S.DRAFT, Party.FILER, unexplained=["electricity", "natural_gas"])
    assert [i.field for i in refused.value.issues] == ["explanation.electricity", "explanation.natural_gas"]
    assert next_status(Step.SUBMIT, S.DRAFT, Party.FILER) is S.SUBMITTED


def test_returning_needs_a_comment_and_a_returned_filing_is_submitted_again() -> None:
    with pytest.raises(EnterpriseInputError) as refused:
        next_status(Step.RETURN, S.SUBMITTED, Party.OFFICE, comment="  ")
    assert refused.value.issues[0].field == "comment"
    assert next_status(Step.RETURN, S.SUBMITTED, Party.OFFICE, comment="电量请核对") is S.RETURNED
    assert editable(S.RETURNED)
    assert next_status(Step.SUBMIT, S.RETURNED, Party.FILER) is S.SUBMITTED
    assert next_status(Step.ACCEPT, S.SUBMITTED, Party.OFFICE) is S.ACCEPTED
    assert not editable(S.ACCEPTED) and not editable(S.SUBMITTED)


@pytest.mark.parametrize(("step", "party"), [
    (Step.SUBMIT, Party.OFFICE), (Step.SAVE, Party.OTHER), (Step.ACCEPT, Party.FILER), (Step.RETURN, Party.OTHER),
])
def test_each_step_belongs_to_one_party(step: Step, party: Party) -> None:
    with pytest.raises(FilingNotAllowed):
        next_status(step, S.SUBMITTED if step in (Step.ACCEPT, Step.RETURN) else S.DRAFT, party, comment="x")


@pytest.mark.parametrize(("step", "party", "status"), [
    (Step.ACCEPT, Party.OFFICE, S.DRAFT), (Step.SAVE, Party.FILER, S.ACCEPTED),
    (Step.SUBMIT, Party.FILER, S.SUBMITTED), (Step.RETURN, Party.OFFICE, S.ACCEPTED),
])
def test_a_step_from_the_wrong_status_is_refused(step: Step, party: Party, status: S) -> None:
    with pytest.raises(FilingStateError):
        next_status(step, status, party, comment="x")

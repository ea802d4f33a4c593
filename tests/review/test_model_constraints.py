"""Invariants the database holds whatever code path writes: conditions go with their opinion,
a register row's project matches its subject, an upgrade or phase-out has a deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from carbonpeak.review.models import Decision, Disposal, RegisterEntry, RegisterStatus, Subject
from tests.conftest import UserGetter
from tests.review.support import USCC, stored_project


def _refused(make: object) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()  # type: ignore[operator]


def test_decision_conditions_match_the_opinion(user: UserGetter) -> None:
    project = stored_project(user)
    snapshot = project.latest_assessment()

    def decision(**fields: object) -> None:
        Decision.objects.create(project=project, assessment=snapshot, decided_by_label="x", **fields)

    _refused(lambda: decision(opinion="approve_with_conditions", reasons="r", conditions=""))
    _refused(lambda: decision(opinion="approve", reasons="r", conditions="c"))
    _refused(lambda: decision(opinion="approve", reasons=""))
    _refused(lambda: decision(opinion="maybe", reasons="r"))
    decision(opinion="approve_with_conditions", reasons="r", conditions="c")


def _entry(**fields: object) -> RegisterEntry:
    values: dict[str, object] = {
        "subject": Subject.PLANT, "name": "演示装置", "owner_uscc": USCC, "industry_code": "3011", "town": "漕泾镇",
        "status": RegisterStatus.OPERATING, "disposal": Disposal.KEEP, **fields,
    }
    return RegisterEntry.objects.create(**values)


def test_register_invariants(user: UserGetter) -> None:
    project = stored_project(user)
    _refused(lambda: _entry(subject=Subject.PROJECT))  # a project row without its project
    _refused(lambda: _entry(project=project))  # a plant row pointing at a project
    _refused(lambda: _entry(disposal=Disposal.PHASE_OUT))  # no deadline
    _refused(lambda: _entry(deviation_margin_pct=-1))
    _refused(lambda: _entry(status="closed"))
    _entry(disposal=Disposal.PHASE_OUT, deadline=dt.date(2027, 6, 30))
    _refused(lambda: _entry(name="演示装置"))  # once per owner and name

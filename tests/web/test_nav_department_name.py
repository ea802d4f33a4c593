"""What the top bar shows from the data, the department's name in the user box, follows a change of it on the
next request (the bar reads the plan topic, web/topbar.py)."""

from __future__ import annotations

import pytest

from carbonpeak.plan.models import Department, Plan
from tests.caching.support import bar, client, load_district, who

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def district() -> Plan:
    return load_district()


def test_a_renamed_department_shows_in_the_bar(district: Plan) -> None:
    eco, office = client("eco"), client("office")
    assert who(bar(eco, "/accounts/password/")) == "eco · 部门用户 · 区经委"
    kept_for_office = bar(office, "/accounts/password/")
    department = Department.objects.get(code="eco")
    department.name = "区经济委员会"
    department.save()
    assert who(bar(eco, "/accounts/password/")) == "eco · 部门用户 · 区经济委员会"
    assert who(bar(office, "/accounts/password/")) == who(kept_for_office)  # the office's names no department

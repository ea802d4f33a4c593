"""A role change shows in the top bar on the user's next request: the links of the new role, its name and
department in the user box (the bar is kept per user and role, web/topbar.py)."""

from __future__ import annotations

import pytest

from carbonpeak.people.models import Profile, Role
from carbonpeak.plan.models import Department, Plan
from tests.caching.support import bar, client, load_district, nav_links, who

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def district() -> Plan:
    return load_district()


def test_a_department_user_made_a_leader_gets_the_leaders_links(district: Plan) -> None:
    eco = client("eco")
    before = bar(eco, "/accounts/password/")
    assert "/jobs/" not in nav_links(before) and "区经委" in who(before)
    profile = Profile.objects.get(user__username="eco")
    profile.role, profile.department = Role.VIEWER, None  # as the admin page saves it
    profile.save()
    after = bar(eco, "/accounts/password/")
    assert "/jobs/" in nav_links(after)  # 运行状态: leaders may open it, departments may not
    assert who(before) == "eco · 部门用户 · 区经委" and who(after) == "eco · 领导（只读）"
    profile.role, profile.department = Role.DEPARTMENT, Department.objects.get(code="eco")
    profile.save()
    assert "/jobs/" not in nav_links(bar(eco, "/accounts/password/"))


def test_a_department_user_moved_to_another_department(district: Plan) -> None:
    eco = client("eco")
    assert "区经委" in who(bar(eco, "/plan/tasks/"))
    Profile.objects.filter(user__username="eco").update(department=Department.objects.get(code="greening"))
    moved = who(bar(eco, "/plan/tasks/"))
    assert "区经委" not in moved and Department.objects.get(code="greening").name in moved


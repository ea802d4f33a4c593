"""The top bar is drawn once per user, section and language and then served as kept (web/topbar.py), until a
write to what it shows; a write elsewhere leaves it kept."""

from __future__ import annotations

import pytest
from django.test import override_settings

from carbonpeak.indicators.models import Indicator
from carbonpeak.plan.models import Department, Plan
from tests.caching.support import bar, client, counted_renders, load_district, unseen_writes, who, without_tokens

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def district() -> Plan:
    return load_district()


def test_the_bar_is_drawn_once_per_user_and_section(district: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    eco, greening = client("eco"), client("greening")
    with counted_renders(monkeypatch) as drawn:
        first = bar(eco, "/plan/tasks/1/")
        bar(eco, "/plan/tasks/2/")  # the same section: kept
        bar(eco, "/accounts/password/")  # another section
        bar(eco, "/plan/tasks/3/")
        theirs = bar(greening, "/plan/tasks/")  # another user: their own bar
    assert drawn == ["eco", "eco", "greening"]
    assert who(first).startswith("eco") and who(theirs).startswith("greening")


def test_a_write_the_bar_does_not_show_leaves_it_kept(district: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    eco = client("eco")
    department = Department.objects.get(code="eco")
    before = without_tokens(bar(eco, "/accounts/password/"))
    with unseen_writes(monkeypatch):  # the version does not see it: the kept bar stays as it was
        Department.objects.filter(pk=department.pk).update(name="未计数的名称")
    assert without_tokens(bar(eco, "/accounts/password/")) == before
    with counted_renders(monkeypatch) as drawn:
        Indicator.objects.filter(plan=district).update(unit="t")  # another room's write: still kept
        assert without_tokens(bar(eco, "/accounts/password/")) == before
    assert drawn == []


def test_with_the_cache_off_every_request_draws_it(district: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    eco = client("eco")
    with override_settings(CARBONPEAK_VIEW_CACHE=False), counted_renders(monkeypatch) as drawn:
        bar(eco, "/accounts/password/")
        bar(eco, "/accounts/password/")
    assert drawn == ["eco", "eco"]

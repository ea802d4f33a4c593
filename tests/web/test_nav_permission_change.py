"""A permission granted or taken away shows in the top bar on the next request: a user without a profile made a
superuser acts as the office (people.permissions.role_of) and sees the office's links, and loses them again."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from carbonpeak.plan.models import Plan
from tests.caching.support import bar, client, load_district, nav_links

pytestmark = pytest.mark.django_db(transaction=True)

OFFICE_ONLY = ("/accounts/locks/", "/accounts/tokens/", "/public/office/")


@pytest.fixture
def district() -> Plan:
    return load_district()


def test_superuser_granted_and_revoked(district: Plan) -> None:
    User = get_user_model()
    admin = User.objects.create_user("admin2", password="x")  # no profile: no role, no links
    c = client("admin2")
    assert nav_links(bar(c, "/accounts/password/")) == []
    admin.is_superuser = True
    admin.save()
    granted = nav_links(bar(c, "/accounts/password/"))
    assert all(link in granted for link in OFFICE_ONLY)
    admin.is_superuser = False
    admin.save()
    assert nav_links(bar(c, "/accounts/password/")) == []

"""The top bar marks the section of the page it is on, also when it is served as kept (one kept bar per lit
section, web/topbar.py): walking the site and coming back lights the right link every time."""

from __future__ import annotations

import pytest

from carbonpeak.plan.models import Plan
from tests.caching.support import bar, client, lit, load_district

pytestmark = pytest.mark.django_db(transaction=True)

WALK = [  # (page, the navigation links it lights)
    ("/plan/tasks/", ["/plan/tasks/"]),
    ("/plan/tasks/1/", ["/plan/tasks/"]),
    ("/indicators/places/", ["/indicators/places/"]),
    ("/indicators/", ["/indicators/"]),
    ("/accounts/password/", []),
    ("/plan/departments/eco/", ["/plan/departments/"]),
    ("/plan/tasks/", ["/plan/tasks/"]),
    ("/indicators/places/", ["/indicators/places/"]),
    ("/accounts/password/", []),
]


@pytest.fixture
def district() -> Plan:
    return load_district()


def test_each_page_lights_its_own_section(district: Plan) -> None:
    eco = client("eco")
    assert [(path, lit(bar(eco, path))) for path, _ in WALK] == WALK


def test_a_menu_is_marked_open_where_one_of_its_pages_is(district: Plan) -> None:
    eco = client("eco")
    assert bar(eco, "/indicators/places/").count('<div class="nav-group active">') == 1
    assert '<div class="nav-group active">' not in bar(eco, "/plan/tasks/")
    assert bar(eco, "/indicators/").count('<div class="nav-group active">') == 1

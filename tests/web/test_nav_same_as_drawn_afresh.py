"""The kept top bar is the bar drawn afresh: for each role, signed out, in both languages and across sections,
a page served with the bar kept (web/topbar.py) has the same bar as with nothing kept (CARBONPEAK_VIEW_CACHE off)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from carbonpeak.plan.models import Plan
from tests.caching.support import bar, client, load_district, without_tokens

pytestmark = pytest.mark.django_db(transaction=True)

USERS = (None, "office", "leader", "eco", "fengjing", "enterprise")
PAGES = ("/accounts/password/", "/accounts/password/?next=/plan/", "/plan/tasks/", "/indicators/places/",
         "/review/assess/", "/imports/", "/roadmap/", "/search/?q=%22%3E", "/accounts/login/")


@pytest.fixture
def district() -> Plan:
    return load_district()


def test_kept_bars_are_the_bars_drawn_afresh(district: Plan) -> None:
    compared = 0
    for username in USERS:
        for language in ("zh-hans", "en"):
            c = client(username, language)
            for path in PAGES:
                response = c.get(path)
                if response.status_code != 200:  # a page this user may not open, or is sent away from
                    continue
                kept = without_tokens(bar(c, path))  # asked twice: the second is served as kept
                with override_settings(CARBONPEAK_VIEW_CACHE=False):
                    assert without_tokens(bar(c, path)) == kept, (username, language, path)
                compared += 1
    assert compared > 60

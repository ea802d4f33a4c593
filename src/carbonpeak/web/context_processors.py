"""What every page's template may read about the navigation, computed only if a template reads it.

The top bar does not read these: `{% topbar %}` draws it and keeps it per viewer and section (`web.topbar`).
They stay for templates and tests that look at the navigation (`response.context["nav_items"]`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from carbonpeak.people.models import Role
from carbonpeak.people.permissions import department_of, role_of
from carbonpeak.web import navigation as nav
from carbonpeak.web.nav_groups import grouped
from carbonpeak.web.topbar import view_name


def navigation(request: HttpRequest) -> dict[str, Any]:
    def nav_items() -> list[dict[str, Any]]:
        return nav.items(request.user, nav.lit_by(view_name(request)))

    def user_role() -> str:
        role = role_of(request.user)
        return str(Role(role).label) if role else ""

    return {
        "nav_items": SimpleLazyObject(nav_items),
        "nav_groups": SimpleLazyObject(lambda: grouped(nav_items())),  # the bar's sections and menus
        "user_role": SimpleLazyObject(user_role),
        "user_department": SimpleLazyObject(lambda: department_of(request.user)),
    }

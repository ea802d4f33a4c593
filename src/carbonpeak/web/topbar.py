"""The top bar (页头: brand, navigation, search box, language switch, user menu), kept per viewer and section.

Drawing it — which of the navigation's links this user may follow, grouped into the bar's menus with the open
section lit, the user's role and department — was about a third of a simple signed-in page's server time
(docs/performance.md). It is the same for every request of one user in one section and language until a write
changes what it shows, so it is rendered once and kept (`caching.fragments`):

* the key: the user (the bar shows their name), their role (which links: `can` without an object decides by role
  alone), the navigation items the current page lights (one bar per section, so highlighting stays right) and
  the URL prefix; `fragments` adds the language and the day;
* the topics: `auth` (the user's name, a superuser), `people` (a profile's role and department) and `plan` (the
  department's name). A write to any of them renders the bar afresh on the next request, in every process. A
  count or badge added to the bar must add the topic it reads here;
* the holes, filled on every request: the CSRF token of the two forms (language, log out), the page's path (the
  language switch comes back to it) and the words searched for (the search page shows them in the box).

The bar's template (`web/_topbar.html`) is rendered without the request, from what the key names, so that
nothing of one request can be kept for another.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString

from carbonpeak.caching import fragments, versions
from carbonpeak.people.models import Role
from carbonpeak.people.permissions import AnyUser, department_of, role_of
from carbonpeak.web import navigation
from carbonpeak.web.nav_groups import grouped

TOPICS = versions.only("auth", "people", "plan")
HOLES = fragments.Holes("csrf_token", "path", "search")
TEMPLATE = "web/_topbar.html"


def view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""


def topbar(request: HttpRequest | None, search_query: str | None = "") -> SafeString:
    """The top bar for this request: kept per user, role, lit section, language and data version."""
    if request is None:  # a template rendered without a request: a signed-out bar, nothing kept
        return HOLES.fill(_render(AnonymousUser(), ()), {"csrf_token": "", "path": "", "search": ""})
    user: AnyUser = getattr(request, "user", None) or AnonymousUser()  # an error page drawn before sign-in ran
    lit = navigation.lit_by(view_name(request))
    key = ("web.topbar", user.pk, role_of(user), lit, get_script_prefix())
    kept = fragments.kept(key, TOPICS, lambda: _render(user, lit))
    return HOLES.fill(kept, {"csrf_token": get_token(request), "path": request.get_full_path(),
                             "search": str(search_query or "")})


def _render(user: AnyUser, lit: tuple[str, ...]) -> str:
    role = role_of(user)
    return render_to_string(TEMPLATE, {
        "user": user,
        "nav_groups": grouped(navigation.items(user, lit)),
        "user_role": Role(role).label if role else "",
        "user_department": department_of(user),
        "csrf_token": HOLES.marks["csrf_token"],
        "request_path": HOLES.marks["path"],
        "search_query": HOLES.marks["search"],
    })

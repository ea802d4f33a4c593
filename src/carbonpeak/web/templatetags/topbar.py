"""`{% load topbar %}{% topbar %}`: the page's top bar, kept per viewer and section (`web.topbar`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from carbonpeak.web import topbar as bar

register = template.Library()


@register.simple_tag(takes_context=True)
def topbar(context: Any) -> SafeString:
    # The search page puts its words back into the bar's box.
    return bar.topbar(context.get("request"), context.get("search_query", ""))

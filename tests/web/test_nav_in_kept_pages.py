"""A page kept whole (caching/pages.py) holds the top bar, so it must be kept against at least the topics the bar
reads (web/topbar.py): otherwise a role change would show on other pages and not on that one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from carbonpeak.caching import versions
from carbonpeak.web import topbar


def callbacks(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from callbacks(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_page_kept_per_user_reads_the_bars_topics() -> None:
    every = versions.every_topic()
    bar = set(topbar.TOPICS.of(every))
    kept = {route: view.kept_topics for route, view in callbacks(get_resolver().url_patterns)
            if getattr(view, "kept_topics", None) is not None}
    assert {"dashboard/", "plan/tasks/"} <= set(kept)  # the test sees the kept pages
    assert {route: sorted(bar - set(topics.of(every))) for route, topics in kept.items()
            if not bar <= set(topics.of(every))} == {}

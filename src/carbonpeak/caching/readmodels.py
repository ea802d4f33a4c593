"""Computed views kept per data version, in each server process (the read-models behind the pages).

`cached_read(topics)` wraps a read-model function (`evaluate_plan`, the district overview, the dashboard's
on-track cards …): its answer is kept under the function, its arguments, the language, the day and the
version of the topics it reads (`caching.versions`), and computed again once a write moves that version on,
in whichever process the write was made. What is kept is shared by every request of the process: callers
read it and never change it.

Nothing is kept inside a transaction (it may have written what the version does not count yet) or when
`CARBONPEAK_VIEW_CACHE` is off. Two requests that miss the same key at once compute it once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, ParamSpec, TypeVar, cast

from django.conf import settings
from django.utils import timezone, translation

from carbonpeak.caching import versions

P = ParamSpec("P")
R = TypeVar("R")
_MISSING = object()


def enabled() -> bool:
    return bool(getattr(settings, "CARBONPEAK_VIEW_CACHE", True))


class Store:
    """A bounded least-recently-used map key → (version, value), with one computation per key at a time."""

    def __init__(self, max_entries: int, max_bytes: int | None = None) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[versions.Version, Any, int]] = OrderedDict()
        self._bytes = 0
        self._guard = threading.Lock()
        self._flights: dict[Hashable, list[Any]] = {}  # key → [lock, users]

    def get(self, key: Hashable, version: versions.Version) -> Any:
        with self._guard:
            item = self._items.get(key)
            if item is None or item[0] != version:
                return _MISSING
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: Hashable, version: versions.Version, value: Any, size: int = 0) -> None:
        with self._guard:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[2]
            self._items[key] = (version, value, size)  # one entry per key: an older version is dropped
            self._bytes += size
            while self._items and (len(self._items) > self.max_entries
                                   or (self.max_bytes is not None and self._bytes > self.max_bytes)):
                _key, (_v, _value, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._guard:
            self._items.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    @contextmanager
    def flight(self, key: Hashable) -> Iterator[None]:
        """Hold the key's own lock: the other requests that missed it wait for this one's answer."""
        with self._guard:
            entry = self._flights.setdefault(key, [threading.Lock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._guard:
                entry[1] -= 1
                if entry[1] == 0:
                    del self._flights[key]

    def remember(self, key: Hashable, topics: versions.Topics, compute: Callable[[], R],
                 size: Callable[[R], int] | None = None) -> R:
        """The value kept for the key at the topics' current version, computed (once) when missing; `size`
        measures it for the store's `max_bytes`."""
        if not enabled():
            return compute()
        version = versions.current(topics)
        if version is None:
            return compute()
        hit = self.get(key, version)
        if hit is not _MISSING:
            return cast(R, hit)
        with self.flight(key):
            hit = self.get(key, version)
            if hit is not _MISSING:
                return cast(R, hit)
            value = compute()
            self.put(key, version, value, size=size(value) if size is not None else 0)
            return value


READ_MODELS = Store(max_entries=512)


def context_key() -> tuple[str, str]:
    """What every kept answer also depends on: the language (labels) and the day (status as of today)."""
    return translation.get_language() or "", timezone.localdate().isoformat()


def cached_read(topics: versions.Topics) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Keep the function's answers per arguments, language, day and the topics' version. The arguments must be
    hashable (model instances are, by primary key)."""

    def decorator(fn: Callable[P, R]) -> Callable[P, R]:
        name = f"{fn.__module__}.{fn.__qualname__}"

        @wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            key = (name, args, tuple(sorted(kwargs.items())), context_key())
            return READ_MODELS.remember(key, topics, lambda: fn(*args, **kwargs))

        return wrapper

    return decorator

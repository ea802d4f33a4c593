"""A hook: where a room asks the rooms above it for something without importing them.

Pure module (no Django). The layers (docs/architecture.md) let a room import only the rooms below
it; a page of a lower room that should show a figure computed above it (the plan's task page showing
its indicators' status, the inventory page showing the roadmap's base year) declares a `Hook`, and the
room above fills it when its app is ready (`AppConfig.ready`). Without a provider the hook answers
nothing and the page shows what it has.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Hook(Generic[P, R]):
    """Providers registered by rooms above; `ask` calls each in the order they registered."""

    def __init__(self, purpose: str) -> None:
        self.purpose = purpose
        self._providers: list[Callable[P, R]] = []

    def provide(self, provider: Callable[P, R]) -> Callable[P, R]:
        """Register `provider` (usable as a decorator); registering the same one twice keeps one."""
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def ask(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        return [provider(*args, **kwargs) for provider in self._providers]

    def first(self, *args: P.args, **kwargs: P.kwargs) -> R | None:
        """The first provider's answer, or None when no room provides one."""
        return self._providers[0](*args, **kwargs) if self._providers else None

"""A scenario's version history as a reader sees it: each change named by the parameter, measure or field
it touches (not by its stored path), scenarios by their names, and the bundled versions' comment in the
reader's language. history.py (pure) finds the changes; this module only names them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from carbonpeak.roadmap import history
from carbonpeak.roadmap import scenario as engine
from carbonpeak.roadmap.basedata import BaseData
from carbonpeak.roadmap.models import Scenario, ScenarioVersion
from carbonpeak.roadmap.pages import pick, zh

BUNDLED_COMMENT = "bundled scenarios"  # what loading.load_defaults stores with a bundled version
LOADED_PREFIX = "loaded from "  # loading.load_mapping: "loaded from <file>"


@dataclass(frozen=True)
class ChangeRow:
    """One change as the page lists it. `numeric`: before/after are numbers (formatted by the template);
    `text`: stored texts that may hold both languages ("中文 / English", shown through `in_language`)."""

    change: history.Change
    label: str
    before: Any
    after: Any
    numeric: bool = False
    text: bool = False

    @property
    def field(self) -> str:
        return self.change.field

    def as_dict(self) -> dict[str, Any]:
        return self.change.as_dict()


@dataclass(frozen=True)
class VersionRow:
    version: ScenarioVersion
    changes: list[ChangeRow]
    comment: str  # in the reader's language when the software wrote it

    def __iter__(self) -> Iterator[Any]:  # `for version, changes in versions`
        return iter((self.version, self.changes))


def shown_comment(comment: str) -> str:
    if comment == BUNDLED_COMMENT:
        return _("Bundled with the software")
    if comment.startswith(LOADED_PREFIX):
        return _("Loaded from %(file)s") % {"file": comment.removeprefix(LOADED_PREFIX)}
    return comment


class _Namer:
    """Labels of parameters, measures and scenarios, from the engine's catalogue and the snapshots."""

    def __init__(self, base: BaseData, snapshots: list[Mapping[str, Any]]) -> None:
        self.params = {p.path: pick(p.label_zh, p.label_en) for p in engine.parameter_catalogue(base)}
        self.kinds = {k.kind: k for k in engine.measure_kinds(base)}
        self.measures: dict[str, Mapping[str, Any]] = {}
        for snap in snapshots:  # the latest definition of a measure names it
            self.measures |= {str(m.get("id")): m for m in snap.get("measures") or []}
        self.scenarios = {s.slug: pick(s.name_zh, s.name_en) for s in Scenario.objects.only("slug", "name_zh",
                                                                                             "name_en")}

    def measure(self, mid: str) -> str:
        m = self.measures.get(mid)
        return pick(str(m.get("label_zh") or ""), str(m.get("label_en") or "")) or mid if m else mid

    def measure_param(self, mid: str, name: str) -> str:
        common = {"enabled": _("enabled"), "delivery": _("delivery"), "label_zh": _("Chinese name"),
                  "label_en": _("English name"), "kind": _("kind")}
        if name in common:
            return f"{self.measure(mid)}{'：' if zh() else ': '}{common[name]}"
        kind = self.kinds.get(str((self.measures.get(mid) or {}).get("kind")))
        param = kind.param(name) if kind else None
        label = pick(param.label_zh, param.label_en) if param else name
        return f"{self.measure(mid)}{'：' if zh() else ': '}{label}"

    def parameter(self, path: str) -> str:
        if path in self.params:
            return self.params[path]
        parts = path.split(".")
        if len(parts) == 3 and parts[0] == "measure":
            return self.measure_param(parts[1], parts[2])
        return path


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _row(c: history.Change, names: _Namer) -> ChangeRow | None:
    f = c.field
    if f == "slug":
        return None  # the id, fixed at creation: the page's title names the scenario
    if f in ("name_zh", "name_en"):
        mine = "name_zh" if zh() else "name_en"
        if f != mine:  # the other language's name: said changed, not shown mixed into this page
            return None if c.before is None else ChangeRow(c, _("Name in the other language"), None, _("changed"))
        return ChangeRow(c, _("Name"), c.before, c.after)
    if f == "parent":
        return ChangeRow(c, _("Inherits from"), names.scenarios.get(c.before, c.before),
                         names.scenarios.get(c.after, c.after))
    if f == "description":
        return ChangeRow(c, _("Description"), c.before or None, c.after or None, text=True)
    if f.startswith("overrides."):
        return ChangeRow(c, names.parameter(f.removeprefix("overrides.")), c.before, c.after, numeric=True)
    if f.startswith("measures."):
        mid, _sep, name = f.removeprefix("measures.").partition(".")
        if not name:
            return ChangeRow(c, _("Measure %(name)s") % {"name": names.measure(mid)},
                             None if c.before is None else _("included"),
                             None if c.after is None else _("included"))
        numeric = _is_number(c.before) or _is_number(c.after)
        if name == "enabled":
            return ChangeRow(c, names.measure_param(mid, name), _yes_no(c.before), _yes_no(c.after))
        return ChangeRow(c, names.measure_param(mid, name), c.before, c.after, numeric=numeric)
    return ChangeRow(c, f, c.before, c.after)


def _yes_no(v: Any) -> str | None:
    return None if v is None else (_("yes") if v else _("no"))


def version_rows(scenario: Scenario, base: BaseData) -> list[VersionRow]:
    """Each version, newest first, with what it changed against the one before, named for the reader."""
    versions = list(scenario.versions.order_by("version"))
    names = _Namer(base, [v.snapshot for v in versions])
    out = []
    previous: dict[str, Any] | None = None
    for v in versions:
        rows = [r for c in history.changes(previous, v.snapshot) if (r := _row(c, names)) is not None]
        out.append(VersionRow(v, rows, shown_comment(v.comment)))
        previous = v.snapshot
    return list(reversed(out))

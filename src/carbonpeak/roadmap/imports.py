"""Scenarios' import page (the `http.imports` contract): a YAML file in the shape of the bundled scenarios.yaml,
stored by `loading.load_mapping`, the function `carbonpeak roadmap scenarios load` calls. The preview runs that
load rolled back (`http.imports.dry_run`), so what it lists as new, saved as a new version, or unchanged is
what the confirmation does. A bundled scenario cannot be changed from a file."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbonpeak.audit.actors import of_request
from carbonpeak.common.limits import InputTooLarge, decode_text, load_yaml
from carbonpeak.http import import_checks as checks
from carbonpeak.http.imports import Importer, ImportPreview, dry_run
from carbonpeak.people.permissions import Permission
from carbonpeak.roadmap.loading import LoadSummary, load_mapping
from carbonpeak.roadmap.services import RoadmapInputError

EXAMPLE = """# 一个情景：继承实施方案情景，只写与之不同的参数和措施。
# A scenario inherits from the plan scenario and states only what differs.
schema_version: 1
scenarios:
  fast-pv:
    name_zh: 光伏提速
    name_en: Faster PV
    parent: plan
    description: 2025 年新增光伏 450 兆瓦。
    overrides:
      measure.pv_new.capacity_mw_2025: 450
"""


def _raw(content: bytes) -> Any:
    return load_yaml(decode_text(content))


def _load(raw: Any, name: str, request: HttpRequest) -> LoadSummary:
    return load_mapping(raw, where=name, user=request.user, actor_label=of_request(request))


def _counts(summary: LoadSummary) -> dict[str, int]:
    return {"created": len(summary.created), "updated": len(summary.updated),
            "unchanged": len(summary.unchanged), "skipped": len(summary.skipped)}


def check(content: bytes, name: str, request: HttpRequest) -> ImportPreview:
    try:
        raw = _raw(content)
        summary = dry_run(lambda: _load(raw, name, request))
    except (InputTooLarge, RoadmapInputError) as exc:
        return checks.refused(checks.refusal_problems(exc, name))
    n = _counts(summary)
    lines = [_("%(created)s scenarios new, %(updated)s saved as a new version, %(unchanged)s unchanged.") % n]
    if summary.skipped:
        lines.append(_("Left alone (the id of a bundled scenario): %(ids)s") % {"ids": checks.joined(summary.skipped)})
    change = {**{s: _("new") for s in summary.created}, **{s: _("new version") for s in summary.updated},
              **{s: _("unchanged") for s in summary.unchanged}, **{s: _("left alone") for s in summary.skipped}}
    return ImportPreview(rows_total=0, rows_ok=0, summary=lines, header=[_("Scenario"), _("Change")],
                         sample=[[sid, str(what)] for sid, what in change.items()])


def store(content: bytes, name: str, request: HttpRequest) -> str:
    summary = _load(_raw(content), name, request)
    return _("Scenarios loaded: %(created)s new, %(updated)s saved as a new version, %(unchanged)s unchanged.") % (
        _counts(summary))


IMPORTERS = [
    Importer(
        kind="scenarios",
        title=gettext_lazy("Roadmap scenarios"),
        permission=Permission.EDIT_SCENARIOS,
        extensions=("yaml", "yml"),
        check=check,
        store=store,
        done_url=lambda: reverse("roadmap:home"),
        description=gettext_lazy("Scenarios as one YAML file: each scenario names its parent and states only the "
                                 "parameters and measures that differ. A scenario already stored is saved as its "
                                 "next version; the bundled scenarios cannot be changed."),
        example_file=lambda: (EXAMPLE.encode("utf-8"), "scenarios-example.yaml"),
    ),
]

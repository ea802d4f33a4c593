"""Is the district on track? The progress scenario for the dashboard and the scheduled jobs (Django side).

`refresh_progress` is what the jobs loop calls: it runs the progress scenario (central path, Monte
Carlo, on-track figures) when its inputs changed — a compiled inventory, an observation of a
tracked indicator, the scenario or the engine — and otherwise reads the stored result; the dashboard
reads the same stored result (`dashboard_progress`), so a page never waits for a run the loop did.
A run that changes the figures leaves a change record naming the input version and who ran it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from carbonpeak.audit.models import ChangeAction, ChangeRecord
from carbonpeak.caching import versions
from carbonpeak.caching.readmodels import cached_read
from carbonpeak.roadmap import running
from carbonpeak.roadmap.models import Scenario
from carbonpeak.roadmap.scenario import ScenarioError
from carbonpeak.roadmap.services import RoadmapInputError

PROGRESS = running.PROGRESS
ENTITY = "roadmap_progress"
RUNS = running.DASHBOARD_RUNS
SEED = 0


def _run(as_of: dt.date | None) -> tuple[dict[str, Any], bool]:
    return running.run_with_status([PROGRESS], runs=RUNS, seed=SEED, horizon=running.DEFAULT_HORIZON,
                                   focus=PROGRESS, as_of=as_of)


def _figures(answer: dict[str, Any]) -> dict[str, Any]:
    """What the change record keeps: the base year, the input version and each goal's probability."""
    goals = answer.get("on_track") or {}
    return {"base_year": answer.get("base_year"), "input_version": (answer.get("progress") or {}).get("input_version"),
            **{name: goal.get("probability") for name, goal in goals.items()}}


def refresh_progress(as_of: dt.date, *, actor_label: str) -> dict[str, int]:
    """Run the progress scenario as of `as_of` unless a result for the same inputs is stored.

    Returns {"runs": 1, "cached": 0} when it ran, {"runs": 0, "cached": 1} when nothing changed, and
    {"runs": 0, "cached": 0, "skipped": 1} when there is no progress scenario (setup not run) or it
    cannot be resolved."""
    if not Scenario.objects.filter(slug=PROGRESS).exists():
        return {"runs": 0, "cached": 0, "skipped": 1}
    try:
        answer, computed = _run(as_of)
    except (RoadmapInputError, ScenarioError):
        return {"runs": 0, "cached": 0, "skipped": 1}
    if not computed:
        return {"runs": 0, "cached": 1}
    last = ChangeRecord.objects.filter(entity=ENTITY, entity_key=PROGRESS).order_by("-at", "-id").first()
    ChangeRecord.objects.create(
        actor=None, actor_label=actor_label, entity=ENTITY, entity_key=PROGRESS,
        action=ChangeAction.CREATED if last is None else ChangeAction.UPDATED,
        before={} if last is None else dict(last.after), after=_figures(answer),
        reason=f"progress scenario run as of {as_of.isoformat()}: its inputs changed",
    )
    return {"runs": 1, "cached": 0}


def _goal(goals: dict[str, Any], kind: str) -> dict[str, Any] | None:
    return next((g for g in goals.values() if g.get("kind") == kind), None)


@cached_read(versions.PAGES)  # kept per data version: every dashboard view and the public site read it
def dashboard_progress() -> dict[str, Any] | None:
    """The dashboard's on-track cards from the progress scenario (as of today), or None without one:
    the peak (central year and level, P(peak by the plan's year)), the 2025 intensity target and the 2030
    further decline, each with its probability, and the inputs' base year and version."""
    if not Scenario.objects.filter(slug=PROGRESS).exists():
        return None
    try:
        answer, _ = _run(None)
    except (RoadmapInputError, ScenarioError):
        return None
    scenario = answer["scenarios"][PROGRESS]
    goals = answer.get("on_track") or {}
    info = answer.get("progress") or {}
    return {
        "scenario": PROGRESS, "name_zh": scenario["name_zh"], "name_en": scenario["name_en"],
        "peak_year": scenario["peak_year"], "peak_co2_t": scenario["peak_co2_t"],
        "before_2030": scenario["before_2030"], "illustrative": scenario["illustrative"],
        "base_year": answer.get("base_year"), "input_version": info.get("input_version"),
        "observations": len(info.get("observations") or []), "inventories": len(info.get("inventories") or []),
        "peak": _goal(goals, "peak"), "intensity": _goal(goals, "intensity"),
        "further": _goal(goals, "further_decline"), "runs": RUNS,
        "intensity_base_year": (_goal(goals, "intensity") or {}).get("base_year") or info.get("model_base_year"),
    }

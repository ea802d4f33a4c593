"""Running stored scenarios through the engine, with results kept by what they depend on (Django side).

`run()` answers in the CLI's `--json` shape (`analysis.result_json`): every requested scenario,
the attribution of the focus scenario (the plan, unless another is named) against the baseline,
and a Monte Carlo run of the focus scenario. A result is stored in `CachedRun` under a digest of
the resolved scenarios, the engine's code and data, runs, seed and horizon, so a page or the
dashboard shows it again without computing; any save makes a new version and so a new key.

A scenario descending from `progress` is anchored on the database's inventories and observations
(progress.py, progress_data.py): its results, its Monte Carlo and the on-track figures are keyed
by the version of those inputs too, so a new inventory or observation makes a new key.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from carbonpeak.caching import versions
from carbonpeak.caching.readmodels import cached_read
from carbonpeak.common.issues import InputIssue
from carbonpeak.roadmap import analysis, build, iamc, ontrack, progress, progress_data
from carbonpeak.roadmap import scenario as engine
from carbonpeak.roadmap.basedata import load_base_data
from carbonpeak.roadmap.models import CachedRun
from carbonpeak.roadmap.services import RoadmapInputError, all_specs, snapshot_of_spec
from carbonpeak.roadmap.uncertainty import DEFAULT_RUNS as DEFAULT_RUNS  # re-exported: pages, API, CLI

MAX_RUNS = 20_000
DEFAULT_HORIZON = build.DEFAULT_HORIZON
MAX_HORIZON = build.MAX_HORIZON
MIN_HORIZON = 2021
PLAN, BASELINE, PROGRESS = "plan", "baseline", "progress"
KEEP_CACHED = 200  # results kept; older ones are dropped
WHERE = "运行 / run"
Progress = Callable[[str], None]

ROOM = Path(__file__).parent


@cache
def engine_digest() -> str:
    """A digest of the room's code (the engine's and ours), data and the accounting factor files."""
    h = hashlib.sha256()
    files = sorted(ROOM.glob("*.py"))
    files += sorted((ROOM / "data").glob("*.yaml")) + sorted((ROOM.parent / "accounting" / "factors").glob("*"))
    for path in files:
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def _fail(field: str, reason: str) -> RoadmapInputError:
    return RoadmapInputError([InputIssue(WHERE, field, reason)])


def check_params(runs: int, seed: int, horizon: int) -> None:
    issues = []
    if not isinstance(runs, int) or not 0 <= runs <= MAX_RUNS:
        issues.append(InputIssue(WHERE, "runs", f"须在 0–{MAX_RUNS} 之间 / must be in 0–{MAX_RUNS}: {runs!r}"))
    if not isinstance(seed, int) or seed < 0:
        issues.append(InputIssue(WHERE, "seed", f"须为非负整数 / must be a whole number ≥ 0: {seed!r}"))
    if not isinstance(horizon, int) or not MIN_HORIZON <= horizon <= MAX_HORIZON:
        issues.append(InputIssue(WHERE, "horizon", f"须在 {MIN_HORIZON}–{MAX_HORIZON} 之间 / must be in "
                                                   f"{MIN_HORIZON}–{MAX_HORIZON}: {horizon!r}"))
    if issues:
        raise RoadmapInputError(issues)


def _ids(requested: Iterable[str] | None, specs: dict[str, engine.ScenarioSpec]) -> list[str]:
    ids = list(dict.fromkeys(requested or specs))
    unknown = [i for i in ids if i not in specs]
    if unknown:
        known = ", ".join(specs) or "—"
        raise RoadmapInputError([InputIssue(WHERE, "scenario", f"没有此情景 / no such scenario: {u} "
                                                               f"(有 / known: {known})") for u in unknown])
    if not ids:
        raise _fail("scenario", "尚无情景，请先运行 carbonpeak setup / no scenarios: run carbonpeak setup first")
    return ids


def focus_of(ids: Sequence[str], focus: str | None = None) -> str:
    """The scenario attributed and run with uncertainty: the one named, else the plan, else the last."""
    if focus and focus in ids:
        return focus
    return PLAN if PLAN in ids else ids[-1]


def baseline_of(resolved: engine.ResolvedScenario) -> str | None:
    """What the focus scenario's measures are measured against: `baseline` if it descends from it,
    else the root of its lineage; None for the baseline itself."""
    lineage = resolved.lineage
    base = BASELINE if BASELINE in lineage else lineage[0]
    return None if base == resolved.spec.id else base


def _resolve_all(ids: Iterable[str], specs: dict[str, engine.ScenarioSpec]) -> dict[str, engine.ResolvedScenario]:
    out: dict[str, engine.ResolvedScenario] = {}
    issues: list[InputIssue] = []
    for sid in ids:
        try:
            out[sid] = engine.resolve(specs, sid)
        except engine.ScenarioError as exc:
            issues += exc.issues
    if issues:
        raise RoadmapInputError(issues)
    return out


def run_key(kind: str, resolved: dict[str, engine.ResolvedScenario], specs: dict[str, engine.ScenarioSpec],
            **params: Any) -> str:
    involved = sorted({sid for r in resolved.values() for sid in r.lineage})
    payload = {"kind": kind, "engine": engine_digest(), "order": list(resolved), "params": params,
               "specs": {sid: snapshot_of_spec(specs[sid]) for sid in involved}}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _cached_status(key: str, compute: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any], bool]:
    """The result stored under `key`, or computed and stored now; and whether it was computed now."""
    hit = CachedRun.objects.filter(key=key).values_list("result", flat=True).first()
    if hit is not None:
        return dict(hit), False
    started = time.perf_counter()
    result = compute()
    CachedRun.objects.update_or_create(key=key, defaults={"result": result,
                                                          "seconds": time.perf_counter() - started})
    stale = CachedRun.objects.order_by("-created_at", "-id").values_list("id", flat=True)[KEEP_CACHED:]
    CachedRun.objects.filter(id__in=list(stale)).delete()
    return result, True


def _cached(key: str, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    return _cached_status(key, compute)[0]


# --- the progress scenario -----------------------------------------------------------------------


def is_progress(resolved: engine.ResolvedScenario) -> bool:
    """Anchored on what happened: the bundled progress scenario and every scenario that descends from it."""
    return PROGRESS in resolved.lineage


def tracked_inputs(resolved: Iterable[engine.ResolvedScenario], as_of: date | None = None
                   ) -> progress.ProgressInputs | None:
    """The database's inventories and observations when one of the scenarios is anchored on them."""
    if not any(is_progress(r) for r in resolved):
        return None
    return progress_data.gather(as_of or timezone.localdate(), load_base_data().base_year)


def _version(inputs: progress.ProgressInputs | None) -> str | None:
    return None if inputs is None else progress_data.input_version(inputs, engine_digest())


def _result(r: engine.ResolvedScenario, horizon: int, inputs: progress.ProgressInputs | None
            ) -> tuple[analysis.ScenarioResult, progress.ProgressRun | None]:
    if inputs is not None and is_progress(r):
        anchored = progress.run_progress(r, inputs, horizon)
        return anchored.result, anchored
    return analysis.run_scenario(r, horizon), None


def _scenario_answer(r: engine.ResolvedScenario, horizon: int, inputs: progress.ProgressInputs | None
                     ) -> dict[str, Any]:
    result, anchored = _result(r, horizon, inputs)
    answer = analysis.scenario_json(result)
    if anchored is not None:
        answer["progress"] = progress.provenance_json(anchored)
    return answer


def _compute(resolved: dict[str, engine.ResolvedScenario], specs: dict[str, engine.ScenarioSpec], focus: str,
             runs: int, seed: int, horizon: int, extras: bool, step_done: Progress | None,
             inputs: progress.ProgressInputs | None = None) -> dict[str, Any]:
    def step(label: str) -> None:
        if step_done is not None:
            step_done(label)

    results: dict[str, analysis.ScenarioResult] = {}
    anchored: dict[str, progress.ProgressRun] = {}
    for sid, r in resolved.items():
        results[sid], run_ = _result(r, horizon, inputs)
        if run_ is not None:
            anchored[sid] = run_
        step(sid)
    target = resolved[focus]
    # The progress scenario is not attributed: part of its levers is history, not a measure to credit.
    base_id = None if focus in anchored else baseline_of(target)
    attribution = None
    if base_id is not None:
        baseline = resolved.get(base_id) or engine.resolve(specs, base_id)
        attribution = analysis.attribute(target, baseline, horizon=horizon, seed=seed)
    step("attribution")
    pmc, mc = None, None
    if runs > 0 and focus in anchored and inputs is not None:
        pmc = ontrack.progress_monte_carlo(target, inputs, runs, seed, horizon)
        mc = pmc.monte_carlo
    elif runs > 0:
        mc = analysis.monte_carlo(target, runs, seed, horizon=horizon)
    step("monte carlo")
    answer = analysis.result_json(results, attribution, mc)
    answer["run"] = {"focus": focus, "baseline": base_id, "runs": runs, "seed": seed, "horizon": horizon}
    for sid, run_ in anchored.items():
        answer["scenarios"][sid]["progress"] = progress.provenance_json(run_)
    if focus in anchored:
        answer["base_year"] = anchored[focus].base_year
        answer["on_track"] = None if pmc is None else ontrack.on_track_json(anchored[focus], pmc)
        answer["progress"] = {**answer["scenarios"][focus]["progress"], "input_version": _version(inputs)}
    if extras:
        # A tornado of the anchored path is not computed: its inputs would move history too.
        answer["tornado"] = [] if focus in anchored else [
            _sensitivity(s) for s in analysis.tornado(target, horizon=horizon)]
        step("tornado")
    return answer


def _sensitivity(s: Any) -> dict[str, Any]:
    as_dict = getattr(s, "as_dict", None)
    return dict(as_dict()) if callable(as_dict) else dict(s.__dict__)


def steps(ids: Sequence[str], runs: int, extras: bool = False) -> int:
    """How many progress steps `run` reports (for a progress bar)."""
    return len(ids) + 2 + int(extras)


def run(ids: Iterable[str] | None = None, *, runs: int = DEFAULT_RUNS, seed: int = 0,
        horizon: int = DEFAULT_HORIZON, focus: str | None = None, extras: bool = False,
        progress: Progress | None = None, as_of: date | None = None) -> dict[str, Any]:
    """Run stored scenarios (all when `ids` is empty) and answer in the CLI's JSON shape; `extras` adds
    the tornado of the focus scenario. Cached by everything the answer depends on. A progress scenario
    reads the inventories and observations as of `as_of` (today by default)."""
    return run_with_status(ids, runs=runs, seed=seed, horizon=horizon, focus=focus, extras=extras,
                           progress=progress, as_of=as_of)[0]


def run_with_status(ids: Iterable[str] | None = None, *, runs: int = DEFAULT_RUNS, seed: int = 0,
                    horizon: int = DEFAULT_HORIZON, focus: str | None = None, extras: bool = False,
                    progress: Progress | None = None, as_of: date | None = None) -> tuple[dict[str, Any], bool]:
    """`run`, and whether the answer was computed now (False: read back from the cache)."""
    check_params(runs, seed, horizon)
    specs = all_specs()
    chosen = _ids(ids, specs)
    resolved = _resolve_all(chosen, specs)
    target = focus_of(chosen, focus)
    inputs = tracked_inputs(resolved.values(), as_of)
    key = run_key("run", resolved, specs, focus=target, runs=runs, seed=seed, horizon=horizon, extras=extras,
                  inputs=_version(inputs))
    return _cached_status(key, lambda: _compute(resolved, specs, target, runs, seed, horizon, extras, progress,
                                                 inputs))


def _monte_carlo_json(r: engine.ResolvedScenario, runs: int, seed: int, horizon: int,
                      inputs: progress.ProgressInputs | None) -> dict[str, Any]:
    if inputs is not None and is_progress(r):
        return analysis.monte_carlo_json(ontrack.progress_monte_carlo(r, inputs, runs, seed, horizon).monte_carlo)
    return analysis.monte_carlo_json(analysis.monte_carlo(r, runs, seed, horizon=horizon))


def uncertainty(scenario_id: str, *, runs: int, seed: int = 0, horizon: int = DEFAULT_HORIZON) -> dict[str, Any]:
    """Monte Carlo summary of one scenario (the comparison table's P(peak ≤ 2030)), cached."""
    check_params(runs, seed, horizon)
    specs = all_specs()
    resolved = _resolve_all(_ids([scenario_id], specs), specs)
    inputs = tracked_inputs(resolved.values())
    key = run_key("monte_carlo", resolved, specs, runs=runs, seed=seed, horizon=horizon, inputs=_version(inputs))
    return _cached(key, lambda: _monte_carlo_json(resolved[scenario_id], runs, seed, horizon, inputs))


def _own_result(sid: str, specs: dict[str, engine.ScenarioSpec], horizon: int) -> dict[str, Any] | None:
    try:
        resolved = _resolve_all([sid], specs)
    except RoadmapInputError:
        return None  # shown without figures; its page names the problem
    inputs = tracked_inputs(resolved.values())
    key = run_key("scenario", resolved, specs, horizon=horizon, inputs=_version(inputs))
    return _cached(key, lambda: _scenario_answer(resolved[sid], horizon, inputs))


def peaks(horizon: int = DEFAULT_HORIZON) -> dict[str, dict[str, Any]]:
    """Every stored scenario's own result (no attribution, no Monte Carlo), by id, for the list page."""
    specs = all_specs()
    found = {sid: _own_result(sid, specs, horizon) for sid in specs}
    return {sid: r for sid, r in found.items() if r is not None}


def export_iamc(ids: Iterable[str] | None, fmt: str, *, horizon: int = DEFAULT_HORIZON) -> bytes:
    """The scenarios' pathways in the IAMC format (model, scenario, region, variable, unit, years)."""
    check_params(0, 0, horizon)
    specs = all_specs()
    resolved = _resolve_all(_ids(ids, specs), specs)
    inputs = tracked_inputs(resolved.values())
    results = {sid: _result(r, horizon, inputs)[0] for sid, r in resolved.items()}
    rows = iamc.iamc_rows(results, region=load_base_data().region_iamc or "Jinshan")
    if fmt == "csv":
        text = io.StringIO()
        iamc.write_iamc_csv(rows, text)
        return text.getvalue().encode("utf-8")
    binary = io.BytesIO()
    iamc.write_iamc_xlsx(rows, binary, meta=iamc.iamc_meta(results))
    return binary.getvalue()


DASHBOARD_RUNS = DEFAULT_RUNS


@cached_read(versions.PAGES)  # kept per data version: every dashboard view and the public site read it
def dashboard_peak(horizon: int = DEFAULT_HORIZON) -> dict[str, Any] | None:
    """The plan scenario's peak and P(peak by 2030) for the dashboard card; None without a plan
    scenario (or when it cannot be resolved). Cached by version like every run."""
    specs = all_specs()
    if PLAN not in specs:
        return None
    try:
        own = _own_result(PLAN, specs, horizon)
        if own is None:
            return None
        mc = uncertainty(PLAN, runs=DASHBOARD_RUNS, seed=0, horizon=horizon)
    except (RoadmapInputError, engine.ScenarioError):
        return None
    return {"scenario": PLAN, "name_zh": own["name_zh"], "name_en": own["name_en"], "peak_year": own["peak_year"],
            "peak_co2_t": own["peak_co2_t"], "before_2030": own["before_2030"],
            "p_peak_by_2030": mc["p_peak_by_2030"], "runs": mc["runs"], "illustrative": own["illustrative"]}


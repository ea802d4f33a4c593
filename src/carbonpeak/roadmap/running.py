"""Running stored scenarios through the engine, with results kept by what they depend on (Django side).

`run()` answers in the CLI's `--json` shape (`analysis.result_json`): every requested scenario,
the attribution of the focus scenario (the plan, unless another is named) against the baseline,
and a Monte Carlo run of the focus scenario. A result is stored in `CachedRun` under a digest of
the resolved scenarios, the engine's code and data, runs, seed and horizon, so a page or the
dashboard shows it again without computing; any save makes a new version and so a new key.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from carbonpeak.accounting.issues import InputIssue
from carbonpeak.roadmap import analysis, build, cli, iamc
from carbonpeak.roadmap import scenario as engine
from carbonpeak.roadmap.basedata import load_base_data
from carbonpeak.roadmap.models import CachedRun
from carbonpeak.roadmap.services import RoadmapInputError, all_specs, snapshot_of_spec

DEFAULT_RUNS = cli.DEFAULT_RUNS
MAX_RUNS = 20_000
DEFAULT_HORIZON = build.DEFAULT_HORIZON
MAX_HORIZON = build.MAX_HORIZON
MIN_HORIZON = 2021
PLAN, BASELINE = "plan", "baseline"
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


def _cached(key: str, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    hit = CachedRun.objects.filter(key=key).values_list("result", flat=True).first()
    if hit is not None:
        return dict(hit)
    started = time.perf_counter()
    result = compute()
    CachedRun.objects.update_or_create(key=key, defaults={"result": result,
                                                          "seconds": time.perf_counter() - started})
    stale = CachedRun.objects.order_by("-created_at", "-id").values_list("id", flat=True)[KEEP_CACHED:]
    CachedRun.objects.filter(id__in=list(stale)).delete()
    return result


def _compute(resolved: dict[str, engine.ResolvedScenario], specs: dict[str, engine.ScenarioSpec], focus: str,
             runs: int, seed: int, horizon: int, extras: bool, progress: Progress | None) -> dict[str, Any]:
    def step(label: str) -> None:
        if progress is not None:
            progress(label)

    results: dict[str, analysis.ScenarioResult] = {}
    for sid, r in resolved.items():
        results[sid] = analysis.run_scenario(r, horizon)
        step(sid)
    target = resolved[focus]
    base_id = baseline_of(target)
    attribution = None
    if base_id is not None:
        baseline = resolved.get(base_id) or engine.resolve(specs, base_id)
        attribution = analysis.attribute(target, baseline, horizon=horizon, seed=seed)
    step("attribution")
    mc = analysis.monte_carlo(target, runs, seed, horizon=horizon) if runs > 0 else None
    step("monte carlo")
    answer = analysis.result_json(results, attribution, mc)
    answer["run"] = {"focus": focus, "baseline": base_id, "runs": runs, "seed": seed, "horizon": horizon}
    if extras:
        answer["tornado"] = [_sensitivity(s) for s in analysis.tornado(target, horizon=horizon)]
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
        progress: Progress | None = None) -> dict[str, Any]:
    """Run stored scenarios (all when `ids` is empty) and answer in the CLI's JSON shape; `extras` adds
    the tornado of the focus scenario. Cached by everything the answer depends on."""
    check_params(runs, seed, horizon)
    specs = all_specs()
    chosen = _ids(ids, specs)
    resolved = _resolve_all(chosen, specs)
    target = focus_of(chosen, focus)
    key = run_key("run", resolved, specs, focus=target, runs=runs, seed=seed, horizon=horizon, extras=extras)
    return _cached(key, lambda: _compute(resolved, specs, target, runs, seed, horizon, extras, progress))


def uncertainty(scenario_id: str, *, runs: int, seed: int = 0, horizon: int = DEFAULT_HORIZON) -> dict[str, Any]:
    """Monte Carlo summary of one scenario (the comparison table's P(peak ≤ 2030)), cached."""
    check_params(runs, seed, horizon)
    specs = all_specs()
    resolved = _resolve_all(_ids([scenario_id], specs), specs)
    key = run_key("monte_carlo", resolved, specs, runs=runs, seed=seed, horizon=horizon)
    return _cached(key, lambda: analysis.monte_carlo_json(
        analysis.monte_carlo(resolved[scenario_id], runs, seed, horizon=horizon)))


def _scenario_json(resolved: engine.ResolvedScenario, horizon: int) -> Callable[[], dict[str, Any]]:
    return lambda: analysis.scenario_json(analysis.run_scenario(resolved, horizon))


def _own_result(sid: str, specs: dict[str, engine.ScenarioSpec], horizon: int) -> dict[str, Any] | None:
    try:
        resolved = _resolve_all([sid], specs)
    except RoadmapInputError:
        return None  # shown without figures; its page names the problem
    key = run_key("scenario", resolved, specs, horizon=horizon)
    return _cached(key, _scenario_json(resolved[sid], horizon))


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
    results = {sid: analysis.run_scenario(r, horizon) for sid, r in resolved.items()}
    rows = iamc.iamc_rows(results, region=load_base_data().region_iamc or "Jinshan")
    if fmt == "csv":
        text = io.StringIO()
        iamc.write_iamc_csv(rows, text)
        return text.getvalue().encode("utf-8")
    binary = io.BytesIO()
    iamc.write_iamc_xlsx(rows, binary, meta=iamc.iamc_meta(results))
    return binary.getvalue()


DASHBOARD_RUNS = DEFAULT_RUNS


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

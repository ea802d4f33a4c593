"""Attribution of a scenario's reduction to its measures (减排贡献分解), by Shapley values.

Pure module (no Django). The game: v(S) = emissions (net by default) in each year when the
measures in S run as in the scenario and the others as in the baseline. A measure the two
scenarios share unchanged always runs; if the scenarios' model parameters differ, the
difference is one more player, "parameters". Each player's contribution is

    φ_i = Σ_{S ∌ i} |S|! (n − |S| − 1)! / n! × [v(S) − v(S ∪ {i})]        (tCO2, baseline − scenario)

which sums exactly to v(∅) − v(N) = baseline − scenario (efficiency) and does not depend on the
order the measures are listed in (symmetry; the model itself is order-independent). With up to
16 players every one of the 2^n subsets is evaluated in one chunked batch (delivery 0 or 1);
above that, or when `samples` is given, random permutations are drawn and φ_i is the mean
marginal contribution, with its standard error (std / √samples). Each permutation's marginals
also sum exactly to the difference. Shapley (1953); Castro, Gómez & Tejada (2009) for sampling.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import factorial

import numpy as np

from carbonpeak.roadmap.build import DEFAULT_HORIZON, Built, build
from carbonpeak.roadmap.issues import InputIssue, ScenarioError
from carbonpeak.roadmap.model import (
    DEFAULT_CHUNK,
    METRICS,
    CompiledMeasure,
    CompiledModel,
    FloatArray,
    compile_model,
    simulate,
    simulate_metric,
)
from carbonpeak.roadmap.scenario import ResolvedScenario

MAX_EXACT = 16
DEFAULT_SAMPLES = 2000
PARAMETERS_PLAYER = "parameters"


@dataclass(frozen=True)
class Attribution:
    scenario_id: str
    baseline_id: str
    metric: str  # "net_co2_t" (default) or "co2_t"
    years: tuple[int, ...]
    measure_ids: tuple[str, ...]
    labels_zh: tuple[str, ...]
    labels_en: tuple[str, ...]
    contributions: FloatArray  # (n, T) tCO2 avoided, baseline − scenario
    method: str  # "exact" | "sampled"
    standard_error: FloatArray | None  # (n, T); None for exact
    residual: float  # max |Σ contributions − (baseline − scenario)| over years, tCO2
    baseline: FloatArray  # (T,)
    scenario: FloatArray  # (T,)
    samples: int | None = None


@dataclass(frozen=True)
class Game:
    """The scenario-versus-baseline game as one compiled model and how players map to deliveries."""

    model: CompiledModel
    players: tuple[str, ...]
    labels_zh: tuple[str, ...]
    labels_en: tuple[str, ...]
    fixed: FloatArray  # (M,) delivery of measures that always run (0 elsewhere)
    off: FloatArray  # (n, M) delivery a player adds when it is out of the coalition (baseline version)
    on: FloatArray  # (n, M) delivery a player adds when it is in (scenario version)
    base_params: dict[str, FloatArray]
    scen_params: dict[str, FloatArray]
    param_player: int | None

    def deliveries(self, z: np.ndarray) -> FloatArray:
        """(K, M) deliveries for coalitions z (K, n) of 0/1."""
        zf = z.astype(np.float64)
        return np.asarray(self.fixed[None, :] + (1.0 - zf) @ self.off + zf @ self.on, dtype=np.float64)

    def params(self, z: np.ndarray) -> dict[str, FloatArray]:
        if self.param_player is None:
            return self.scen_params
        pick = z[:, self.param_player].astype(bool)
        return {k: np.where(pick, self.scen_params[k], self.base_params[k]) for k in self.scen_params}

    def values(self, z: np.ndarray, metric: str, chunk: int = DEFAULT_CHUNK) -> FloatArray:
        return simulate_metric(self.model, self.params(z), self.deliveries(z), METRICS[metric], chunk)


def _labels(resolved: ResolvedScenario) -> dict[str, tuple[str, str]]:
    return {m.id: (m.label_zh, m.label_en) for m in resolved.measures}


def build_game(scenario: ResolvedScenario, baseline: ResolvedScenario, horizon: int = DEFAULT_HORIZON
               ) -> tuple[Game, Built, Built]:
    s, b = build(scenario, horizon), build(baseline, horizon)
    if s.model.base is not b.model.base:
        raise ScenarioError([InputIssue(scenario.spec.id, "base", "两个情景的基年数据不同 / the scenarios use "
                                                                  "different base data")])
    s_meas = dict(zip(s.measure_ids, zip(s.model.measures, s.delivery, strict=True), strict=True))
    b_meas = dict(zip(b.measure_ids, zip(b.model.measures, b.delivery, strict=True), strict=True))
    labels = {**_labels(baseline), **_labels(scenario)}
    measures: list[CompiledMeasure] = []
    fixed: list[float] = []
    player_cols: list[tuple[str, int | None, int | None, float, float]] = []
    for mid in [*s_meas, *(m for m in b_meas if m not in s_meas)]:
        sm, sd = s_meas.get(mid, (None, 0.0))
        bm, bd = b_meas.get(mid, (None, 0.0))
        if sm is not None and bm is not None and sd == bd and sm.same_as(bm):
            if sd > 0:
                measures.append(sm)
                fixed.append(sd)
            continue
        if sd == 0 and bd == 0:
            continue
        cols: list[int | None] = []
        for m, d in ((bm, bd), (sm, sd)):
            if m is not None and d > 0:
                measures.append(m)
                fixed.append(0.0)
                cols.append(len(measures) - 1)
            else:
                cols.append(None)
        player_cols.append((mid, cols[0], cols[1], bd, sd))
    base_params, scen_params = b.params, s.params
    differs = any(not np.array_equal(base_params[k], scen_params[k]) for k in scen_params)
    n = len(player_cols) + int(differs)
    off, on = np.zeros((n, len(measures))), np.zeros((n, len(measures)))
    for i, (_, c_off, c_on, bd, sd) in enumerate(player_cols):
        if c_off is not None:
            off[i, c_off] = bd
        if c_on is not None:
            on[i, c_on] = sd
    players = [p[0] for p in player_cols]
    lz = [labels[p][0] for p in players]
    le = [labels[p][1] for p in players]
    if differs:
        players.append(PARAMETERS_PLAYER)
        lz.append("其他参数差异")
        le.append("Other parameter differences")
    model = compile_model(s.model.base, s.model.years, measures)
    game = Game(model, tuple(players), tuple(lz), tuple(le), np.array(fixed, dtype=np.float64), off, on,
                base_params, scen_params, len(players) - 1 if differs else None)
    return game, s, b


def shapley_weights(n: int) -> FloatArray:
    """|S|! (n − |S| − 1)! / n! for |S| = 0..n−1."""
    return np.array([factorial(k) * factorial(n - k - 1) / factorial(n) for k in range(n)], dtype=np.float64)


def exact_shapley(values: FloatArray, n: int) -> FloatArray:
    """φ (n, T) from v of all 2^n coalitions (row s = coalition with bit i set for player i)."""
    idx = np.arange(1 << n, dtype=np.int64)
    pop = np.zeros(idx.size, dtype=np.int64)
    for i in range(n):
        pop += (idx >> i) & 1
    w = shapley_weights(n)
    phi = np.empty((n, values.shape[1]))
    for i in range(n):
        without = idx[((idx >> i) & 1) == 0]
        phi[i] = w[pop[without]] @ (values[without | (1 << i)] - values[without])
    return phi


def _sampled(game: Game, metric: str, samples: int, seed: int) -> tuple[FloatArray, FloatArray]:
    n = len(game.players)
    rng = np.random.default_rng(seed)
    order = np.argsort(rng.random((samples, n)), axis=1)  # one random permutation per row
    rank = np.argsort(order, axis=1)  # position of each player in its permutation
    steps = np.arange(n + 1)
    z = (rank[:, None, :] < steps[None, :, None]).reshape(samples * (n + 1), n)  # prefixes of each permutation
    v = game.values(z.astype(np.int8), metric).reshape(samples, n + 1, -1)
    marg = v[:, 1:, :] - v[:, :-1, :]  # (samples, n positions, T)
    by_player = np.take_along_axis(marg, rank[:, :, None], axis=1)  # (samples, n players, T)
    mean = by_player.mean(axis=0)
    se = by_player.std(axis=0, ddof=1) / np.sqrt(samples) if samples > 1 else np.full_like(mean, np.inf)
    return mean, se


def attribute(
    scenario: ResolvedScenario,
    baseline: ResolvedScenario,
    horizon: int = DEFAULT_HORIZON,
    samples: int | None = None,
    seed: int = 0,
    metric: str = "net_co2_t",
) -> Attribution:
    """Each measure's contribution to baseline − scenario for every year (tCO2).

    Exact when there are at most 16 players and `samples` is None; otherwise `samples`
    permutations (default 2000) with a standard error per measure and year."""
    if metric not in METRICS:
        raise ScenarioError([InputIssue("attribution", "metric", f"应为 {', '.join(METRICS)} / must be one of them")])
    game, s, b = build_game(scenario, baseline, horizon)
    n = len(game.players)
    fn = METRICS[metric]
    scen = fn(simulate(s.model, s.params, s.delivery[None, :]))[0]
    base = fn(simulate(b.model, b.params, b.delivery[None, :]))[0]
    se: FloatArray | None = None
    if n == 0:
        contributions = np.zeros((0, game.model.n_years))
        method = "exact"
    elif samples is None and n <= MAX_EXACT:
        z = ((np.arange(1 << n, dtype=np.int64)[:, None] >> np.arange(n)) & 1).astype(np.int8)
        contributions = -exact_shapley(game.values(z, metric), n)
        method = "exact"
    else:
        count = samples if samples is not None else DEFAULT_SAMPLES
        if count < 2:
            raise ScenarioError([InputIssue("attribution", "samples", "至少为2 / must be at least 2")])
        mean, se = _sampled(game, metric, count, seed)
        contributions = -mean
        method = "sampled"
        samples = count
    residual = float(np.max(np.abs(contributions.sum(axis=0) - (base - scen)))) if n else float(
        np.max(np.abs(base - scen)))
    return Attribution(
        scenario_id=scenario.spec.id, baseline_id=baseline.spec.id, metric=metric,
        years=tuple(int(y) for y in game.model.years), measure_ids=game.players, labels_zh=game.labels_zh,
        labels_en=game.labels_en, contributions=contributions, method=method, standard_error=se,
        residual=residual, baseline=base, scenario=scen, samples=samples if method == "sampled" else None,
    )

"""Validation and estimation (VEE, 数据校验与估算) of one meter's readings.

Pure module (no Django), vectorised with numpy. `validate` takes a meter's readings (sorted,
unique timestamps; values already multiplied by the meter's CT/PT multiplier) and returns, beside
each raw value — which is never changed — its flags (`vocabulary.Flag`) and the validated energy
of the interval that ends at it. `estimate_gaps` fills short gaps by linear interpolation.
Editing by hand is the Django side's (audited) work.

Defaults are in `vee.yaml`, each with why; docs/methodology/monitoring.md ("Validation",
"Estimation") gives every rule with its formula.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from carbonpeak.common.yaml_files import parse_yaml
from carbonpeak.monitoring.readings.series import (
    Bools,
    Floats,
    Ints,
    cover,
    previous_index,
    robust_outliers,
    runs,
    side_medians,
)
from carbonpeak.monitoring.vocabulary import Flag, MeterKind

SETTINGS_FILE = Path(__file__).with_name("vee.yaml")


class NegativeDeltaPolicy(StrEnum):
    """How a cumulative register going down is read."""

    ROLLOVER = "rollover"  # wrapped past register_max: delta = register_max − previous + value
    REPLACEMENT = "replacement"  # a new meter counting from zero: delta = value
    FLAG = "flag"  # no guess: flagged, energy unknown (NaN) until a person edits it


@cache
def _defaults() -> dict[str, Any]:
    raw = parse_yaml(SETTINGS_FILE.read_text(encoding="utf-8"))
    return dict(raw)


_D = _defaults()
_DEFAULT_POLICY = NegativeDeltaPolicy(_D["negative_delta"])


@dataclass(frozen=True)
class VeeSettings:
    """The VEE rules' parameters for one meter; `default_settings()` checks them."""

    interval_s: int = int(_D["interval_s"])
    negative_delta: NegativeDeltaPolicy = _DEFAULT_POLICY
    register_max: float | None = None  # the value after which the register wraps to zero
    spike_window: int = int(_D["spike_window"])
    spike_k: float = float(_D["spike_k"])
    spike_floor: float = float(_D["spike_floor"])
    flat_line_points: int = int(_D["flat_line_points"])
    max_estimate_gap_s: int = int(_D["max_estimate_gap_s"])
    minimum: float | None = None  # of the energy per interval, in the meter's unit
    maximum: float | None = None
    gap_factor: float = float(_D["gap_factor"])
    glitch_run: int = int(_D["glitch_run"])


def _settings_problems(s: VeeSettings) -> list[str]:
    problems = []
    positive = {"interval_s": s.interval_s, "spike_k": s.spike_k, "gap_factor": s.gap_factor,
                "glitch_run": s.glitch_run}
    problems += [f"{name}: 必须大于零 / must be greater than zero ({value!r})"
                 for name, value in positive.items() if not value > 0]
    if not s.spike_window >= 2:
        problems.append(f"spike_window: 至少为 2 / must be at least 2 ({s.spike_window!r})")
    if not s.flat_line_points >= 2:
        problems.append(f"flat_line_points: 至少为 2 / must be at least 2 ({s.flat_line_points!r})")
    if not s.spike_floor >= 0:
        problems.append(f"spike_floor: 不能为负 / must not be negative ({s.spike_floor!r})")
    if not s.max_estimate_gap_s >= 0:
        problems.append(f"max_estimate_gap_s: 不能为负 / must not be negative ({s.max_estimate_gap_s!r})")
    if s.register_max is not None and not s.register_max > 0:
        problems.append(f"register_max: 必须大于零 / must be greater than zero ({s.register_max!r})")
    if s.minimum is not None and s.maximum is not None and s.minimum > s.maximum:
        problems.append(f"minimum: 大于 maximum / greater than maximum ({s.minimum!r} > {s.maximum!r})")
    return problems


def default_settings(**overrides: Any) -> VeeSettings:
    """The defaults of vee.yaml with `overrides`; ValueError (zh / en, naming the field) if any is bad."""
    known = {f.name for f in dataclasses.fields(VeeSettings)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ValueError(f"{', '.join(unknown)}: 未知的 VEE 参数 / unknown VEE setting")
    if "negative_delta" in overrides:
        try:
            overrides["negative_delta"] = NegativeDeltaPolicy(overrides["negative_delta"])
        except ValueError as exc:
            allowed = ", ".join(p.value for p in NegativeDeltaPolicy)
            raise ValueError(f"negative_delta: 应为 {allowed} 之一 / must be one of {allowed}") from exc
    settings = dataclasses.replace(VeeSettings(), **overrides)
    problems = _settings_problems(settings)
    if problems:
        raise ValueError("; ".join(problems))
    return settings


def settings_for_meter(
    interval_s: int, register_max: float | None = None, minimum: float | None = None, maximum: float | None = None,
    multiplier: float = 1.0,
) -> VeeSettings:
    """Settings for a registered meter: a declared register_max means a fall is read as a rollover.

    `register_max` is as the register shows it; VEE sees values after the multiplier, so it is scaled.
    `minimum` and `maximum` are of the energy per interval, already in the meter's unit.
    """
    policy = NegativeDeltaPolicy.ROLLOVER if register_max is not None else VeeSettings.negative_delta
    top = register_max * multiplier if register_max is not None else None
    return default_settings(interval_s=interval_s, register_max=top, minimum=minimum, maximum=maximum,
                            negative_delta=policy)


@dataclass(frozen=True)
class Checked:
    """Readings with their flags and the validated energy of the interval ending at each (NaN: none)."""

    timestamps: Ints
    values: Floats
    flags: Ints
    energy: Floats


@dataclass(frozen=True)
class Estimate:
    """Rows to add, all flagged ESTIMATED, and the readings whose energy they take a share of.

    For a cumulative meter the reading after a filled gap keeps only its own interval's share of
    the delta: `adjusted_timestamps` / `adjusted_energy` give its new energy (`merge_estimate`
    applies it), so the total over the gap is unchanged.
    """

    timestamps: Ints
    values: Floats
    energy: Floats
    adjusted_timestamps: Ints
    adjusted_energy: Floats

    @property
    def flags(self) -> Ints:
        return np.full(self.timestamps.size, int(Flag.ESTIMATED), dtype=np.int64)


def _as_series(timestamps: ArrayLike, values: ArrayLike) -> tuple[Ints, Floats]:
    ts = np.asarray(timestamps, dtype=np.int64)
    v = np.asarray(values, dtype=np.float64)
    if ts.ndim != 1 or ts.shape != v.shape:
        raise ValueError(f"timestamps 与 values 长度不一致 / timestamps and values differ: {ts.shape} {v.shape}")
    if ts.size > 1 and not bool(np.all(np.diff(ts) > 0)):
        raise ValueError("timestamps: 须严格递增 / must be strictly increasing")
    return ts, v


def validate(timestamps: ArrayLike, values: ArrayLike, kind: MeterKind, settings: VeeSettings) -> Checked:
    """Flags and validated energy of every reading (docs/methodology/monitoring.md, "Validation")."""
    ts, v = _as_series(timestamps, values)
    flags = np.zeros(ts.size, dtype=np.int64)
    cumulative = kind == MeterKind.CUMULATIVE
    energy = _cumulative(ts, v, flags, settings) if cumulative else _interval(v, flags, settings)
    if ts.size > 1:
        gap = np.diff(ts) > settings.gap_factor * settings.interval_s
        flags[1:][gap] |= Flag.GAP_BEFORE
    return Checked(ts, v, flags, energy)


def _out_of_range(energy: Floats, s: VeeSettings) -> Bools:
    out = np.zeros(energy.size, dtype=np.bool_)
    if s.minimum is not None:
        out |= energy < s.minimum
    if s.maximum is not None:
        out |= energy > s.maximum
    return out


def _spikes(series: Floats, candidates: Bools, s: VeeSettings) -> Bools:
    """Robust outliers among the `candidates` positions, tested on those positions only."""
    out = np.zeros(series.size, dtype=np.bool_)
    idx = np.flatnonzero(candidates)
    out[idx] = robust_outliers(series[idx], s.spike_window, s.spike_k, s.spike_floor)
    return out


def _interval(v: Floats, flags: Ints, s: VeeSettings) -> Floats:
    """INTERVAL meters: the value is the energy; range, spike and flat-line rules on it."""
    finite = np.isfinite(v)
    energy = np.where(finite, v, np.nan)
    bad = ~finite | _out_of_range(energy, s)
    flags[bad] |= Flag.OUT_OF_RANGE
    energy[bad] = np.nan
    spike = _spikes(energy, ~bad, s)
    flags[spike] |= Flag.SPIKE
    energy[spike] = np.nan
    # A run of identical non-zero values: eq[j] says reading j+1 repeats reading j.
    eq = (v[1:] == v[:-1]) & (v[1:] != 0)
    starts, ends = runs(eq)
    long = ends - starts + 1 >= s.flat_line_points
    flags[cover(v.size, starts[long], ends[long] + 1)] |= Flag.FLAT_LINE
    return energy


def _glitches(v: Floats, run: int) -> Bools:
    """Register readings that leave the register's order for at most `run` readings and come back.

    Compared with the median of the 2·run + 1 readings before (`b`) and after (`a`) it, a monotone
    register has b ≤ v ≤ a. A reading is a glitch when a ≥ b (the register carries on, so it did
    not restart) and it is above a (a garbled high value) or below b (a dropout). A median of
    2·run + 1 is not moved by a run of `run` glitches; a replaced or rolled-over register has a < b.
    """
    before, after = side_medians(v, 2 * run + 1)
    carries_on = after >= before
    return np.asarray(carries_on & ((v > after) | (v < before)))


@dataclass(frozen=True)
class _RegisterEnergy:
    energy: Floats
    negative: Bools
    policy_flag: int
    span: Floats  # intervals covered by each delta (time since the base reading / interval_s)


def _register_energy(ts: Ints, v: Floats, trusted: Bools, s: VeeSettings) -> _RegisterEnergy:
    """Each trusted reading's delta from the previous trusted one, with the negative-delta policy."""
    base = previous_index(trusted)
    has = trusted & (base >= 0)
    b = np.where(has, base, 0)
    prev = v[b]
    with np.errstate(invalid="ignore"):
        energy = np.where(has, v - prev, np.nan)
        negative = energy < 0
    span = np.where(has, (ts - ts[b]) / s.interval_s, np.nan)
    neg = np.flatnonzero(negative)
    policy = s.negative_delta
    if policy == NegativeDeltaPolicy.ROLLOVER and s.register_max is not None:
        wrapped = s.register_max - prev[neg] + v[neg]
        energy[neg] = np.where(wrapped >= 0, wrapped, np.nan)  # a value above register_max is no rollover
        policy_flag = int(Flag.ROLLOVER)
    elif policy == NegativeDeltaPolicy.REPLACEMENT:
        energy[neg] = v[neg]
        policy_flag = int(Flag.METER_REPLACED)
    else:  # FLAG, or ROLLOVER without a register maximum to wrap at
        energy[neg] = np.nan
        policy_flag = 0
    return _RegisterEnergy(energy, negative, policy_flag, span)


def _cumulative(ts: Ints, v: Floats, flags: Ints, s: VeeSettings) -> Floats:
    """CUMULATIVE meters: energy is the delta from the previous trusted reading.

    Order: register glitches are untrusted; deltas bridged across them; spikes tested on the rate
    (energy per interval, so a delta spanning a gap is not a spike) and untrusted in turn (the next
    delta is bridged from the last trusted reading: no energy lost or counted twice); range tested
    on the rate of the final deltas.
    """
    finite = np.isfinite(v)
    flags[~finite] |= Flag.OUT_OF_RANGE
    glitch = _glitches(np.where(finite, v, np.nan), s.glitch_run) & finite
    trusted = finite & ~glitch
    first = _register_energy(ts, v, trusted, s)
    rate = first.energy / first.span
    testable = np.isfinite(rate) & ~_out_of_range(rate, s)
    spike = _spikes(rate, testable, s)
    # A negative-delta reading starts a new register: its delta may be NaN'd, but it stays the base.
    trusted &= ~(spike & ~first.negative)
    final = _register_energy(ts, v, trusted, s)
    energy = final.energy
    energy[spike] = np.nan
    flags[glitch | spike] |= Flag.SPIKE
    flags[final.negative] |= Flag.NEGATIVE_DELTA | final.policy_flag
    out = _out_of_range(energy / final.span, s)
    flags[out] |= Flag.OUT_OF_RANGE
    energy[out] = np.nan
    # A meter not moving: eq[j] says reading j+1 repeats reading j (a zero delta).
    eq = v[1:] == v[:-1]
    starts, ends = runs(eq)
    long = ends - starts + 1 >= s.flat_line_points
    flags[cover(v.size, starts[long] + 1, ends[long] + 1)] |= Flag.FLAT_LINE
    return energy


def estimate_gaps(checked: Checked, kind: MeterKind, settings: VeeSettings) -> Estimate:
    """Readings estimated by linear interpolation in gaps of up to max_estimate_gap_s.

    Estimates sit on the meter's grid counted from the reading before the gap. Only gaps whose
    bounding readings are trusted are filled (not a spike; a finite energy after the gap; for a
    cumulative register no fall across it). Cumulative: the register is interpolated and the delta
    of the reading after the gap is split over the estimates in proportion to time, so total energy
    is conserved. Interval: values are interpolated and the estimates *add* energy that was not
    measured (docs/methodology/monitoring.md, "Estimation").
    """
    ts, v, f, e = checked.timestamps, checked.values, checked.flags, checked.energy
    s = settings
    empty = Estimate(np.empty(0, np.int64), np.empty(0), np.empty(0), np.empty(0, np.int64), np.empty(0))
    if ts.size < 2:
        return empty
    dt = np.diff(ts)
    missing = np.rint(dt / s.interval_s).astype(np.int64) - 1
    fillable = (dt > s.gap_factor * s.interval_s) & (missing >= 1) & (missing * s.interval_s <= s.max_estimate_gap_s)
    untrusted = (f & (Flag.SPIKE | Flag.OUT_OF_RANGE)) != 0
    fillable &= ~untrusted[:-1] & np.isfinite(e[1:]) & np.isfinite(v[:-1])
    if kind == MeterKind.CUMULATIVE:
        fillable &= (f[1:] & Flag.NEGATIVE_DELTA) == 0
    else:
        fillable &= np.isfinite(e[:-1])
    after = np.flatnonzero(fillable) + 1
    if after.size == 0:
        return empty
    count = missing[after - 1]
    row = np.repeat(after, count)  # the reading after the gap, for each estimate
    step = np.arange(count.sum(), dtype=np.int64) - np.repeat(np.cumsum(count) - count, count) + 1
    est_ts = ts[row - 1] + step * s.interval_s
    share = (est_ts - ts[row - 1]) / dt[row - 1]
    est_v = v[row - 1] + share * (v[row] - v[row - 1])
    if kind == MeterKind.CUMULATIVE:
        est_e = e[row] * (s.interval_s / dt[row - 1])
        last = ts[after - 1] + count * s.interval_s
        adjusted = e[after] * ((ts[after] - last) / dt[after - 1])
        return Estimate(est_ts, est_v, est_e, ts[after].copy(), adjusted)
    return Estimate(est_ts, est_v, est_v.copy(), np.empty(0, np.int64), np.empty(0))


def merge_estimate(checked: Checked, estimate: Estimate) -> Checked:
    """The readings and estimates as one series (ESTIMATED flags set, adjusted energies applied)."""
    energy = checked.energy.copy()
    where = np.searchsorted(checked.timestamps, estimate.adjusted_timestamps)
    energy[where] = estimate.adjusted_energy
    ts = np.concatenate((checked.timestamps, estimate.timestamps))
    order = np.argsort(ts, kind="stable")
    return Checked(
        ts[order],
        np.concatenate((checked.values, estimate.values))[order],
        np.concatenate((checked.flags, estimate.flags))[order],
        np.concatenate((energy, estimate.energy))[order],
    )

"""Judging a window of one meter's readings again (重新校验): what the store must write, and why.

Pure module (no Django), numpy. `ReadingStore` loads a meter's stored rows around new readings
(or around an edit), and `judge` answers, for the rows inside the judged window:

- which incoming readings are new, which repeat a stored reading exactly (duplicates, acknowledged
  and ignored) and which disagree with one (conflicts: refused, the stored raw value stands);
- VEE (`vee.validate`, `vee.estimate_gaps`) over the whole loaded span, so each judged row has its
  context on both sides; only rows inside the window are rewritten;
- the measured rows to insert or update (flags, energy), the estimate rows to delete or insert;
- the contributions the rollups lose and gain (the old and new state of every changed row), so
  that rollups are corrected by difference (docs/methodology/monitoring.md, "Storage and rollups").

A hand-edited reading is judged on its edited value; its raw value is never touched and its
EDITED flag is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from carbonpeak.monitoring.readings.series import Bools, Floats, Ints
from carbonpeak.monitoring.readings.vee import VeeSettings, estimate_gaps, merge_estimate, validate
from carbonpeak.monitoring.vocabulary import Flag, MeterKind

# Values equal to this relative tolerance are the same reading sent again (text round trips of floats).
SAME_VALUE_RTOL = 1e-9


def context_s(settings: VeeSettings) -> int:
    """How far a new reading can change the judgement of its neighbours, in seconds.

    A flat line is a run of `flat_line_points`, a spike is judged on `spike_window` neighbours, a
    register glitch spans `glitch_run` readings and an estimate fills up to `max_estimate_gap_s`.
    The store judges [first − C, last + C] and loads [first − 2C, last + 2C], so that every judged
    row sees at least C of context on either side.
    """
    points = settings.flat_line_points + settings.spike_window + 2 * settings.glitch_run
    return points * settings.interval_s + settings.max_estimate_gap_s


@dataclass(frozen=True)
class Rows:
    """A meter's stored rows in time order. NaN energy: none; NaN edited: not edited."""

    ts: Ints
    value: Floats
    flags: Ints
    energy: Floats
    estimated: Bools
    edited: Floats

    @staticmethod
    def empty() -> Rows:
        f = np.empty(0)
        return Rows(np.empty(0, np.int64), f, np.empty(0, np.int64), f, np.empty(0, np.bool_), f)

    def take(self, mask: Bools | Ints) -> Rows:
        return Rows(self.ts[mask], self.value[mask], self.flags[mask], self.energy[mask], self.estimated[mask],
                    self.edited[mask])


@dataclass(frozen=True)
class Contribution:
    """Rows as the rollups count them: energy (NaN: not trusted) and whether measured."""

    ts: Ints
    energy: Floats
    measured: Bools

    @staticmethod
    def join(parts: list[Contribution]) -> Contribution:
        if not parts:
            return Contribution(np.empty(0, np.int64), np.empty(0), np.empty(0, np.bool_))
        return Contribution(np.concatenate([p.ts for p in parts]), np.concatenate([p.energy for p in parts]),
                            np.concatenate([p.measured for p in parts]))


def _empty_ints() -> Ints:
    return np.empty(0, np.int64)


def _empty_floats() -> Floats:
    return np.empty(0)


@dataclass
class Judgement:
    """What to write for one meter and window. Indices point into the incoming arrays."""

    accepted: Ints = field(default_factory=_empty_ints)
    duplicates: Ints = field(default_factory=_empty_ints)
    conflicts: Ints = field(default_factory=_empty_ints)
    conflict_stored: Floats = field(default_factory=_empty_floats)
    # measured rows to insert: (ts, value, flags, energy), same order as `accepted` sorted by time
    insert_ts: Ints = field(default_factory=_empty_ints)
    insert_value: Floats = field(default_factory=_empty_floats)
    insert_flags: Ints = field(default_factory=_empty_ints)
    insert_energy: Floats = field(default_factory=_empty_floats)
    # stored measured rows whose judgement changed
    update_ts: Ints = field(default_factory=_empty_ints)
    update_flags: Ints = field(default_factory=_empty_ints)
    update_energy: Floats = field(default_factory=_empty_floats)
    # estimate rows
    delete_estimate_ts: Ints = field(default_factory=_empty_ints)
    estimate_ts: Ints = field(default_factory=_empty_ints)
    estimate_value: Floats = field(default_factory=_empty_floats)
    estimate_energy: Floats = field(default_factory=_empty_floats)
    removed: Contribution = field(default_factory=lambda: Contribution.join([]))
    added: Contribution = field(default_factory=lambda: Contribution.join([]))

    @property
    def changed(self) -> bool:
        return bool(self.insert_ts.size or self.update_ts.size or self.delete_estimate_ts.size
                    or self.estimate_ts.size)


def _same(a: Floats, b: Floats) -> Bools:
    """Element-wise equality with NaN equal to NaN."""
    return np.asarray((a == b) | (np.isnan(a) & np.isnan(b)))


def match_incoming(stored: Rows, ts: Ints, value: Floats) -> tuple[Bools, Bools, Bools, Floats]:
    """For incoming readings (sorted by time, unique): new, duplicate, conflict masks and the stored values.

    Estimate rows are not readings: a real reading at an estimated instant is new.
    """
    measured = stored.take(~stored.estimated)
    pos = np.searchsorted(measured.ts, ts)
    inside = pos < measured.ts.size
    hit = np.zeros(ts.size, dtype=np.bool_)
    hit[inside] = measured.ts[pos[inside]] == ts[inside]
    stored_value = np.full(ts.size, np.nan)
    stored_value[hit] = measured.value[pos[hit]]
    same = hit & np.isclose(value, stored_value, rtol=SAME_VALUE_RTOL, atol=0.0)
    return ~hit, same, hit & ~same, stored_value


def judge(stored: Rows, ts: Ints, value: Floats, kind: MeterKind, settings: VeeSettings,
          window: tuple[int, int]) -> Judgement:
    """Judge incoming readings (`ts` sorted and unique, values × multiplier) against the stored rows.

    `stored` holds the meter's rows over the loaded span; `window` = [lo, hi] is the span whose rows
    may be rewritten. With no incoming readings this re-judges the window (after an edit).
    """
    out = Judgement()
    new, dup, conflict, stored_value = match_incoming(stored, ts, value)
    index = np.arange(ts.size, dtype=np.int64)
    out.accepted, out.duplicates, out.conflicts = index[new], index[dup], index[conflict]
    out.conflict_stored = stored_value[conflict]
    if ts.size and not new.any():
        return out  # nothing new: a resend changes nothing

    old = stored.take(~stored.estimated)
    old_est = stored.take(stored.estimated)
    all_ts = np.concatenate((old.ts, ts[new]))
    order = np.argsort(all_ts, kind="stable")
    all_ts = all_ts[order]
    raw = np.concatenate((old.value, value[new]))[order]
    edited = np.concatenate((old.edited, np.full(int(new.sum()), np.nan)))[order]
    is_new = np.concatenate((np.zeros(old.ts.size, np.bool_), np.ones(int(new.sum()), np.bool_)))[order]
    judged_values = np.where(np.isnan(edited), raw, edited)

    checked = validate(all_ts, judged_values, kind, settings)
    merged = merge_estimate(checked, estimate_gaps(checked, kind, settings))
    est_mask = (merged.flags & Flag.ESTIMATED) != 0
    m_flags = merged.flags[~est_mask]  # measured rows, same order as all_ts
    m_flags = np.where(np.isnan(edited), m_flags, m_flags | int(Flag.EDITED))
    m_energy = merged.energy[~est_mask]

    lo, hi = window
    inside = (all_ts >= lo) & (all_ts <= hi)
    # new measured rows
    ins = inside & is_new
    out.insert_ts, out.insert_value = all_ts[ins], raw[ins]
    out.insert_flags, out.insert_energy = m_flags[ins], m_energy[ins]
    # stored measured rows whose judgement changed
    old_in_window = inside & ~is_new
    old_pos = np.searchsorted(old.ts, all_ts[old_in_window])
    changed = ~(_same(m_energy[old_in_window], old.energy[old_pos])
                & (m_flags[old_in_window] == old.flags[old_pos]))
    upd = np.flatnonzero(old_in_window)[changed]
    out.update_ts, out.update_flags, out.update_energy = all_ts[upd], m_flags[upd], m_energy[upd]
    # estimates: keep those identical, delete the others, insert the new
    e_ts, e_val, e_en = merged.timestamps[est_mask], merged.values[est_mask], merged.energy[est_mask]
    e_in = (e_ts >= lo) & (e_ts <= hi)
    e_ts, e_val, e_en = e_ts[e_in], e_val[e_in], e_en[e_in]
    o_in = (old_est.ts >= lo) & (old_est.ts <= hi)
    o_ts, o_val, o_en = old_est.ts[o_in], old_est.value[o_in], old_est.energy[o_in]
    keep_new = _matching(e_ts, e_val, e_en, o_ts, o_val, o_en)
    keep_old = _matching(o_ts, o_val, o_en, e_ts, e_val, e_en)
    out.delete_estimate_ts = o_ts[~keep_old]
    out.estimate_ts, out.estimate_value, out.estimate_energy = e_ts[~keep_new], e_val[~keep_new], e_en[~keep_new]

    old_changed = old_pos[changed]
    out.removed = Contribution.join([
        Contribution(old.ts[old_changed], old.energy[old_changed], np.ones(old_changed.size, np.bool_)),
        Contribution(o_ts[~keep_old], o_en[~keep_old], np.zeros(int((~keep_old).sum()), np.bool_)),
    ])
    out.added = Contribution.join([
        Contribution(out.insert_ts, out.insert_energy, np.ones(out.insert_ts.size, np.bool_)),
        Contribution(out.update_ts, out.update_energy, np.ones(out.update_ts.size, np.bool_)),
        Contribution(out.estimate_ts, out.estimate_energy, np.zeros(out.estimate_ts.size, np.bool_)),
    ])
    return out


def _matching(ts: Ints, val: Floats, en: Floats, other_ts: Ints, other_val: Floats, other_en: Floats) -> Bools:
    """True where a row (ts, value, energy) also appears, identical, among the other rows."""
    pos = np.searchsorted(other_ts, ts)
    found = pos < other_ts.size
    out = np.zeros(ts.size, dtype=np.bool_)
    p = pos[found]
    out[found] = (other_ts[p] == ts[found]) & _same(other_val[p], val[found]) & _same(other_en[p], en[found])
    return out

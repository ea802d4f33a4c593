"""The data problems the demo generator puts into a meter-year, each recorded so tests can look for it.

Pure module (no Django). Per meter and year: two spikes (a surge on an interval meter; a garbled
register or a dropout to zero on a cumulative one), a short gap that estimation can fill, often a
long gap, sometimes a stuck meter (flat line), and an out-of-range value on interval meters with a
declared maximum. A unit with a poor link instead loses hours of readings every day. Meter
replacements and register rollovers are made by the generator itself and passed in as reserved
moments, so nothing else is put next to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from carbonpeak.monitoring.readings.series import Floats, Ints
from carbonpeak.monitoring.vocabulary import Flag, MeterKind

SLOTS = 16  # a year is cut into slots; each anomaly gets a slot of its own
MARGIN = 40  # readings kept clean at each end of a slot, so no anomaly sits in another's VEE window


@dataclass(frozen=True)
class Anomaly:
    """An injected problem: the reading (by meter and timestamp) that VEE should flag with `kind`."""

    meter: str
    ts: int
    kind: Flag


class _Meter(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def kind(self) -> MeterKind: ...
    @property
    def interval_s(self) -> int: ...
    @property
    def maximum(self) -> float | None: ...
    @property
    def multiplier(self) -> float: ...


def _poor_link(meter: _Meter, ts: Ints, keep: NDArray[np.bool_], rng: np.random.Generator) -> list[Anomaly]:
    per_hour = max(3600 // meter.interval_s, 1)
    per_day = 24 * per_hour
    found = []
    for day in range(ts.size // per_day):
        length = int(rng.integers(4, 8)) * per_hour
        first = day * per_day + int(rng.integers(0, per_day - length))
        keep[first : first + length] = False
        if first + length < ts.size:
            found.append(Anomaly(meter.code, int(ts[first + length]), Flag.GAP_BEFORE))
    return found


def _free_slots(ts: Ints, reserved: Sequence[int], rng: np.random.Generator) -> list[int]:
    """Slots in random order, without those within MARGIN readings of a reserved moment."""
    size = ts.size // SLOTS
    near = np.searchsorted(ts, np.asarray(reserved, dtype=np.int64))
    taken = {int(i + d) // size for i in near for d in (-MARGIN, 0, MARGIN)}
    return [int(s) for s in rng.permutation(SLOTS) if int(s) not in taken]


def inject(
    meter: _Meter, ts: Ints, sent: Floats, rng: np.random.Generator, poor_link: bool, reserved: Sequence[int]
) -> tuple[Floats, NDArray[np.bool_], list[Anomaly]]:
    """The sent values with anomalies, which readings are still sent, and what was injected."""
    values = sent.copy()
    keep = np.ones(ts.size, dtype=np.bool_)
    if poor_link:
        return values, keep, _poor_link(meter, ts, keep, rng)
    per_hour = max(3600 // meter.interval_s, 1)
    size = ts.size // SLOTS
    slots = iter(_free_slots(ts, reserved, rng))
    found: list[Anomaly] = []

    def place(length: int) -> int:
        slot = next(slots)
        return slot * size + MARGIN + int(rng.integers(0, size - 2 * MARGIN - length))

    cumulative = meter.kind == MeterKind.CUMULATIVE
    for n in range(2):  # spikes
        i = place(1)
        if cumulative:
            values[i] = 0.0 if n % 2 else round(values[i] * 10 + 1000, 2)
            found.append(Anomaly(meter.code, int(ts[i]), Flag.SPIKE))
        else:
            values[i] = round(values[i] * float(rng.uniform(6, 10)), 3)
            limit = meter.maximum
            over = limit is not None and values[i] * meter.multiplier > limit
            found.append(Anomaly(meter.code, int(ts[i]), Flag.OUT_OF_RANGE if over else Flag.SPIKE))
    short = int(rng.integers(1, max(7200 // meter.interval_s - 1, 1) + 1))  # fillable by estimation
    i = place(short + 1)
    keep[i : i + short] = False
    found.append(Anomaly(meter.code, int(ts[i + short]), Flag.GAP_BEFORE))
    if rng.random() < 0.5:  # a long outage: left missing
        length = int(rng.integers(6, 49)) * per_hour
        i = place(length + 1)
        keep[i : i + length] = False
        found.append(Anomaly(meter.code, int(ts[i + length]), Flag.GAP_BEFORE))
    if rng.random() < 0.25:  # a stuck meter (or a stale value resent) for more than a day
        length = int(rng.integers(110, 201))
        i = place(length + 1)
        values[i : i + length] = values[i]
        found.append(Anomaly(meter.code, int(ts[i + length - 1]), Flag.FLAT_LINE))
        if cumulative:  # the register catches up in one reading
            found.append(Anomaly(meter.code, int(ts[i + length]), Flag.SPIKE))
    if not cumulative and meter.maximum is not None:
        i = place(1)
        values[i] = round(meter.maximum * 1.25 / meter.multiplier, 3)
        found.append(Anomaly(meter.code, int(ts[i]), Flag.OUT_OF_RANGE))
    return values, keep, found

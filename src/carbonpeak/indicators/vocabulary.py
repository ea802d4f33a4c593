"""Closed vocabularies of indicator progress and 预警. Pure: shared by the rules (`progress`), the warnings
and the models, whose Django choices are built from these enums (labels live there, values here).

One name per concept:
- `ProgressStatus`: where an indicator stands against its path (已完成 … 数据过期);
- `ProgressNote`: why a status is what it is, beyond the numbers;
- `BarometerLevel`: the NDRC 晴雨表 colour a status reads as. A 预警's level is the same thing, the
  barometer level of the status that raised it, so there is no separate warning-level enum: only red
  and orange raise a warning (`WARNING_LEVELS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "BAROMETER_LEVEL", "RECOVERED_STATUSES", "WARNING_LEVELS", "WARNING_STATUSES", "Aggregation", "Agreement",
    "BarometerLevel", "PlaceTargetKind", "ProgressNote", "ProgressStatus",
]


class ProgressStatus(StrEnum):
    ACHIEVED = "achieved"  # 已完成
    ON_TRACK = "on_track"  # 进展顺利
    AT_RISK = "at_risk"  # 存在风险
    OFF_TRACK = "off_track"  # 严重滞后
    NO_DATA = "no_data"  # 无数据
    STALE = "stale"  # 数据过期


class ProgressNote(StrEnum):
    """Why a status is what it is, beyond the numbers (shown as a sentence in the UI)."""

    MET_EARLY = "met_early"  # the target is met before its year
    MET_THEN_LOST = "met_then_lost"  # an earlier value met the target, the latest does not
    TARGET_MISSED = "target_missed"  # the target year's value (or a later one) misses it
    MISSED_A_YEAR = "missed_a_year"  # hold-every-year: a year in the window fell short
    NO_BASE = "no_base"  # the path starts at the first observation
    NO_REFERENCE = "no_reference"  # relative target without the reference value
    BEFORE_START = "before_start"  # hold-every-year: judged against its first binding year
    ALREADY_WITHIN = "already_within"  # the start already met the target: keep it there


class BarometerLevel(StrEnum):
    """The NDRC dual-control 晴雨表 levels (发改办环资〔2021〕629号)."""

    RED = "red"  # 一级预警：形势十分严峻
    ORANGE = "orange"  # 二级预警：形势比较严峻
    GREEN = "green"  # 三级预警：进展基本顺利
    NONE = "none"  # no level without data


# The 晴雨表 reading of each status: the one mapping from status to level.
BAROMETER_LEVEL: Mapping[ProgressStatus, BarometerLevel] = MappingProxyType({
    ProgressStatus.OFF_TRACK: BarometerLevel.RED,
    ProgressStatus.AT_RISK: BarometerLevel.ORANGE,
    ProgressStatus.ON_TRACK: BarometerLevel.GREEN,
    ProgressStatus.ACHIEVED: BarometerLevel.GREEN,
    ProgressStatus.NO_DATA: BarometerLevel.NONE,
    ProgressStatus.STALE: BarometerLevel.NONE,
})

# The statuses that raise (or keep open) a 预警, and the levels a warning can therefore carry, the milder
# first (the order of the warning's choices and of its database constraint).
WARNING_STATUSES = frozenset({ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK})
WARNING_LEVELS = (BarometerLevel.ORANGE, BarometerLevel.RED)
# The statuses that close an open warning; without data or with stale data it stays open.
RECOVERED_STATUSES = frozenset({ProgressStatus.ON_TRACK, ProgressStatus.ACHIEVED})


class Aggregation(StrEnum):
    """How the places' values of an indicator add up to the district's (分解到镇、街道、园区)."""

    SUM = "sum"  # capacities, counts, lengths, areas: the district is the sum of its places
    WEIGHTED_MEAN = "weighted_mean"  # rates, shares, ratios: the district is a weighted mean of its places


class PlaceTargetKind(StrEnum):
    """How the office writes a place's target: a value of its own, or a share of the district's."""

    LEVEL = "level"  # the place's own target value, of the same kind as the district target of that year
    SHARE = "share"  # percent of the district target of that year (0 < share ≤ 100)


class Agreement(StrEnum):
    """The district value beside the places' sum or weighted mean."""

    MATCH = "match"  # the same within rounding
    MISMATCH = "mismatch"  # every place reported and they still differ
    PARTIAL = "partial"  # they differ, and some places have not reported the period
    NOTHING_TO_COMPARE = "nothing"  # no district value or no place value for the period

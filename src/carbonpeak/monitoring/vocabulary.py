"""The words of the monitoring room, shared by its pure modules, models, API and pages.

Pure module (no Django): database choices are built from these enums, never from bare strings.
"""

from __future__ import annotations

from enum import IntFlag, StrEnum

# GB/T 38692-2020 and the 技术规范: real-time data every 15 minutes.
DEFAULT_INTERVAL_S = 900


class MeterKind(StrEnum):
    CUMULATIVE = "cumulative"  # a register that only grows (kWh meter, gas totaliser); energy is its delta
    INTERVAL = "interval"  # each value is the energy of the interval that ends at its timestamp


class MeterRole(StrEnum):
    TOTAL = "total"  # counts toward the unit's energy (a unit's total meters must not overlap)
    IT_LOAD = "it_load"  # a data centre's IT equipment; the PUE denominator
    SUB_METER = "sub_meter"  # a branch already inside a total meter: shown, never added to the unit


class KeyUnitLevel(StrEnum):
    NATIONAL = "national"  # ≥10,000 tce a year (重点用能单位节能管理办法)
    CITY = "city"  # designated by the city (5,000–10,000 tce)
    DISTRICT = "district"  # watched by the district


class DataCentreStage(StrEnum):
    EXISTING = "existing"  # PUE limit 1.4 (the plan: 存量数据中心)
    NEW = "new"  # PUE limit 1.3 (新建数据中心)


class Flag(IntFlag):
    """VEE flags, stored beside the raw value (docs/methodology/monitoring.md, "Validation")."""

    NONE = 0
    DUPLICATE = 1  # a second reading for the same instant in one batch
    NEGATIVE_DELTA = 2  # a cumulative register went down
    ROLLOVER = 4  # …and was read as the register wrapping past its maximum
    METER_REPLACED = 8  # …and was read as a new meter starting again from zero
    SPIKE = 16  # far from the robust local baseline (median ± k·MAD)
    GAP_BEFORE = 32  # readings are missing before this one
    FLAT_LINE = 64  # the same value for longer than allowed on a meter that should move
    OUT_OF_RANGE = 128  # outside the meter's declared physical range
    ESTIMATED = 256  # not measured: filled in by linear estimation across a short gap
    EDITED = 512  # changed by hand (the raw value is kept; the edit is audited)


class Grain(StrEnum):
    HOUR = "hour"
    DAY = "day"
    MONTH = "month"


class Scope(StrEnum):
    """What a rollup row is summed over."""

    METER = "meter"
    UNIT = "unit"
    INDUSTRY = "industry"  # GB/T 4754 division (2 digits) of the unit
    TOWN = "town"


class AlertKind(StrEnum):
    SILENT = "silent"  # no reading from the unit for more than N hours
    LOW_COMPLETENESS = "low_completeness"  # below 90 % of expected readings
    PUE_ABOVE_LIMIT = "pue_above_limit"  # a data centre's monthly PUE above 1.4 / 1.3
    PUE_ANNUAL_ABOVE_LIMIT = "pue_year_above_limit"  # its PUE over a year (or the year to date) above the limit
    AHEAD_OF_BUDGET = "ahead_of_budget"  # consumption running ahead of the unit's annual energy budget


class AlertState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"

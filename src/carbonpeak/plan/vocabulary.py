"""Closed vocabularies of a plan file. Pure: shared by the file parser and the models."""

from __future__ import annotations

from enum import StrEnum


class DepartmentKind(StrEnum):
    DISTRICT_BUREAU = "district_bureau"
    PARTY_BODY = "party_body"
    STATE_AGENCY = "state_agency"
    TOWN = "town"
    STREET = "street"
    PARK = "park"
    COMPANY = "company"
    COLLECTIVE = "collective"


class TimeNode(StrEnum):
    ONGOING = "ongoing"  # 持续推进
    BY_2025 = "by_2025"  # 2025年


class ResponsibilityRole(StrEnum):
    LEAD = "lead"  # 牵头 (☆)
    CO = "co"  # 配合


class Direction(StrEnum):
    INCREASE = "increase"  # higher is better: the target is a floor
    DECREASE = "decrease"  # lower is better: the target is a ceiling


class TargetKind(StrEnum):
    LEVEL = "level"
    CHANGE_VS_BASE = "change_vs_base"
    CUMULATIVE_ADDITION = "cumulative_addition"
    HOLD_EVERY_YEAR = "hold_every_year"
    RELATIVE_TO_REFERENCE = "relative_to_reference"


class PathShape(StrEnum):
    """How an indicator is expected to move from its start to a target (indicators.progress)."""

    LINEAR = "linear"  # equal steps each year
    GEOMETRIC = "geometric"  # equal rate each year (intensities, compound change)
    STEP = "step"  # nothing expected before the target year


class Cycle(StrEnum):
    """How often an indicator's value is reported; a value is stale once the next is overdue."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


class Derivation(StrEnum):
    """Indicators whose values CarbonPeak computes instead of people entering them."""

    ENERGY_INTENSITY_CHANGE = "accounting.energy_intensity_change"  # 单位GDP能耗较基年变化
    EXISTING_DATA_CENTRE_PUE = "monitoring.existing_data_centre_pue"  # 既有数据中心 PUE, energy-weighted
    NEW_DATA_CENTRE_PUE = "monitoring.new_data_centre_pue"  # 新建数据中心 PUE, energy-weighted
    INDUSTRIAL_ENERGY_SAVING = "monitoring.industrial_energy_saving"  # 百一行动: year-on-year saving of key units

"""Review tiers (节能审查 levels) and district intensity targets, read from `thresholds.yaml`.

Pure module (no Django). The defaults follow the 2023 national measures (固定资产投资项目节能审查办法,
in force 2023-06-01):

    exempt    energy < 1000 tce  AND  electricity < 5 000 000 kWh   (不满 … 且 … 不满: both strict)
    city      energy ≥ 10 000 tce                                   (及以上: inclusive)
    district  everything else

Energy is the annual comprehensive energy consumption with electricity at 当量值, for a
renovation the increase. docs/methodology/review.md ("Review tier") quotes the wording.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from carbonpeak.common.yaml_files import parse_yaml

DEFAULT_PATH = Path(__file__).parent / "thresholds.yaml"

# Floating-point sums of coefficients land a hair off a round figure (999.9999999999999 for a
# project designed at 1000 tce). Values this close to a threshold are taken as on it; the
# tolerance is numerical noise, far below the 0.01 tce a report prints.
_REL_TOLERANCE = 1e-9


class ReviewTier(StrEnum):
    EXEMPT = "exempt"  # no separate energy report (不单独编制节能报告)
    DISTRICT = "district"  # reviewed at district level
    CITY = "city"  # reviewed at the municipal (provincial) level

    @property
    def zh(self) -> str:
        return {"exempt": "不单独编制节能报告", "district": "区级节能审查", "city": "市级节能审查"}[self.value]


@dataclass(frozen=True)
class IntensityTarget:
    year: int
    base_year: int
    energy_change_pct: float | None  # -14.0: energy intensity 14 % below the base year
    co2_change_pct: float | None
    source: str


@dataclass(frozen=True)
class ReviewThresholds:
    exempt_energy_tce_below: float
    exempt_electricity_kwh_below: float
    city_energy_tce_at_least: float
    count_feedstock_in_tier: bool
    source: str
    targets: tuple[IntensityTarget, ...] = field(default=())

    def target(self, year: int, base_year: int) -> IntensityTarget | None:
        return next((t for t in self.targets if t.year == year and t.base_year == base_year), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "exempt_energy_tce_below": self.exempt_energy_tce_below,
            "exempt_electricity_kwh_below": self.exempt_electricity_kwh_below,
            "city_energy_tce_at_least": self.city_energy_tce_at_least,
            "count_feedstock_in_tier": self.count_feedstock_in_tier,
            "source": self.source,
        }


def _cite(source: Mapping[str, Any]) -> str:
    parts = [source.get("document"), source.get("number") or source.get("article")]
    return "，".join(str(p) for p in parts if p)


def _positive(value: Any, name: str) -> float:
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name}: 必须为正数 / must be a positive number: {value!r}")
    return number


def _targets(raw: list[Mapping[str, Any]]) -> tuple[IntensityTarget, ...]:
    def pct(value: Any) -> float | None:
        return None if value is None else float(value)

    return tuple(
        IntensityTarget(
            year=int(item["year"]),
            base_year=int(item["base_year"]),
            energy_change_pct=pct(item.get("energy_intensity_change_pct")),
            co2_change_pct=pct(item.get("co2_intensity_change_pct")),
            source=_cite(item.get("source") or {}),
        )
        for item in raw
    )


def load_thresholds(path: Path | None = None) -> ReviewThresholds:
    """The thresholds of a YAML file (the bundled `thresholds.yaml` by default).

    Raises ValueError if a threshold is missing, not positive, or the city limit is below
    the exempt limit (a project could then be both).
    """
    raw = parse_yaml((path or DEFAULT_PATH).read_text(encoding="utf-8"))
    try:
        thresholds = _read(raw)
    except (KeyError, TypeError) as exc:
        raise ValueError(f"thresholds: 缺少设置 / setting missing or malformed: {exc}") from exc
    if thresholds.city_energy_tce_at_least < thresholds.exempt_energy_tce_below:
        raise ValueError(
            "tiers.city.energy_tce_at_least: 不能低于免审限值 / must not be below tiers.exempt.energy_tce_below"
        )
    return thresholds


def _read(raw: Mapping[str, Any]) -> ReviewThresholds:
    exempt, city = raw["tiers"]["exempt"], raw["tiers"]["city"]
    return ReviewThresholds(
        exempt_energy_tce_below=_positive(exempt["energy_tce_below"], "tiers.exempt.energy_tce_below"),
        exempt_electricity_kwh_below=_positive(exempt["electricity_kwh_below"], "tiers.exempt.electricity_kwh_below"),
        city_energy_tce_at_least=_positive(city["energy_tce_at_least"], "tiers.city.energy_tce_at_least"),
        count_feedstock_in_tier=bool(raw.get("count_feedstock_in_tier", True)),
        source=_cite(city["source"]),
        targets=_targets(raw.get("intensity_targets") or []),
    )


def _at_least(value: float, threshold: float) -> bool:
    return value >= threshold or math.isclose(value, threshold, rel_tol=_REL_TOLERANCE)


def review_tier(energy_tce: float, electricity_kwh: float, thresholds: ReviewThresholds) -> ReviewTier:
    """The review level of a project from its counted energy (tce, 当量值) and electricity (kWh)."""
    if _at_least(energy_tce, thresholds.city_energy_tce_at_least):
        return ReviewTier.CITY
    below_energy = not _at_least(energy_tce, thresholds.exempt_energy_tce_below)
    below_electricity = not _at_least(electricity_kwh, thresholds.exempt_electricity_kwh_below)
    if below_energy and below_electricity:
        return ReviewTier.EXEMPT
    return ReviewTier.DISTRICT

"""How far from its path an indicator may be before it is at risk or off track (进度判定阈值).

Pure module (no Django). The product's defaults are `indicators/thresholds.yaml`; the plan file may
set an indicator's own bands, which `plan_file` checks with these same rules when the file is read, and
`indicators.progress` judges with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from carbonpeak.common.yaml_files import parse_yaml


@dataclass(frozen=True)
class Thresholds:
    """Bands that separate on track, at risk and off track (see thresholds.yaml)."""

    on_track_margin: float = 0.05
    at_risk_margin: float = 0.20
    rate_at_risk_margin: float = 0.02
    stale_grace_days: int = 183

    def __post_init__(self) -> None:
        if not 0 <= self.on_track_margin <= self.at_risk_margin:
            raise ValueError("0 ≤ on_track_margin ≤ at_risk_margin / 阈值须满足 0 ≤ 正常带 ≤ 风险带")
        if self.rate_at_risk_margin < 0 or self.stale_grace_days < 0:
            raise ValueError("margins and grace days must not be negative / 阈值不能为负")


def thresholds_from_mapping(data: Mapping[str, Any], base: Thresholds | None = None) -> Thresholds:
    """Thresholds from a mapping (a YAML file, an indicator's overrides); unknown keys are refused."""
    start = base or Thresholds()
    allowed = set(Thresholds.__dataclass_fields__)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValueError(f"未知的阈值 / unknown thresholds: {', '.join(unknown)}")
    changes: dict[str, Any] = {}
    for key, given in data.items():
        try:
            if isinstance(given, bool) or not isinstance(given, int | float | str):
                raise ValueError
            value = float(given)
        except ValueError:
            raise ValueError(f"{key}: 应为数值 / must be a number, not {given!r}") from None
        if key == "stale_grace_days" and value != int(value):
            raise ValueError(f"{key}: 应为整数天数 / must be a whole number of days, not {value!r}")
        changes[key] = int(value) if key == "stale_grace_days" else float(value)
    return replace(start, **changes)


def read_thresholds(text: str, base: Thresholds | None = None) -> Thresholds:
    """Thresholds from the YAML text of a thresholds file."""
    data = parse_yaml(text) or {}
    if not isinstance(data, Mapping):
        raise ValueError("阈值文件须为键值表 / a thresholds file is a mapping")
    return thresholds_from_mapping(data, base)

"""What makes a place's target (分解目标) acceptable, wherever it is written: the plan file, the office's page, the
API. Pure module (no Django); the indicators room judges the places with it (`indicators.split`).

A place's target is for one of the district's target years and is either a value of its own (of the district
target's kind: a level, a change versus the base year, an addition since it …) or a share of the district
target, in percent, above 0 and at most 100. A share means something only for the target of an additive
indicator (capacities, counts, lengths, areas), whose district value is the sum of its places'.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from carbonpeak.plan.vocabulary import TargetKind

# Units whose district value is the sum of its places' values.
ADDITIVE_UNITS = frozenset({"MW", "count", "km", "m2"})
# Target kinds of which a share means something: a part of a level or of an addition.
SHARE_KINDS = frozenset({TargetKind.LEVEL, TargetKind.CUMULATIVE_ADDITION})


def target_problems(unit: str, district: Sequence[tuple[int, TargetKind]], year: int | None, value: float | None,
                    share: float | None) -> list[tuple[str, str]]:
    """Why a place target is refused, as (field, reason zh / en); empty when it is good. `district` lists the
    district's targets as (year, kind)."""
    out: list[tuple[str, str]] = []
    if (value is None) == (share is None):
        out.append(("value", "请填写目标值或份额，二者取一 / give either a value or a share, not both"))
    for name, number in (("value", value), ("share", share)):
        if number is not None and not math.isfinite(number):
            out.append((name, "须为有限的数 / must be a finite number"))
    if share is not None and math.isfinite(share) and not 0 < share <= 100:
        out.append(("share", f"份额须大于0且不超过100%：{share:g} / a share must be above 0 and at most 100 %"))
    kind = next((k for y, k in district if y == year), None)
    if kind is None:
        years = "、".join(str(y) for y, _ in sorted(district)) or "—"
        out.append(("year", f"全区在该年没有目标（有目标的年份：{years}）/ the district has no target in {year}"))
    elif share is not None and (kind not in SHARE_KINDS or unit not in ADDITIVE_UNITS):
        out.append(("share", "份额只适用于可加总的指标（装机、数量、长度、面积）的目标 / a share applies only to "
                             "the target of an additive indicator (capacity, count, length, area): give a value"))
    return out

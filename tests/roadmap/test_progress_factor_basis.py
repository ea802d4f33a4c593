"""The progress scenario reads every inventory at the latest year's factors: Shanghai's electricity
factor fell from 7.88 to 4.2 t per 10⁴ kWh in 2022, and that change is no cut in emissions."""

from __future__ import annotations

import datetime as dt

import pytest

from carbonpeak.accounting.services import latest_inventories
from carbonpeak.roadmap.progress_data import gather


def test_inventories_before_the_factor_change_are_read_at_todays_factors(db: None) -> None:
    inputs = gather(dt.date(2025, 6, 1), 2020)
    points = {p.year: p for p in inputs.inventories}
    assert {2021, 2023} <= set(points)
    old, new = points[2021], points[2023]
    assert old.ref["scope2_factor_ratio"] == pytest.approx(4.2 / 7.88, rel=1e-6)
    compiled = latest_inventories()[2021]
    scope2 = sum(line["co2_t"] for line in compiled.lines if line.get("scope") == 2)
    assert old.ref["gross_co2_t_as_compiled"] - old.gross_co2_t == pytest.approx(scope2 * (1 - 4.2 / 7.88))
    assert "scope2_factor_ratio" not in new.ref  # same factors as the latest year: as compiled

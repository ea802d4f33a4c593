"""Alert rules: silence, completeness, PUE and the pace of consumption against the annual budget."""

from __future__ import annotations

import pytest

from carbonpeak.monitoring.alerts.rules import (
    PaceBasis,
    alert_settings,
    budget_finding,
    budget_pace,
    completeness,
    completeness_finding,
    expected_share,
    pue_finding,
    silent,
    silent_finding,
    year_elapsed_share,
)
from carbonpeak.monitoring.readings.rollup_math import month_bounds
from carbonpeak.monitoring.vocabulary import AlertKind

NOW = 1_720_000_000


def test_settings_are_read_with_the_technical_specifications_ninety_percent() -> None:
    settings = alert_settings()
    assert settings.completeness_threshold == 0.90
    assert settings.max_silence_s == 6 * 3600


def test_silence() -> None:
    assert not silent(NOW - 3600, NOW, 21600)
    assert not silent(NOW - 21600, NOW, 21600)
    assert silent(NOW - 21601, NOW, 21600)
    assert silent(None, NOW, 21600)


def test_silent_finding_names_the_last_reading_in_beijing_time() -> None:
    assert silent_finding("U1", NOW - 60, NOW) is None
    finding = silent_finding("U1", month_bounds(2024, 5)[0], month_bounds(2024, 5)[0] + 7 * 3600)
    assert finding is not None
    assert finding.kind == AlertKind.SILENT and finding.value == 7.0 and finding.limit == 6.0
    assert "2024-05-01 00:00" in finding.message_zh and "2024-05-01 00:00" in finding.message_en
    never = silent_finding("U2", None, NOW)
    assert never is not None and never.value is None and never.message_zh == "从未收到数据"


@pytest.mark.parametrize(("received", "expected", "share"), [(90, 100, 0.9), (0, 100, 0.0), (120, 100, 1.0),
                                                             (0, 0, 1.0), (-3, 10, 0.0)])
def test_completeness(received: int, expected: int, share: float) -> None:
    assert completeness(received, expected) == share


def test_ninety_percent_is_enough_and_less_is_an_alert() -> None:
    assert completeness_finding("U1", 2679, 2976, "2024-07") is None  # 90.02 %
    finding = completeness_finding("U1", 2678, 2976, "2024-07")  # 89.987 %
    assert finding is not None and finding.kind == AlertKind.LOW_COMPLETENESS
    assert "89.98%" in finding.message_en and "89.98%" in finding.message_zh  # never shown as "90.0 % below 90 %"
    assert "2678" in finding.message_en and "2976" in finding.message_zh
    assert completeness_finding("U1", 2678, 2976, "2024-07", threshold=0.85) is None


def test_pue_finding_for_each_stage() -> None:
    assert pue_finding("DC1", 1.40, "existing", "2024-07") is None
    finding = pue_finding("DC1", 1.46, "existing", "2024-07")
    assert finding is not None and finding.limit == 1.4 and finding.value == 1.46
    assert "既有" in finding.message_zh and "existing" in finding.message_en
    assert pue_finding("DC2", 1.35, "new", "2024-07") is not None
    assert pue_finding("DC2", None, "new", "2024-07") is None
    assert pue_finding("DC2", float("nan"), "new", "2024-07") is None


def test_year_elapsed_share_in_local_time() -> None:
    start, _ = month_bounds(2024, 1)
    assert year_elapsed_share(start, 2024) == 0.0
    assert year_elapsed_share(month_bounds(2024, 7)[0], 2024) == pytest.approx(182 / 366)
    assert year_elapsed_share(start - 10, 2024) == 0.0
    assert year_elapsed_share(month_bounds(2025, 3)[0], 2024) == 1.0


def test_pro_rata_pace() -> None:
    pace = budget_pace(600.0, 1000.0, 0.5, 0.05)
    assert (pace.expected_tce, pace.pace, pace.projected_tce, pace.ahead) == (500.0, 1.2, 1200.0, True)
    assert pace.basis == PaceBasis.PRO_RATA
    assert not budget_pace(525.0, 1000.0, 0.5, 0.05).ahead
    assert budget_pace(526.0, 1000.0, 0.5, 0.05).ahead


def test_pace_by_last_years_profile() -> None:
    winter_heavy = [3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3]
    assert expected_share(2 / 12, winter_heavy) == pytest.approx(6 / 18)
    assert expected_share(2.5 / 12, winter_heavy) == pytest.approx(6.5 / 18)
    pace = budget_pace(330.0, 1000.0, 2 / 12, 0.05, winter_heavy)
    assert not pace.ahead and pace.basis == PaceBasis.LAST_YEAR_PROFILE
    assert budget_pace(330.0, 1000.0, 2 / 12, 0.05).ahead  # pro rata would have called it ahead
    with pytest.raises(ValueError, match="monthly_profile"):
        expected_share(0.5, [1, 2, 3])
    with pytest.raises(ValueError, match="budget_tce"):
        budget_pace(1.0, 0.0, 0.5, 0.05)


def test_budget_finding_waits_for_enough_of_the_year() -> None:
    assert budget_finding("U1", budget_pace(30.0, 1000.0, 0.02, 0.05)) is None  # ahead, but too early
    finding = budget_finding("U1", budget_pace(600.0, 1000.0, 0.5, 0.05))
    assert finding is not None and finding.kind == AlertKind.AHEAD_OF_BUDGET
    assert finding.value == 600.0 and finding.limit == 500.0
    assert "1,200" in finding.message_en and "20.0%" in finding.message_zh
    assert budget_finding("U1", budget_pace(500.0, 1000.0, 0.5, 0.05)) is None
    assert finding.as_dict()["kind"] == "ahead_of_budget"

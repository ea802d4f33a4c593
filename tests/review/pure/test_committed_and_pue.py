"""Projects approved but not yet operating held against the remaining budget, and a data centre's
design PUE against the plan's limit (worked examples of docs/methodology/review.md)."""

from __future__ import annotations

import pytest

from carbonpeak.monitoring.figures.pue import pue_limit, pue_limits
from carbonpeak.review.district import CommittedProject
from carbonpeak.review.intake import ReviewInputError, parse_project
from tests.review.pure.test_assessment import USCC, chlor_alkali, context, elec, project, run

HELD = CommittedProject(project_id=7, name="已批项目", first_full_year=2025, energy_tce=100_000, co2_t=300_000,
                        value_added_10k_cny=50_000)


def test_an_approved_project_not_yet_operating_lowers_the_remaining_budget() -> None:
    alone = run(chlor_alkali()).impacts[0].energy
    held = run(chlor_alkali(), context(committed=(HELD,))).impacts[0]
    e = held.energy
    # The worked example: budget 0.43 × 13 000 000 − 5 200 000 = 390 000 tce, less the 100 000 held.
    assert alone.remaining_budget == pytest.approx(390_000)
    assert e.remaining_budget == pytest.approx(290_000) and e.committed == 100_000
    assert e.share_of_remaining_budget == pytest.approx(1944.5 / 290_000)
    assert e.without_project == pytest.approx(5_300_000 / 13_050_000)
    assert e.with_project == pytest.approx((5_300_000 + 1944.5) / (13_050_000 + 10_000))
    # CO2: 1.64 × 13 000 000 − 20 000 000 − 300 000.
    assert held.carbon is not None and held.carbon.remaining_budget == pytest.approx(1_020_000)
    d = run(chlor_alkali(), context(committed=(HELD,))).as_dict()["impact"]
    assert d["committed_projects"] == [HELD.as_dict()]
    assert d["years"]["2025"]["committed_project_ids"] == [7]


def test_a_committed_project_counts_from_its_first_full_year() -> None:
    later = CommittedProject(8, "2027年达产", 2027, 100_000, 0, 0)
    y2025, y2030 = run(chlor_alkali(), context(committed=(later,))).impacts
    assert (y2025.energy.committed, y2030.energy.committed) == (0, 100_000)


def test_held_energy_can_use_the_budget_up() -> None:
    big = CommittedProject(9, "大项目", 2025, 400_000, 0, 0)
    e = run(chlor_alkali(), context(committed=(big,))).impacts[0].energy
    assert e.remaining_budget == pytest.approx(-10_000)
    assert e.share_of_remaining_budget is None and e.as_dict()["budget_used_up"] is True


def data_centre(pue: float | None, kind: str = "new", code: str = "6450") -> dict[str, object]:
    data: dict[str, object] = {
        "name": "数据中心", "owner_uscc": USCC, "industry_code": code, "town": "漕泾镇", "kind": kind,
        "energy": [elec(50_000_000)], "output_value_10k_cny": 50_000, "value_added_10k_cny": 10_000,
        "first_full_year": 2026,
    }
    if kind == "renovation":
        data["energy_before"] = [elec(60_000_000)]
    if pue is not None:
        data["design_pue"] = pue
    return data


def test_a_new_data_centre_above_the_limit_is_flagged_with_the_clause() -> None:
    result = run(parse_project(data_centre(1.35)))
    assert result.data_centre is not None and result.data_centre.limit == pue_limit("new") == 1.3
    (finding,) = result.as_dict()["findings"]
    assert (finding["code"], finding["field"], finding["severity"]) == ("design_pue_above_limit", "design_pue",
                                                                        "condition")
    assert (finding["value"], finding["limit"]) == (1.35, 1.3)
    assert finding["source"] == pue_limits().source and "金府发〔2023〕1号" in finding["source"]
    assert "1.35" in finding["message_zh"] and "above the limit" in finding["message_en"]


@pytest.mark.parametrize(("pue", "kind", "flagged"), [
    (1.25, "new", False),
    (1.3, "new", False),  # 不高于: at the limit passes
    (1.31, "expansion", True),  # new capacity: the new limit
    (1.35, "renovation", False),  # an existing data centre upgraded: 1.4
    (1.45, "renovation", True),
])
def test_the_limit_follows_the_stage(pue: float, kind: str, flagged: bool) -> None:
    d = run(parse_project(data_centre(pue, kind))).as_dict()
    assert bool(d["findings"]) is flagged
    assert d["data_centre"]["meets_limit"] is not flagged


def test_a_data_centre_must_state_its_design_pue() -> None:
    with pytest.raises(ReviewInputError) as caught:
        parse_project(data_centre(None, code="6550"))
    assert [i.field for i in caught.value.issues] == ["design_pue"]
    with pytest.raises(ReviewInputError) as caught:
        parse_project(data_centre(0.9))
    assert "cannot be below 1" in str(caught.value)


def test_any_project_stating_a_design_pue_is_checked_and_others_are_not() -> None:
    plant = project([elec(1_000)], design_pue=1.5)  # 3484, with a data hall of its own
    assert run(plant).as_dict()["findings"][0]["limit"] == 1.3
    assert run(project([elec(1_000)])).as_dict()["data_centre"] is None

"""The assessment score: the worked examples of docs/methodology/assessment.md, redistribution,
rounding, bad records and configuration, ranking ties and the 通报 list. Every expected value is
worked out by hand in the comments."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from carbonpeak.supervision.scoring import (
    ConfigError,
    DepartmentRecord,
    DepartmentScore,
    RecordError,
    Weights,
    load_weights,
    notice_list,
    rank,
    round_score,
    score,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")

DEFAULT = Weights(timeliness=0.3, quality=0.2, completion=0.3, indicators=0.2, late_credit=0.5, notice_below=60,
                  place_indicators=0.2)

# Worked example 1 (doc): 区经委 leads tasks, everything applies.
ECO = DepartmentRecord(
    "eco",
    reports_due=4, submitted_on_time=3, submitted_late=1, returned=1,
    tasks_led=5, tasks_done=4, tasks_behind=1,
    indicators_linked=4, indicators_on_track=3, indicators_off_track=1,
)
# Worked example 2 (doc): 区绿化市容局 only contributes; completion and indicators do not apply.
GREENING = DepartmentRecord("greening", reports_due=6, submitted_on_time=2, submitted_late=2, returned=3)


def bilingual(message: str) -> None:
    assert CJK.search(message) and LATIN_WORD.search(message) and "/ " in message, message


def test_the_bundled_configuration_is_the_documented_default() -> None:
    assert load_weights() == DEFAULT


def test_worked_example_1_every_component_applies() -> None:
    result = score(ECO, DEFAULT)
    # timeliness (3 + 0.5 × 1) / 4 = 0.875; quality 1 − 1/4 = 0.75; completion 4/5 = 0.8; indicators 3/4 = 0.75
    assert result.components == pytest.approx(
        {"timeliness": 0.875, "quality": 0.75, "completion": 0.8, "indicators": 0.75}
    )
    # 100 × (0.2625 + 0.15 + 0.24 + 0.15) / 1.0 = 80.25 → 80.3 (half up; round() would give 80.2)
    assert result.total == 80.3
    assert result.department == "eco"
    assert any("(3 + 0.5 × 1) / 4" in line for line in result.explanation)
    assert result.explanation[-1].endswith("= 80.3")


def test_worked_example_2_weights_are_redistributed() -> None:
    result = score(GREENING, DEFAULT)
    # timeliness (2 + 0.5 × 2) / 6 = 0.5; quality 1 − 3/4 = 0.25; the rest n/a
    assert result.components["timeliness"] == pytest.approx(0.5)
    assert result.components["quality"] == pytest.approx(0.25)
    assert result.components["completion"] is None
    assert result.components["indicators"] is None
    # 100 × (0.3 × 0.5 + 0.2 × 0.25) / (0.3 + 0.2) = 100 × 0.2 / 0.5 = 40.0
    assert result.total == 40.0
    assert any("n/a" in line and "leads no task" in line for line in result.explanation)
    assert any("shared among the others" in line for line in result.explanation)


def test_a_perfect_year_scores_100_and_nothing_is_redistributed() -> None:
    record = DepartmentRecord("drc", reports_due=2, submitted_on_time=2, tasks_led=1, tasks_done=1,
                              indicators_linked=1, indicators_on_track=1)
    result = score(record, DEFAULT)
    assert result.total == 100.0
    assert not any("shared among the others" in line for line in result.explanation)


def test_only_indicators_apply() -> None:
    # 1 of 3 indicators on track: 100 × 0.2 × (1/3) / 0.2 = 33.33… → 33.3
    record = DepartmentRecord("stats", indicators_linked=3, indicators_on_track=1, indicators_off_track=2)
    assert score(record, DEFAULT).total == 33.3


def test_quality_does_not_go_below_zero() -> None:
    # one report returned three times: 1 − 3/1 = −2 → 0; timeliness 1/1 = 1
    record = DepartmentRecord("edu", reports_due=1, submitted_on_time=1, returned=3)
    result = score(record, DEFAULT)
    assert result.components["quality"] == 0.0
    # 100 × (0.3 × 1 + 0.2 × 0) / 0.5 = 60.0
    assert result.total == 60.0


def test_a_department_with_nothing_to_score_has_no_total() -> None:
    result = score(DepartmentRecord("party_school"), DEFAULT)
    assert result.total is None
    assert set(result.components.values()) == {None}
    assert "nothing to score" in result.explanation[-1]


def test_components_that_apply_but_weigh_nothing_give_no_total() -> None:
    only_indicators = Weights(timeliness=0, quality=0, completion=0, indicators=1, late_credit=0.5, notice_below=60)
    assert score(GREENING, only_indicators).total is None


def test_late_credit_changes_timeliness() -> None:
    record = DepartmentRecord("env", reports_due=4, submitted_on_time=2, submitted_late=2)
    none = Weights(timeliness=1, quality=0, completion=0, indicators=0, late_credit=0, notice_below=60)
    full = Weights(timeliness=1, quality=0, completion=0, indicators=0, late_credit=1, notice_below=60)
    assert score(record, none).total == 50.0  # (2 + 0 × 2) / 4
    assert score(record, full).total == 100.0  # (2 + 1 × 2) / 4


@pytest.mark.parametrize(
    ("value", "expected"),
    [(80.25, 80.3), (80.24999999999999, 80.3), (80.2499, 80.2), (0.05, 0.1), (99.95, 100.0), (66.666666, 66.7)],
)
def test_rounding_is_half_up(value: float, expected: float) -> None:
    assert round_score(value) == expected


# --- bad records -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"reports_due": -1}, "reports_due"),
        ({"returned": 1.5}, "returned"),
        ({"tasks_led": True}, "tasks_led"),
        ({"reports_due": 3, "submitted_on_time": 2, "submitted_late": 2}, "reports_due"),
        ({"tasks_led": 2, "tasks_done": 2, "tasks_behind": 1}, "tasks_led"),
        ({"indicators_linked": 1, "indicators_on_track": 1, "indicators_off_track": 1}, "indicators_linked"),
        ({"reports_due": 2, "returned": 1}, "returned"),
    ],
)
def test_contradictory_records_are_refused_naming_the_field(fields: dict[str, Any], bad: str) -> None:
    with pytest.raises(RecordError) as caught:
        DepartmentRecord("eco", **fields)
    assert caught.value.field == bad
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).startswith(f"eco: {bad}: ")
    bilingual(caught.value.reason)


def test_a_record_needs_a_department() -> None:
    with pytest.raises(RecordError) as caught:
        DepartmentRecord("  ", reports_due=1)
    assert caught.value.field == "department"


# --- bad configuration -------------------------------------------------------------------

GOOD_YAML = """
weights: {timeliness: 0.3, quality: 0.2, completion: 0.3, indicators: 0.2, place_indicators: 0.2}
thresholds: {notice_below: 60, late_credit: 0.5}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "assessment.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path: Path) -> None:
    assert load_weights(write(tmp_path, GOOD_YAML)) == DEFAULT


def test_weights_need_not_add_up_to_one(tmp_path: Path) -> None:
    # 3:2:3:2 is the same weighting as 0.3:0.2:0.3:0.2, so the same total
    text = GOOD_YAML.replace("0.3", "3").replace("0.2", "2")
    assert score(ECO, load_weights(write(tmp_path, text))).total == 80.3


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (GOOD_YAML.replace("quality: 0.2, ", ""), "weights.quality"),
        (GOOD_YAML.replace("quality: 0.2", "quality: -0.2"), "weights.quality"),
        (GOOD_YAML.replace("quality: 0.2", "quality: high"), "weights.quality"),
        (GOOD_YAML.replace("quality: 0.2", "quality: yes"), "weights.quality"),
        (GOOD_YAML.replace("quality: 0.2", "quality: .nan"), "weights.quality"),
        (GOOD_YAML.replace("quality: 0.2", "qualty: 0.2"), "weights.qualty"),
        ("weights: {timeliness: 0, quality: 0, completion: 0, indicators: 0}\n"
         "thresholds: {notice_below: 60, late_credit: 0.5}\n", "weights"),
        (GOOD_YAML.replace("late_credit: 0.5", "late_credit: 1.5"), "thresholds.late_credit"),
        (GOOD_YAML.replace("notice_below: 60", "notice_below: 160"), "thresholds.notice_below"),
        (GOOD_YAML.replace("notice_below: 60, ", ""), "thresholds.notice_below"),
        ("weights: {timeliness: 0.3, quality: 0.2, completion: 0.3, indicators: 0.2}\n", "thresholds"),
        (GOOD_YAML + "bonus: 5\n", "bonus"),
        ("- 0.3\n- 0.2\n", "file"),
        ("weights: {timeliness: [\n", "yaml"),
    ],
)
def test_bad_configuration_names_the_key(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_weights(write(tmp_path, text))
    assert isinstance(caught.value, ValueError)
    assert caught.value.field == key
    assert str(caught.value).startswith(f"assessment.yaml: {key}: ")
    bilingual(caught.value.reason)


def test_a_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_weights(tmp_path / "nowhere.yaml")
    assert caught.value.field == "file"


# --- ranking -----------------------------------------------------------------------------


def given(department: str, total: float | None) -> DepartmentScore:
    return DepartmentScore(department, {}, total, ())


def test_ranking_ties_share_a_rank_and_the_next_skips() -> None:
    ranked = rank([given("env", 40.0), given("eco", 80.3), given("stats", None), given("drc", 90.0),
                   given("agri", 80.3), given("edu", None), given("stc", 40.0)])
    assert [(r.rank, r.score.department) for r in ranked] == [
        (1, "drc"),
        (2, "agri"),  # tie with eco: code order within the tie
        (2, "eco"),
        (4, "env"),
        (4, "stc"),
        (None, "edu"),  # unscored last, unranked, in code order
        (None, "stats"),
    ]


def test_ranking_ties_are_judged_on_the_rounded_totals() -> None:
    # 80.26 and 80.34 are both published as 80.3, so they share the rank
    a = score(DepartmentRecord("a", reports_due=10000, submitted_on_time=8026), Weights(
        timeliness=1, quality=0, completion=0, indicators=0, late_credit=0.5, notice_below=60))
    b = score(DepartmentRecord("b", reports_due=10000, submitted_on_time=8034), Weights(
        timeliness=1, quality=0, completion=0, indicators=0, late_credit=0.5, notice_below=60))
    assert a.total == b.total == 80.3
    assert [r.rank for r in rank([b, a])] == [1, 1]


def test_ranking_nothing() -> None:
    assert rank([]) == []


# --- the 通报 list -----------------------------------------------------------------------


def test_notice_list_reasons() -> None:
    clean = DepartmentRecord("drc", reports_due=2, submitted_on_time=2, tasks_led=1, tasks_done=1)
    silent = DepartmentRecord("party_school")  # nothing asked, nothing to say
    records = [ECO, clean, GREENING, silent]
    scores = [score(r, DEFAULT) for r in records]
    entries = notice_list(records, scores, DEFAULT)
    assert [e.department for e in entries] == ["eco", "greening"]
    eco, greening = entries
    # eco: 80.3 is above 60, but one led task is behind and one indicator off track
    assert eco.reasons == (
        "牵头任务滞后 1 项 / 1 led task(s) behind schedule",
        "关联指标偏离目标 1 项 / 1 linked indicator(s) off track",
    )
    # greening: 6 due − 2 on time − 2 late = 2 missing; 40.0 below 60
    assert greening.reasons == (
        "缺报进展报告 2 份 / 2 progress report(s) not submitted",
        "考核得分 40.0 低于 60 / assessment score 40.0 below 60",
    )
    for entry in entries:
        for reason in entry.reasons:
            bilingual(reason)


def test_a_low_score_alone_puts_a_department_on_the_list() -> None:
    # everything submitted, late: (0 + 0.5 × 2) / 2 = 0.5; two returns on two reports: quality 0
    # 100 × (0.3 × 0.5 + 0.2 × 0) / 0.5 = 30.0
    record = DepartmentRecord("water", reports_due=2, submitted_late=2, returned=2)
    (entry,) = notice_list([record], [], DEFAULT)  # no score given: scored here
    assert entry.reasons == ("考核得分 30.0 低于 60 / assessment score 30.0 below 60",)


def test_the_bar_is_strict_and_uses_the_published_total() -> None:
    # exactly 60.0 is not below 60
    record = DepartmentRecord("edu", reports_due=1, submitted_on_time=1, returned=3)
    assert score(record, DEFAULT).total == 60.0
    assert notice_list([record], [score(record, DEFAULT)], DEFAULT) == []


def test_late_but_complete_reports_are_not_missing() -> None:
    record = DepartmentRecord("hrss", reports_due=2, submitted_late=2)
    # timeliness 0.5, quality 1: 100 × (0.15 + 0.2) / 0.5 = 70.0, no missing report
    assert score(record, DEFAULT).total == 70.0
    assert notice_list([record], [], DEFAULT) == []


def test_the_notice_list_refuses_a_department_twice() -> None:
    with pytest.raises(RecordError) as caught:
        notice_list([ECO, ECO], [], DEFAULT)
    assert caught.value.field == "department"

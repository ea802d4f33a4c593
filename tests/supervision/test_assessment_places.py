"""考核 of towns, sub-districts and parks: the indicators whose targets the office split to a place count as its
own component (weight `place_indicators` in assessment.yaml); places are ranked among themselves and the 通报 list
names a place whose split indicator is off track."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from carbonpeak.cli import main
from carbonpeak.plan.models import Plan
from carbonpeak.supervision.queries import assess, department_records
from carbonpeak.supervision.scoring import DepartmentRecord, RecordError, Weights, notice_reasons, score
from tests.conftest import ClientFactory
from tests.indicators.places_support import place_value, split_pv

TODAY = dt.date(2027, 1, 10)
WEIGHTS = Weights(timeliness=0.3, quality=0.2, completion=0.3, indicators=0.2, late_credit=0.5, notice_below=60,
                  place_indicators=0.2)


def _split_and_report(plan: Plan) -> None:
    pv = split_pv(plan)
    place_value(pv, "fengjing", "2025", 95)  # its 90 MW reached
    place_value(pv, "shanyang", "2025", 30)  # 120 MW missed in the target year: off track


def test_a_place_is_scored_on_its_split_indicators() -> None:
    record = DepartmentRecord("fengjing", place=True, place_indicators_linked=2, place_indicators_on_track=1,
                              place_indicators_off_track=1)
    result = score(record, WEIGHTS)
    assert result.components["place_indicators"] == pytest.approx(0.5)
    assert result.total == 50.0
    assert any("分解指标 / split indicators: 1 / 2" in line for line in result.explanation)
    assert any("split to the place off track" in r for r in notice_reasons(record, result.total, WEIGHTS))
    assert "place_indicators" not in score(DepartmentRecord("eco", reports_due=1, submitted_on_time=1),
                                           WEIGHTS).components  # a district body has none


def test_only_a_place_has_split_indicators() -> None:
    with pytest.raises(RecordError) as caught:
        DepartmentRecord("eco", place_indicators_linked=1)
    assert caught.value.field == "place_indicators_linked"


def test_the_places_are_counted_ranked_and_named(plan: Plan) -> None:
    _split_and_report(plan)
    records = department_records(plan, 2026, TODAY)
    assert (records["fengjing"].place, records["fengjing"].place_indicators_on_track) == (True, 1)
    assert records["shanyang"].place_indicators_off_track == 1
    assert records["langxia"].place_indicators_linked == 1  # no value yet: neither on nor off track
    result = assess(plan, 2026, TODAY)
    assert [(r.rank, r.score.department) for r in result.place_ranking] == [
        (1, "fengjing"), (2, "langxia"), (2, "shanyang")]
    named = {n.department: n.reasons for n in result.notices}
    assert "fengjing" not in named
    assert any("split to the place off track" in r for r in named["shanyang"])
    assert any("below 60" in r for r in named["langxia"])


def test_the_assessment_page_and_command_show_the_places(plan: Plan, client_as: ClientFactory,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    _split_and_report(plan)
    html = client_as("office").get("/supervision/assessment/2026/").content.decode()
    assert 'id="place-ranking"' in html and 'data-place="fengjing"' in html
    assert main(["supervision", "assess", "2026", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["place_ranking"][0]["place"] == "fengjing"
    assert {n["department"]: n["place"] for n in body["notices"]}["shanyang"] is True

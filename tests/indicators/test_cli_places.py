"""`carbonpeak indicators status --place CODE --json` and `--by-place --json`: each place with status and level."""

from __future__ import annotations

import json

import pytest

from carbonpeak.cli import main
from carbonpeak.plan.models import Plan
from tests.indicators.places_support import place_value, split_pv


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["indicators", "status", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_one_place_with_its_status_and_level(plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    pv = split_pv(plan)
    place_value(pv, "fengjing", "2025", 95)
    code, out, _ = run(capsys, "--place", "fengjing", "--json", "--as-of", "2026-06-01")
    assert code == 0
    body = json.loads(out)
    assert (body["place"], body["name"], body["barometer"]) == ("fengjing", "枫泾镇", "green")
    assert [(i["indicator"], i["status"], i["barometer"], i["target_value"]) for i in body["indicators"]] == [
        ("new_pv_capacity", "achieved", "green", 90.0)]


def test_every_place(plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    split_pv(plan)
    code, out, _ = run(capsys, "--by-place", "--json", "--as-of", "2026-06-01")
    assert code == 0
    assert [(p["place"], p["barometer"]) for p in json.loads(out)["places"]] == [
        ("fengjing", "none"), ("langxia", "none"), ("shanyang", "none")]
    code, out, _ = run(capsys, "--by-place")
    assert code == 0 and "枫泾镇 fengjing" in out


def test_a_place_the_plan_does_not_name_is_refused(plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--place", "zhoupu", "--json")
    assert code == 2 and out == "" and "--place" in err and "方案未列出" in err


def test_a_place_without_split_targets_has_none(plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--place", "lvxiang", "--json")
    assert code == 0 and json.loads(out)["indicators"] == []

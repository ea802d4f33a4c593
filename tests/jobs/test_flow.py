"""The whole flow on a fresh database (issue 15): a data centre's meters → the PUE indicator
(derived, with provenance) → off track → a 预警 and a notice to the lead of task 30; running the
jobs again changes nothing."""

from __future__ import annotations

import dataclasses

import pytest

from carbonpeak.indicators.evaluation import evaluate_plan
from carbonpeak.indicators.models import EarlyWarning, Observation, Origin
from carbonpeak.jobs import runner
from carbonpeak.jobs.catalogue import BY_NAME
from carbonpeak.jobs.models import JobRun, Outcome
from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Notice, NoticeKind
from tests.jobs.support import AS_OF, data_centre_with_pue

PUE = "existing_data_centre_pue"
FLOW = ["monitoring.alerts", "indicators.derive", "indicators.warn"]


def run(names: list[str]) -> dict[str, runner.RunResult]:
    return {r.job: r for r in runner.run_all(runner.check_names(names), as_of=AS_OF, actor_label="tests")}


def test_meters_to_indicator_to_warning_to_the_lead_department(plan: Plan) -> None:
    unit = data_centre_with_pue(1.50)
    first = run(FLOW)
    assert {j: r.outcome for j, r in first.items()} == {j: "ok" for j in FLOW}

    obs = Observation.objects.get(indicator__code=PUE, period="2026")
    assert obs.origin == Origin.DERIVED
    assert obs.value == pytest.approx(1.50, abs=0.01)
    prov = obs.provenance
    assert (prov["kind"], prov["year"], prov["months"], prov["year_to_date"]) == ("monitoring", 2026,
                                                                                  list(range(1, 13)), False)
    [row] = prov["units"]
    assert (row["code"], row["above_limit"], row["limit"]) == (unit.code, True, 1.4)
    assert sorted(row["meters"]) == ["DC1-IT", "DC1-TOTAL"]
    assert prov["factor_sets"]  # the rollups name their factor set

    [status] = [s for s in evaluate_plan(plan, AS_OF) if s.indicator.code == PUE]
    assert str(status.progress.status) == "off_track"
    warning = EarlyWarning.objects.get(indicator__code=PUE, closed_at__isnull=True)
    assert [d.name for d in warning.departments.all()] == ["区科委"]  # ☆ of task 30
    assert Notice.objects.filter(kind=NoticeKind.INDICATOR_WARNING, department__name="区科委").count() == 1
    # The annual PUE alert joins the monthly ones.
    from carbonpeak.monitoring.models import Alert

    annual = Alert.objects.get(unit=unit, kind="pue_year_above_limit")
    assert (annual.subject, annual.value, annual.limit) == ("2026", 1.5, 1.4)
    assert "2026年全年 PUE 为 1.50" in annual.message_zh
    assert Alert.objects.filter(unit=unit, kind="pue_above_limit").count() == 12

    again = run(FLOW)
    assert {j: r.changed for j, r in again.items()} == {j: 0 for j in FLOW}
    assert Notice.objects.filter(kind=NoticeKind.INDICATOR_WARNING).count() == 1
    assert JobRun.objects.filter(outcome=Outcome.OK).count() == 2 * len(FLOW)


def test_an_official_value_outranks_the_meters_and_keeps_them_beside_it(plan: Plan) -> None:
    from carbonpeak.indicators.services import record_official

    data_centre_with_pue(1.50)
    run(["indicators.derive"])
    indicator = plan.indicators.get(code=PUE)
    record_official(indicator, {"period": "2026", "value": 1.38, "source": "区统计局 2026 年报"},
                    user=None, actor_label="tests")
    run(["indicators.derive"])
    obs = Observation.objects.get(indicator__code=PUE, period="2026")
    assert (obs.origin, obs.value, obs.source) == (Origin.OFFICIAL, 1.38, "区统计局 2026 年报")
    assert obs.derived_value == pytest.approx(1.50, abs=0.01)
    assert obs.provenance["kind"] == "monitoring"


def test_a_failing_job_is_recorded_and_the_others_run(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(ctx: object) -> dict[str, int]:
        raise RuntimeError("the rollups are gone")

    monkeypatch.setitem(BY_NAME, "indicators.derive", dataclasses.replace(BY_NAME["indicators.derive"], run=boom))
    results = run(["monitoring.alerts", "indicators.derive", "indicators.warn"])
    assert [r.outcome for r in results.values()] == ["ok", "failed", "ok"]
    failed = JobRun.objects.get(job="indicators.derive")
    assert failed.outcome == Outcome.FAILED and "the rollups are gone" in failed.error


def test_a_held_lock_skips_the_job_and_an_expired_one_is_taken_over(db: None) -> None:
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    assert runner.acquire("indicators.warn", now, "other:1")
    result = runner.run_job(BY_NAME["indicators.warn"], actor_label="tests")
    assert result.outcome == "locked" and not JobRun.objects.exists()
    assert runner.acquire("indicators.warn", now + runner.LOCK_TTL + dt.timedelta(seconds=1), "me:2")


def test_an_unknown_job_is_refused_with_the_known_ones() -> None:
    with pytest.raises(runner.UnknownJob) as caught:
        runner.check_names(["indicators.nope"])
    assert caught.value.field == "job" and "indicators.warn" in caught.value.reason


def test_every_job_runs_and_a_second_pass_changes_nothing(plan: Plan) -> None:
    data_centre_with_pue(1.50)
    first = runner.run_all(runner.check_names(None), as_of=AS_OF, actor_label="tests")
    assert [(r.job, r.outcome) for r in first] == [(j, "ok") for j in BY_NAME]
    second = runner.run_all(runner.check_names(None), as_of=AS_OF, actor_label="tests")
    assert {r.job: r.changed for r in second} == {j: 0 for j in BY_NAME}
    assert {r.job: r.counts for r in second}["roadmap.progress"]["runs"] == 0

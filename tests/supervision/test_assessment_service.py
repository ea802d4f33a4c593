"""The yearly assessment (考核) from stored rounds: what is counted, the scores by hand with the
default weights (assessment.yaml: timeliness 0.3, quality 0.2, completion 0.3, indicators 0.2,
late credit 0.5, 通报 below 60), the ranking, the 通报 list, the page and the CLI.

Two rounds of last year (opened with a future due date, then moved into the past):

  a-q1, due Y-03-31, task 26 (☆eco; co env, drc)
      eco  consolidated   first submitted 03-31 23:59 Shanghai → on time, says behind
      env  contribution   first submitted 04-01 00:01 Shanghai → late
      drc  contribution   never                                → missing
  b-q2, due Y-06-30, tasks 26 and 53 (☆greening; co env, eco, agri, market)
      eco  consolidated 26   07-03 → late, says on_schedule (the latest: task 26 is done)
      env  contribution 26   06-29 → on time
      drc  contribution 26   06-30 → on time
      greening consol. 53    06-28 → on time, says behind, returned once by the office
      eco  contribution 53   06-29 → on time, returned twice by greening
      agri contribution 53   06-30 → on time
      env, market contrib. 53 never → missing

Counts and scores (total = 100 × Σ wᵢcᵢ / Σ wᵢ over the components that apply):

  agri      due 1, on time 1                      → t 1,  q 1                 → 100.0
  eco       due 3, on time 2, late 1, returned 2, leads 26 (done)
            t (2+0.5)/3, q 1−2/3, c 1/1 → 100 × (0.25 + 0.0667 + 0.3) / 0.8   → 77.1
  drc       due 2, on time 1, missing 1           → t 0.5, q 1 → 100 × 0.35/0.5 → 70.0
  env       due 3, on time 1, late 1, missing 1   → t 0.5, q 1                  → 70.0
  greening  due 1, on time 1, returned 1, leads 53 (behind)
            t 1, q 0, c 0 → 100 × 0.3 / 0.8                                    → 37.5
  market    due 1, missing 1                      → t 0 (quality n/a)          → 0.0

Ranking: agri 1, eco 2, drc 3, env 3, greening 5, market 6.
通报: drc (1 missing), env (1 missing), greening (1 led task behind; 37.5 < 60),
market (1 missing; 0.0 < 60).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from carbonpeak.cli import main
from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Report, Round
from carbonpeak.supervision.queries import assess, department_records
from carbonpeak.supervision.scoring import DepartmentRecord, load_weights
from carbonpeak.supervision.services import save_report, take_step
from carbonpeak.supervision.workflow import Step
from tests.conftest import ClientFactory, UserGetter
from tests.supervision.round_support import ECO_LED_TASK, TASK, in_days, open_test_round, report_of, submit

YEAR = timezone.localdate().year - 1  # every round of that year is past, whenever the tests run
UTC = dt.UTC


def local(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(YEAR, month, day, hour, minute))


def mark_submitted(round_: Round, department: str, task: int, when: dt.datetime, progress: str = "in_progress") -> None:
    """A report first submitted at `when` (departments without a demo user are written directly)."""
    updated = Report.objects.filter(round=round_, task__number=task, department__code=department).update(
        status="submitted", progress=progress, narrative="已报送", first_submitted_at=when, submitted_at=when)
    assert updated == 1


def set_first_submitted(round_: Round, department: str, task: int, when: dt.datetime) -> None:
    assert Report.objects.filter(round=round_, task__number=task, department__code=department).update(
        first_submitted_at=when) == 1


def move_due(round_: Round, due_on: dt.date) -> None:
    Round.objects.filter(pk=round_.pk).update(due_on=due_on)


@pytest.fixture
def year_of_rounds(plan: Plan, user: UserGetter) -> tuple[Round, Round]:
    eco, greening, office = user("eco"), user("greening"), user("office")
    a = open_test_round(plan, user, [ECO_LED_TASK], code="a-q1", name="第一季度")
    b = open_test_round(plan, user, [ECO_LED_TASK, TASK], code="b-q2", name="第二季度")

    # a-q1: the due-date boundary is the local (Shanghai) day, not the UTC one
    mark_submitted(a, "eco", ECO_LED_TASK, dt.datetime(YEAR, 3, 31, 15, 59, tzinfo=UTC), progress="behind")
    mark_submitted(a, "env", ECO_LED_TASK, dt.datetime(YEAR, 3, 31, 16, 1, tzinfo=UTC))

    # b-q2
    mark_submitted(b, "eco", ECO_LED_TASK, local(7, 3), progress="on_schedule")
    mark_submitted(b, "env", ECO_LED_TASK, local(6, 29))
    mark_submitted(b, "drc", ECO_LED_TASK, local(6, 30, 18))
    lead = report_of(b, "greening")
    submit(lead, greening, progress="behind", narrative="苗木资金未到位")
    take_step(lead, Step.RETURN, office, comment="请说明滞后原因")
    submit(lead, greening, progress="behind", narrative="苗木资金未到位，已申请追加")
    set_first_submitted(b, "greening", TASK, local(6, 28))
    contribution = report_of(b, "eco")
    for comment in ("请补充数据", "数据仍不完整"):
        submit(contribution, eco)
        take_step(contribution, Step.RETURN, greening, comment=comment)
    submit(contribution, eco, narrative="已补充完整数据")
    set_first_submitted(b, "eco", TASK, local(6, 29))
    mark_submitted(b, "agri", TASK, local(6, 30, 9))

    move_due(a, dt.date(YEAR, 3, 31))
    move_due(b, dt.date(YEAR, 6, 30))
    return a, b


EXPECTED_RECORDS = {
    "agri": DepartmentRecord("agri", reports_due=1, submitted_on_time=1),
    "drc": DepartmentRecord("drc", reports_due=2, submitted_on_time=1),
    "eco": DepartmentRecord("eco", reports_due=3, submitted_on_time=2, submitted_late=1, returned=2, tasks_led=1,
                            tasks_done=1),
    "env": DepartmentRecord("env", reports_due=3, submitted_on_time=1, submitted_late=1),
    "greening": DepartmentRecord("greening", reports_due=1, submitted_on_time=1, returned=1, tasks_led=1,
                                 tasks_behind=1),
    "market": DepartmentRecord("market", reports_due=1),
}
EXPECTED_TOTALS = {"agri": 100.0, "eco": 77.1, "drc": 70.0, "env": 70.0, "greening": 37.5, "market": 0.0}
EXPECTED_RANKING = [("agri", 1), ("eco", 2), ("drc", 3), ("env", 3), ("greening", 5), ("market", 6)]


def test_the_default_weights_are_the_documented_ones() -> None:
    w = load_weights()
    assert (w.timeliness, w.quality, w.completion, w.indicators, w.late_credit, w.notice_below) == (
        0.3, 0.2, 0.3, 0.2, 0.5, 60)


def test_department_records_count_each_report_once(plan: Plan, year_of_rounds: tuple[Round, Round]) -> None:
    records = department_records(plan, YEAR)
    assert records == EXPECTED_RECORDS
    assert {code: r.missing for code, r in records.items()} == {
        "agri": 0, "drc": 1, "eco": 0, "env": 1, "greening": 0, "market": 1}


def test_scores_ranking_and_notice_list_by_hand(plan: Plan, year_of_rounds: tuple[Round, Round]) -> None:
    result = assess(plan, YEAR)
    assert result.year == YEAR
    totals = {r.score.department: r.score.total for r in result.ranking}
    assert totals == EXPECTED_TOTALS
    assert [(r.score.department, r.rank) for r in result.ranking] == EXPECTED_RANKING
    eco = next(r.score for r in result.ranking if r.score.department == "eco")
    assert eco.components["timeliness"] == pytest.approx(2.5 / 3)
    assert eco.components["quality"] == pytest.approx(1 / 3)
    assert eco.components["completion"] == 1.0 and eco.components["indicators"] is None
    greening = next(r.score for r in result.ranking if r.score.department == "greening")
    assert (greening.components["timeliness"], greening.components["quality"], greening.components["completion"]) == (
        1.0, 0.0, 0.0)
    notices = {n.department: n.reasons for n in result.notices}
    assert list(notices) == ["drc", "env", "greening", "market"]
    assert notices["drc"] == ("缺报进展报告 1 份 / 1 progress report(s) not submitted",)
    assert notices["env"] == ("缺报进展报告 1 份 / 1 progress report(s) not submitted",)
    assert notices["greening"] == ("牵头任务滞后 1 项 / 1 led task(s) behind schedule",
                                   "考核得分 37.5 低于 60 / assessment score 37.5 below 60")
    assert notices["market"] == ("缺报进展报告 1 份 / 1 progress report(s) not submitted",
                                 "考核得分 0.0 低于 60 / assessment score 0.0 below 60")
    assert result.names["market"] == "区市场监管局"


def test_a_round_not_yet_due_is_not_counted(plan: Plan, year_of_rounds: tuple[Round, Round]) -> None:
    # as of b-q2's due date itself, only a-q1 is past
    records = department_records(plan, YEAR, today=dt.date(YEAR, 6, 30))
    assert records == {
        "drc": DepartmentRecord("drc", reports_due=1),
        "eco": DepartmentRecord("eco", reports_due=1, submitted_on_time=1, tasks_led=1, tasks_behind=1),
        "env": DepartmentRecord("env", reports_due=1, submitted_late=1),
    }
    assert department_records(plan, YEAR, today=dt.date(YEAR, 7, 1)) == EXPECTED_RECORDS
    assert department_records(plan, YEAR, today=dt.date(YEAR, 3, 31)) == {}


def test_an_open_round_due_later_is_not_counted(plan: Plan, user: UserGetter) -> None:
    due = in_days(14)
    round_ = open_test_round(plan, user, due_on=due)
    submit(report_of(round_, "greening"), user("greening"), progress="completed")
    assert department_records(plan, due.year) == {}
    result = assess(plan, due.year)
    assert result.ranking == [] and result.notices == []


def test_only_the_assessed_year_is_counted(plan: Plan, year_of_rounds: tuple[Round, Round]) -> None:
    assert department_records(plan, YEAR - 1) == {}


def test_a_consolidated_draft_does_not_count_as_task_status(plan: Plan, user: UserGetter) -> None:
    round_ = open_test_round(plan, user, [ECO_LED_TASK], code="draft-only")
    save_report(report_of(round_, "eco", ECO_LED_TASK), user("eco"), progress="completed", narrative="草稿")
    move_due(round_, dt.date(YEAR, 9, 30))
    record = department_records(plan, YEAR)["eco"]
    # The task is led (its report was owed) but a draft says nothing: neither done nor behind.
    assert (record.reports_due, record.submitted_on_time, record.tasks_led, record.tasks_done) == (1, 0, 1, 0)
    # nothing was submitted: quality does not apply; timeliness 0 and completion 0/1 give 0
    assert {r.score.department: r.score.total for r in assess(plan, YEAR).ranking} == {
        "drc": 0.0, "eco": 0.0, "env": 0.0}


def test_a_led_task_never_reported_still_counts_as_led(plan: Plan, user: UserGetter) -> None:
    # greening leads 53 and 54; it reports 53 completed on time and never reports 54
    round_ = open_test_round(plan, user, [TASK, 54], code="led")
    submit(report_of(round_, "greening"), user("greening"), progress="completed", narrative="已完成")
    set_first_submitted(round_, "greening", TASK, local(9, 29))
    move_due(round_, dt.date(YEAR, 9, 30))
    record = department_records(plan, YEAR)["greening"]
    assert (record.reports_due, record.submitted_on_time) == (2, 1)
    assert (record.tasks_led, record.tasks_done) == (2, 1)


# --- the page -----------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["office", "leader"])
def test_the_assessment_page(year_of_rounds: tuple[Round, Round], client_as: ClientFactory, username: str) -> None:
    response = client_as(username).get(f"/supervision/assessment/{YEAR}/")
    assert response.status_code == 200
    html = response.content.decode()
    ranking = html.split('id="ranking"', 1)[1].split("</table>", 1)[0]
    for name in ("区农业农村委", "区经委", "区发改委", "区生态环境局", "区绿化市容局", "区市场监管局"):
        assert name in ranking
    assert ranking.index("区农业农村委") < ranking.index("区经委") < ranking.index("区绿化市容局")
    assert "77.1" in ranking and "37.5" in ranking
    notices = html.split('id="notice-list"', 1)[1].split("</ul>", 1)[0]
    assert "区市场监管局" in notices and "缺报进展报告 1 份" in notices and "区经委" not in notices
    assert response.context["result"].year == YEAR


def test_a_score_of_zero_is_shown_as_zero(year_of_rounds: tuple[Round, Round], client_as: ClientFactory) -> None:
    html = client_as("office").get(f"/supervision/assessment/{YEAR}/").content.decode()
    row = html.split("<td>区市场监管局</td>", 1)[1].split("</tr>", 1)[0]
    assert '<td class="num">0.0</td>' in row


@pytest.mark.parametrize(("username", "status"), [("eco", 403), ("greening", 403), ("enterprise", 403)])
def test_departments_may_not_open_the_assessment(client_as: ClientFactory, username: str, status: int) -> None:
    assert client_as(username).get(f"/supervision/assessment/{YEAR}/").status_code == status


def test_anonymous_is_sent_to_log_in(client_as: ClientFactory) -> None:
    response = client_as(None).get(f"/supervision/assessment/{YEAR}/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_year_without_rounds_says_so(client_as: ClientFactory) -> None:
    response = client_as("office").get(f"/supervision/assessment/{YEAR}/")
    assert response.status_code == 200
    assert response.context["result"].ranking == []


# --- the CLI ------------------------------------------------------------------------------

def test_cli_assess_json(year_of_rounds: tuple[Round, Round], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["supervision", "assess", str(YEAR), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == YEAR
    assert [(r["department"], r["rank"], r["total"]) for r in data["ranking"]] == [
        (code, rank, EXPECTED_TOTALS[code]) for code, rank in EXPECTED_RANKING]
    eco = next(r for r in data["ranking"] if r["department"] == "eco")
    assert eco["components"]["completion"] == 1.0 and eco["components"]["indicators"] is None
    assert [n["department"] for n in data["notices"]] == ["drc", "env", "greening", "market"]
    assert data["notices"][2]["reasons"][0] == "牵头任务滞后 1 项 / 1 led task(s) behind schedule"


def test_cli_assess_text(year_of_rounds: tuple[Round, Round], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["supervision", "assess", str(YEAR)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "区农业农村委" in lines[0] and "100.0" in lines[0]
    assert "区经委" in lines[1] and "77.1" in lines[1]
    assert "通报 notice: 区市场监管局" in out

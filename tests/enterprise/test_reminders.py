"""Filing-deadline reminders: the stage by the day (by hand), one notice per unit, report, year and stage, mailed to
the enterprise's users, shown on its home page; the periodic job runs them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from carbonpeak.enterprise import notify
from carbonpeak.enterprise.models import EnterpriseNotice, Filing
from carbonpeak.enterprise.reminders import Pending, Stage, reminders_due, stage_on
from carbonpeak.enterprise.vocabulary import ReportPart
from carbonpeak.jobs import runner
from carbonpeak.jobs.catalogue import BY_NAME
from tests.conftest import ClientFactory
from tests.monitoring.support import USCC_B, make_unit

DUE = dt.date(2027, 3, 31)


@pytest.mark.parametrize(("today", "stage"), [
    (dt.date(2027, 2, 28), None), (dt.date(2027, 3, 1), Stage.DAYS_30), (dt.date(2027, 3, 23), Stage.DAYS_30),
    (dt.date(2027, 3, 24), Stage.DAYS_7), (dt.date(2027, 3, 31), Stage.DAYS_7), (dt.date(2027, 4, 1), Stage.OVERDUE),
])
def test_the_stage_by_the_day(today: dt.date, stage: Stage | None) -> None:
    assert stage_on(today, DUE) == stage


def test_only_the_latest_stage_and_never_twice() -> None:
    p = Pending("U1", "一号", ReportPart.ENERGY, 2026, DUE)
    first = reminders_due([p], dt.date(2027, 3, 25), set())
    assert [d.stage for d in first] == [Stage.DAYS_7] and first[0].days_left == 6  # 30-day stage skipped
    assert first[0].key == "enterprise.due:U1:energy:2026:7d"
    assert reminders_due([p], dt.date(2027, 3, 26), {first[0].key}) == []
    assert "6 days left" in first[0].text(english=True) and "剩 6 天" in first[0].text(english=False)


@pytest.mark.django_db
def test_the_job_reminds_each_pending_unit_once_and_mails_it(client_as: ClientFactory) -> None:
    own, other, done = make_unit("OWN"), make_unit("OTHER", uscc=USCC_B), make_unit("DONE", uscc=USCC_B)
    Filing.objects.create(unit=own, year=2026, status="returned")
    Filing.objects.create(unit=done, year=2026, status="submitted")  # with the office: no reminder
    get_user_model().objects.filter(username="enterprise").update(email="energy@example.com")
    summary = notify.run(dt.date(2027, 3, 25))
    assert (summary.sent, summary.emailed) == (2, 1)  # OWN's (mailed: its user has an address) and OTHER's
    notice = EnterpriseNotice.objects.get(unit=own)
    assert notice.key == "enterprise.due:OWN:energy:2026:7d" and notice.enterprise == own.enterprise
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["energy@example.com"] and "剩 6 天" in mail.outbox[0].body
    assert notify.run(dt.date(2027, 3, 26)).sent == 0  # same stage the next day
    assert notify.run(dt.date(2027, 4, 1)).sent == 2  # overdue: one more each
    assert other.pk and "已于 2027-03-31 到期" in client_as("enterprise").get("/enterprise/home/").content.decode()
    assert "OTHER" not in client_as("enterprise").get("/enterprise/home/").content.decode().split(
        'id="home-notices"')[1].split("</ul>")[0]


@pytest.mark.django_db
def test_the_periodic_job_runs_it() -> None:
    make_unit("OWN")
    first = runner.run_job(BY_NAME["enterprise.remind"], actor_label="tests")
    again = runner.run_job(BY_NAME["enterprise.remind"], actor_label="tests")
    assert first.outcome == "ok" and again.changed == 0


@pytest.mark.django_db
def test_the_office_writes_to_an_enterprise(client_as: ClientFactory,
                                            django_capture_on_commit_callbacks: Any) -> None:
    own, other = make_unit("OWN"), make_unit("OTHER", uscc=USCC_B)
    get_user_model().objects.filter(username="enterprise").update(email="energy@example.com")
    office = client_as("office")
    empty = office.post("/enterprise/notices/", {"enterprise": str(own.enterprise_id), "text": "", "text_en": ""},
                        follow=True).content.decode()
    assert "text: 必填" in empty and not EnterpriseNotice.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        office.post("/enterprise/notices/", {"enterprise": str(own.enterprise_id), "text": "请于月底前补报产量",
                                             "text_en": "Please send the output by the end of the month"})
    notice = EnterpriseNotice.objects.get()
    assert notice.enterprise == own.enterprise and notice.emailed_at is not None and len(mail.outbox) == 1
    assert "请于月底前补报产量" in client_as("enterprise").get("/enterprise/home/").content.decode()
    assert other.enterprise is not None
    for who in ("enterprise", "leader", "eco"):
        assert client_as(who).get("/enterprise/notices/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        office.post("/enterprise/notices/", {"enterprise": "all", "text": "通知", "text_en": "Notice"})
    assert EnterpriseNotice.objects.filter(text="通知").count() == 2

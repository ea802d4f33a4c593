"""An enterprise's page: its own units, last year's report with its state and deadline, its grade, its alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from carbonpeak.enterprise import services
from carbonpeak.enterprise.catalogue import catalogue
from carbonpeak.enterprise.models import Filing
from carbonpeak.monitoring.models import Alert
from tests.conftest import ClientFactory
from tests.enterprise.support import two_units

pytestmark = pytest.mark.django_db


def test_the_enterprise_sees_its_units_report_deadline_and_alerts(client_as: ClientFactory) -> None:
    own, other = two_units()
    last = timezone.localdate().year - 1
    office = get_user_model().objects.get(username="office")
    f = services.open_filing(own, last, office, "office")
    Filing.objects.filter(pk=f.pk).update(status="submitted")
    Alert.objects.create(unit=own, kind="silent", subject="own", message_zh="本单位数据中断", message_en="gap")
    Alert.objects.create(unit=other, kind="silent", subject="other", message_zh="他人数据中断", message_en="gap")
    page = client_as("enterprise").get("/enterprise/home/").content.decode()
    assert 'data-unit="OWN"' in page and 'data-unit="OTHER"' not in page
    assert "已提交" in page and catalogue().due_on(last).isoformat() in page
    assert "本单位数据中断" in page and "他人数据中断" not in page


def test_the_due_date_is_data_the_year_after() -> None:
    assert catalogue().due_on(2025) == dt.date(2026, 3, 31)


@pytest.mark.parametrize("who", ["office", "leader", "eco"])
def test_others_are_sent_to_the_list_of_reports(client_as: ClientFactory, who: str) -> None:
    response = client_as(who).get("/enterprise/home/")
    assert response.status_code == 302 and response["Location"] == "/enterprise/"

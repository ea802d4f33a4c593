"""Accepting a report's stated quantity as an indicator value: the report page (button per
quantity, the approve form's box) and POST /api/v1/supervision/reports/{id}/quantities/{qid}/accept
with its permission matrix."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from carbonpeak.indicators.models import Derivation, Indicator, Observation, Origin
from carbonpeak.indicators.services import import_records
from carbonpeak.people.models import ApiToken
from carbonpeak.plan.models import Plan
from carbonpeak.supervision.models import Report
from tests.conftest import ClientFactory, UserGetter
from tests.supervision.quantity_support import RECOVERY, quantity_of, stated_report
from tests.supervision.round_support import fresh

API = "/api/v1/supervision"


def page(report: Report) -> str:
    return f"/supervision/reports/{report.pk}/"


def accept_url(report: Report) -> str:
    return f"/supervision/reports/{report.pk}/quantities/{quantity_of(report).pk}/accept"


def flashes(response: Any) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def stored() -> list[Observation]:
    return list(Observation.objects.filter(indicator__code=RECOVERY))


def api_accept(client: Client, report: Report, body: dict[str, Any] | None = None, qid: int | None = None) -> Any:
    quantity = qid if qid is not None else quantity_of(report).pk
    return client.post(f"{API}/reports/{report.pk}/quantities/{quantity}/accept", json.dumps(body or {}),
                       content_type="application/json")


# --- the report page -----------------------------------------------------------------------


def test_the_office_accepts_from_the_report_page(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = stated_report(plan, user)
    office = client_as("office")
    html = office.get(page(report)).content.decode()
    assert accept_url(report) in html and 'name="period" value="2025"' in html
    assert "44.5 %" in html and "生活垃圾资源回收利用率" in html

    response = office.post(accept_url(report), {"period": "2025"})
    assert response.status_code == 302 and response["Location"] == page(report)
    assert [level for level, _ in flashes(response)] == ["success"]
    (o,) = stored()
    assert (o.value, o.origin, o.report_id) == (44.5, Origin.REPORTED, report.pk)

    html = office.get(page(report)).content.decode()
    assert "已采纳为 2025 的数值" in html and accept_url(report) not in html
    assert f'href="/indicators/{RECOVERY}/"' in html


def test_the_accept_button_waits_for_the_approval(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = stated_report(plan, user, approve=False)
    office = client_as("office")
    html = office.get(page(report)).content.decode()
    assert accept_url(report) not in html and 'name="accept_quantities"' in html  # the approve form's box
    response = office.post(accept_url(report))
    assert response.status_code == 302
    assert [level for level, _ in flashes(response)] == ["error"]
    assert "审核" in flashes(response)[0][1]  # said in the reader's language, no field code
    assert stored() == []


def test_approving_with_the_box_accepts_the_quantities(plan: Plan, user: UserGetter,
                                                       client_as: ClientFactory) -> None:
    report = stated_report(plan, user, approve=False)
    response = client_as("office").post(f"/supervision/reports/{report.pk}/action",
                                        {"action": "approve", "confirmed": "1", "accept_quantities": "1"})
    assert response.status_code == 302
    assert fresh(report).status == "approved"
    assert [(o.period, o.value, o.report_id) for o in stored()] == [("2025", 44.5, report.pk)]


def test_approving_without_the_box_accepts_nothing(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = stated_report(plan, user, approve=False)
    client_as("office").post(f"/supervision/reports/{report.pk}/action", {"action": "approve", "confirmed": "1"})
    assert fresh(report).status == "approved" and stored() == []


def test_a_period_with_another_value_asks_to_replace(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    import_records(plan, [{"indicator": RECOVERY, "period": "2025", "value": 40, "unit": "%"}], user=None,
                   actor_label="tests", source="区统计局")
    report = stated_report(plan, user)
    office = client_as("office")
    html = office.get(page(report)).content.decode()
    assert 'name="replace"' in html and "2025 已有数值 40.0%（来源：区统计局）" in html
    refused = office.post(accept_url(report), {"period": "2025"})
    ((level, text),) = flashes(refused)
    assert level == "error" and text.startswith("2025 已有数值 40.0%") and "replace" not in text
    assert [o.value for o in stored()] == [40.0]
    office.post(accept_url(report), {"period": "2025", "replace": "1"})
    assert [o.value for o in stored()] == [44.5]


def test_a_derived_indicator_offers_no_button(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = stated_report(plan, user)
    Indicator.objects.filter(plan=plan, code=RECOVERY).update(derived=Derivation.INDUSTRIAL_ENERGY_SAVING)
    office = client_as("office")
    html = office.get(page(report)).content.decode()
    assert accept_url(report) not in html and "派生指标" in html
    ((level, text),) = flashes(office.post(accept_url(report)))
    assert level == "error" and text.endswith("本指标由系统计算，不能手工填报")


@pytest.mark.parametrize("who", ["greening", "eco", "leader"])
def test_others_see_the_state_but_no_button(plan: Plan, user: UserGetter, client_as: ClientFactory,
                                            who: str) -> None:
    report = stated_report(plan, user)
    client = client_as(who)
    html = client.get(page(report)).content.decode()
    assert accept_url(report) not in html and "未采纳" in html
    assert client.post(accept_url(report)).status_code == 403
    assert stored() == []


def test_a_department_follows_the_link_to_the_indicator_it_may_open(
        plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = stated_report(plan, user)
    client_as("office").post(accept_url(report))
    html = client_as("greening").get(page(report)).content.decode()
    assert "已采纳为 2025 的数值" in html and f'href="/indicators/{RECOVERY}/"' in html
    indicator_page = client_as("greening").get(f"/indicators/{RECOVERY}/").content.decode()
    assert "督查报告 2025年第三季度 · 任务53 · 区绿化市容局" in indicator_page


def test_the_page_speaks_english_too(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = stated_report(plan, user)
    office = client_as("office", language="en")
    html = office.get(page(report)).content.decode()
    assert "Accept as indicator value" in html and "Household waste resource recovery" in html
    office.post(accept_url(report))
    assert "Accepted as the 2025 value" in office.get(page(report)).content.decode()


def test_a_quantity_of_another_report_is_not_found(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = stated_report(plan, user)
    other = Report.objects.get(round=report.round, task=report.task, department__code="eco")
    response = client_as("office").post(f"/supervision/reports/{other.pk}/quantities/{quantity_of(report).pk}/accept")
    assert response.status_code == 404


# --- the API -------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [
    ("office", 200),
    ("leader", 403),  # reads every report, changes nothing
    ("greening", 403),  # the author
    ("eco", 403),  # a co-department of the task
    ("fengjing", 404),  # not on the task: the report is not there for it
    ("enterprise", 403),  # no rounds at all
    (None, 401),
])
def test_the_accept_endpoint_permission_matrix(plan: Plan, user: UserGetter, client_as: ClientFactory,
                                               who: str | None, status: int) -> None:
    report = stated_report(plan, user)
    response = api_accept(client_as(who), report)
    assert response.status_code == status
    assert len(stored()) == (1 if status == 200 else 0)


def test_the_api_accepts_and_says_what_it_stored(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = stated_report(plan, user)
    office = client_as("office")
    body = api_accept(office, report).json()
    assert body["outcome"] == "created"
    o = body["observation"]
    assert (o["indicator"], o["period"], o["value"], o["origin"], o["report"]) == (
        RECOVERY, "2025", 44.5, "reported", report.pk)
    assert o["provenance"]["round"] == "t-2025-q3" and o["provenance"]["department"] == "greening"
    assert api_accept(office, report).json()["outcome"] == "unchanged"
    (listed,) = office.get(f"{API}/reports/{report.pk}/quantities").json()
    assert (listed["accepted"], listed["period"], listed["observation"]["value"], listed["conflict"]) == (
        True, "2025", 44.5, None)


def test_a_machine_token_of_the_office_accepts(plan: Plan, user: UserGetter) -> None:
    report = stated_report(plan, user)
    _, secret = ApiToken.issue(user("office"), name="tests")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api_accept(client, report).status_code == 200


@pytest.mark.parametrize(("setup", "body", "field"), [
    ("submitted", {}, "status"),
    ("derived", {}, "indicator"),
    ("conflict", {}, "replace"),
    ("approved", {"period": "2035"}, "period"),
    ("approved", {"period": "soon"}, "period"),
])
def test_the_api_refusals_name_the_field(plan: Plan, user: UserGetter, client_as: ClientFactory, setup: str,
                                         body: dict[str, Any], field: str) -> None:
    if setup == "conflict":
        import_records(plan, [{"indicator": RECOVERY, "period": "2025", "value": 40, "unit": "%"}], user=None,
                       actor_label="tests", source="区统计局")
    report = stated_report(plan, user, approve=setup != "submitted")
    if setup == "derived":
        Indicator.objects.filter(plan=plan, code=RECOVERY).update(derived=Derivation.INDUSTRIAL_ENERGY_SAVING)
    response = api_accept(client_as("office"), report, body)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == field and error["reason"] and " / " not in error["reason"]  # one language
    if setup == "conflict":
        assert api_accept(client_as("office"), report, {"replace": True}).json()["outcome"] == "updated"


def test_the_api_lists_a_conflict_before_accepting(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    import_records(plan, [{"indicator": RECOVERY, "period": "2025", "value": 40, "unit": "%"}], user=None,
                   actor_label="tests", source="区统计局")
    report = stated_report(plan, user)
    (listed,) = client_as("greening").get(f"{API}/reports/{report.pk}/quantities").json()
    assert (listed["accepted"], listed["conflict"]["value"], listed["conflict"]["source"]) == (False, 40.0, "区统计局")


def test_the_api_404s_for_an_unknown_quantity(plan: Plan, user: UserGetter, client_as: ClientFactory) -> None:
    report = stated_report(plan, user)
    assert api_accept(client_as("office"), report, qid=999_999).status_code == 404

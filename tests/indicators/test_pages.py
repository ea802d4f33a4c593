"""The indicator pages: the dashboard (驾驶舱), one indicator with its chart, data and entry form,
evidence, and the 预警 list and detail with the response form."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from carbonpeak.common.uploads import MAX_BYTES
from carbonpeak.indicators.evaluation import evaluate_plan
from carbonpeak.indicators.models import EarlyWarning, Observation, WarningResponse
from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory
from tests.indicators.conftest import FOREST, INTENSITY, SAVING, store
from tests.people.plan_facts import plan_data

Warnings = dict[str, EarlyWarning]
DASHBOARD_HEADING = {"zh-hans": "碳达峰驾驶舱", "en": "Carbon-peak dashboard"}


def html_of(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def json_script(html: str, element_id: str) -> Any:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no {element_id}"
    return json.loads(match.group(1))


def tiles(html: str) -> dict[str, str]:
    """Indicator code → status of each traffic light on the dashboard."""
    return dict(re.findall(r'data-indicator="([^"]+)" data-status="([^"]+)"', html))


def form_value(html: str, name: str) -> str:
    match = re.search(rf'<input name="{name}" value="([^"]*)"', html)
    assert match, f"no input {name}"
    return match.group(1)


# --- dashboard -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("username", ["office", "leader", "eco"])
def test_the_dashboard_shows_every_indicator(plan: Plan, client_as: ClientFactory, username: str,
                                             language: str) -> None:
    html = html_of(client_as(username, language), "/dashboard/")
    assert f'<html lang="{language}">' in html
    assert DASHBOARD_HEADING[language] in html
    shown = tiles(html)
    assert len(re.findall(r"data-indicator=", html)) == 36
    assert set(shown) == {i["code"] for i in plan_data()["indicators"]}
    name = {"zh-hans": "name", "en": "name_en"}[language]
    assert all(i[name] in html for i in plan_data()["indicators"])
    chart = json_script(html, "status-by-action-data")
    actions = sorted({i["action"] for i in plan_data()["indicators"]})  # 0: the main goals
    assert [c.split(".")[0] for c in chart["categories"][1:]] == [str(a) for a in actions[1:]]
    assert chart["categories"][0] == {"zh-hans": "主要目标", "en": "Main goals"}[language]
    assert sum(sum(s["data"]) for s in chart["series"]) == 36


def test_the_dashboard_lights_match_the_status(demo: Plan, client_as: ClientFactory) -> None:
    html = html_of(client_as("leader"), "/dashboard/")
    expected = {s.indicator.code: str(s.progress.status) for s in evaluate_plan(demo, dt.date.today())}
    assert tiles(html) == expected
    for status in set(expected.values()):
        count = sum(1 for v in expected.values() if v == status)
        assert f'data-count="{status}">{count}<' in html
    assert 'data-testid="headline-intensity"' in html
    assert "illustrative demo data" in html_of(client_as("leader", "en"), "/dashboard/")


@pytest.mark.parametrize("url", ["/dashboard/", f"/indicators/{SAVING}/", "/indicators/warnings/"])
def test_pages_need_a_login(db: None, client_as: ClientFactory, url: str) -> None:
    response = client_as(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_leader_is_sent_from_home_to_the_dashboard(db: None, client_as: ClientFactory) -> None:
    leader = client_as("leader")
    response = leader.get("/")
    assert (response.status_code, response["Location"]) == (302, "/dashboard/")
    assert leader.get("/?overview=1").status_code == 200
    assert client_as("office").get("/").status_code == 200
    assert client_as("eco").get("/").status_code == 200


# --- one indicator -----------------------------------------------------------------------------


def test_the_indicator_page_shows_chart_data_and_observations(plan: Plan, client_as: ClientFactory) -> None:
    store(plan, FOREST, {2021: 15.6, 2023: 16.0, 2024: 16.2})
    html = html_of(client_as("leader"), f"/indicators/{FOREST}/")
    chart = json_script(html, "indicator-chart-data")
    assert chart["actual"] == [["2021", 15.6], ["2023", 16.0], ["2024", 16.2]]
    assert chart["years"] == [str(y) for y in range(2020, 2026)]
    assert chart["targets"] == [{"year": 2025, "value": 16.5, "kind": "level"}]
    assert len(chart["path"]) == len(chart["years"])
    assert chart["path"][-1] == pytest.approx(16.5)
    assert re.findall(r'<tr data-period="([^"]+)"', html) == ["2021", "2023", "2024"]
    assert 'id="indicator-chart"' in html
    assert "observation-form" not in html  # the leader only reads


def test_a_derived_indicator_says_how_and_has_no_form(plan: Plan, client_as: ClientFactory) -> None:
    from carbonpeak.indicators.derive import derive_all

    derive_all(plan, actor_label="tests")
    html = html_of(client_as("office"), f"/indicators/{INTENSITY}/")
    assert "observation-form" not in html
    assert "能耗双控口径" in html  # the derivation sentence
    assert len(json_script(html, "indicator-chart-data")["actual"]) == 6


def test_the_form_is_offered_to_the_lead_department_only(db: None, client_as: ClientFactory) -> None:
    assert "observation-form" in html_of(client_as("eco"), f"/indicators/{SAVING}/")
    assert "observation-form" in html_of(client_as("office"), f"/indicators/{SAVING}/")
    assert "observation-form" not in html_of(client_as("greening"), f"/indicators/{SAVING}/")
    assert "observation-form" in html_of(client_as("greening"), f"/indicators/{FOREST}/")


def test_the_lead_department_enters_a_value(db: None, client_as: ClientFactory) -> None:
    eco = client_as("eco")
    response = eco.post(f"/indicators/{SAVING}/", {"period": "2025", "value": "1.04", "unit": "%",
                                                    "source": "区经委", "note": "百一行动"})
    assert (response.status_code, response["Location"]) == (302, f"/indicators/{SAVING}/")
    saved = Observation.objects.get(indicator__code=SAVING, period="2025")
    assert (saved.value, saved.origin, saved.entered_by_label, saved.source) == (1.04, "entered", "eco", "区经委")
    html = html_of(eco, f"/indicators/{SAVING}/")
    assert "已保存：2025" in html
    assert re.findall(r'<tr data-period="([^"]+)"', html) == ["2025"]


def test_a_correction_shows_in_the_history(db: None, client_as: ClientFactory) -> None:
    eco = client_as("eco")
    eco.post(f"/indicators/{SAVING}/", {"period": "2025", "value": "0.9", "unit": "%"})
    eco.post(f"/indicators/{SAVING}/", {"period": "2025", "value": "1.1", "unit": "%"})
    html = html_of(eco, f"/indicators/{SAVING}/")
    assert re.search(r"eco: 0\.9 → 1\.1", html)


@pytest.mark.parametrize(("form", "field", "reason"), [
    ({"period": "2025", "value": "一点一", "unit": "%"}, "value", "不是数值"),
    ({"period": "2025", "value": "130", "unit": "%"}, "value", "大于上限 100"),
    ({"period": "2025年第二季", "value": "1", "unit": "%"}, "period", "无法识别的期间"),
    ({"period": "2025", "value": "1", "unit": "公里"}, "unit", "不能换算"),
])
def test_bad_input_keeps_what_was_typed_and_says_why(db: None, client_as: ClientFactory, form: dict[str, str],
                                                     field: str, reason: str) -> None:
    response = client_as("eco").post(f"/indicators/{SAVING}/", {**form, "source": "我的来源", "note": "备注"})
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("period", "value", "unit"):
        assert form_value(html, name) == form[name]
    assert form_value(html, "source") == "我的来源"
    assert "<textarea name=\"note\">备注</textarea>" in html
    error = re.search(rf'<input name="{field}" value="[^"]*" ?[^>]*>\s*<span class="error">([^<]+)</span>', html)
    assert error and reason in error.group(1)
    assert not Observation.objects.exists()


@pytest.mark.parametrize(("username", "code"), [("greening", SAVING), ("eco", FOREST), ("leader", SAVING),
                                                 ("enterprise", SAVING)])
def test_others_are_refused_posting(db: None, client_as: ClientFactory, username: str, code: str) -> None:
    response = client_as(username).post(f"/indicators/{code}/", {"period": "2025", "value": "1", "unit": "%"})
    assert response.status_code == 403
    assert not Observation.objects.exists()


# --- evidence --------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_evidence_is_uploaded_and_downloaded(media, client_as: ClientFactory) -> None:  # type: ignore[no-untyped-def]
    eco = client_as("eco")
    upload = SimpleUploadedFile("节能统计2025.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    response = eco.post(f"/indicators/{SAVING}/", {"period": "2025", "value": "1.02", "unit": "%",
                                                    "evidence": upload})
    assert response.status_code == 302
    saved = Observation.objects.get(indicator__code=SAVING, period="2025")
    assert saved.evidence.name.startswith(f"indicators/{SAVING}/2025/")
    link = f"/indicators/{SAVING}/2025/evidence"
    assert f'href="{link}"' in html_of(eco, f"/indicators/{SAVING}/")
    download = client_as("office").get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 evidence"  # type: ignore[attr-defined]
    assert "attachment" in download["Content-Disposition"]


def test_an_oversized_evidence_file_is_refused(media, client_as: ClientFactory) -> None:  # type: ignore[no-untyped-def]
    big = SimpleUploadedFile("big.pdf", b"0" * (MAX_BYTES + 1), content_type="application/pdf")
    response = client_as("eco").post(f"/indicators/{SAVING}/", {"period": "2025", "value": "1.02", "unit": "%",
                                                                 "evidence": big})
    assert response.status_code == 200
    assert "big.pdf" not in str(list(media.rglob("*")))
    assert not Observation.objects.exists()
    assert form_value(response.content.decode(), "value") == "1.02"


def test_no_evidence_is_404(plan: Plan, client_as: ClientFactory) -> None:
    store(plan, FOREST, {2024: 16.2})
    assert client_as("office").get(f"/indicators/{FOREST}/2024/evidence").status_code == 404
    assert client_as("office").get(f"/indicators/{FOREST}/2023/evidence").status_code == 404


# --- warnings --------------------------------------------------------------------------------


def listed(html: str) -> dict[str, str]:
    return dict(re.findall(r'<tr data-indicator="([^"]+)" data-level="([^"]+)"', html))


@pytest.mark.parametrize(("username", "expected"), [
    ("office", {SAVING: "orange", FOREST: "red"}), ("leader", {SAVING: "orange", FOREST: "red"}),
    ("eco", {SAVING: "orange"}), ("greening", {FOREST: "red"}), ("fengjing", {}),
])
def test_each_user_sees_the_warnings_it_may(two_warnings: Warnings, client_as: ClientFactory, username: str,
                                            expected: dict[str, str]) -> None:
    assert listed(html_of(client_as(username), "/indicators/warnings/")) == expected


def test_the_enterprise_sees_no_warnings(db: None, client_as: ClientFactory) -> None:
    assert client_as("enterprise").get("/indicators/warnings/").status_code == 403


def test_only_the_office_may_re_evaluate(two_warnings: Warnings, client_as: ClientFactory) -> None:
    assert "/indicators/warnings/run" in html_of(client_as("office"), "/indicators/warnings/")
    assert "/indicators/warnings/run" not in html_of(client_as("eco"), "/indicators/warnings/")
    assert client_as("eco").post("/indicators/warnings/run").status_code == 403
    office = client_as("office")
    response = office.post("/indicators/warnings/run")
    assert (response.status_code, response["Location"]) == (302, "/indicators/warnings/")
    assert "已重新评估预警" in html_of(office, "/indicators/warnings/")


def test_a_department_cannot_open_another_departments_warning(two_warnings: Warnings,
                                                              client_as: ClientFactory) -> None:
    forest = two_warnings[FOREST].pk
    assert client_as("eco").get(f"/indicators/warnings/{forest}/").status_code == 404
    assert client_as("eco").post(f"/indicators/warnings/{forest}/", {"text": "x"}).status_code == 404
    assert not WarningResponse.objects.exists()


def test_the_warned_department_acknowledges(two_warnings: Warnings, client_as: ClientFactory) -> None:
    pk = two_warnings[SAVING].pk
    eco = client_as("eco")
    page = html_of(eco, f"/indicators/warnings/{pk}/")
    assert 'id="response-form"' in page
    assert len(json_script(page, "indicator-chart-data")["actual"]) == 4
    assert f'href="/indicators/warnings/{pk}/"' in html_of(eco, "/indicators/warnings/")  # Acknowledge button
    response = eco.post(f"/indicators/warnings/{pk}/", {"text": "已组织节能诊断"})
    assert (response.status_code, response["Location"]) == (302, f"/indicators/warnings/{pk}/")
    assert "反馈已记录" in html_of(eco, f"/indicators/warnings/{pk}/")
    for username in ("office", "leader"):
        html = html_of(client_as(username), f"/indicators/warnings/{pk}/")
        assert "已组织节能诊断" in html
        assert 'id="response-form"' not in html
    assert "已组织节能诊断" in html_of(client_as("office"), "/indicators/warnings/")


def test_an_empty_response_is_refused_on_the_page(two_warnings: Warnings, client_as: ClientFactory) -> None:
    pk = two_warnings[SAVING].pk
    response = client_as("eco").post(f"/indicators/warnings/{pk}/", {"text": "   "})
    assert response.status_code == 200
    assert "请填写反馈内容" in response.content.decode()
    assert not WarningResponse.objects.exists()


@pytest.mark.parametrize("username", ["office", "leader"])
def test_readers_may_not_respond(two_warnings: Warnings, client_as: ClientFactory, username: str) -> None:
    pk = two_warnings[SAVING].pk
    assert client_as(username).post(f"/indicators/warnings/{pk}/", {"text": "x"}).status_code == 403
    assert not WarningResponse.objects.exists()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_warning_pages_speak_both_languages(two_warnings: Warnings, client_as: ClientFactory,
                                            language: str) -> None:
    client = client_as("eco", language)
    listing = html_of(client, "/indicators/warnings/")
    detail = html_of(client, f"/indicators/warnings/{two_warnings[SAVING].pk}/")
    if language == "en":
        assert "Early warnings" in listing and "Level 2 warning (orange)" in listing
        assert "Annual energy saving of industrial and communications energy users" in detail
    else:
        assert "指标预警" in listing and "工业和通信业用能企业年节能率" in detail


SAMPLE = {"year": "2030", "ratio": "1.2", "percent": "50"}  # within every indicator's range


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_unit_the_form_proposes_is_accepted(db: None, client_as: ClientFactory, language: str) -> None:
    office = client_as("office", language)
    for item in plan_data()["indicators"]:
        if item.get("derived"):
            continue
        page = html_of(office, f"/indicators/{item['code']}/")
        value = SAMPLE.get(item["unit"], "10")
        form = {"period": "2024", "value": value, "unit": form_value(page, "unit"), "reference_value": value}
        response = office.post(f"/indicators/{item['code']}/", form)
        assert response.status_code == 302, (item["code"], form["unit"], response.content.decode()[-3000:])
    assert Observation.objects.count() == 32  # 36 indicators, 4 derived (energy intensity, two PUEs, the 百一 saving)

"""A project's page: its figures and chart, the decision form (office only) and the history."""

from __future__ import annotations

import pytest

from carbonpeak.common.figures import format_figure
from carbonpeak.review.models import Decision, RegisterEntry
from tests.conftest import ClientFactory, UserGetter
from tests.review.support import ENERGY_TCE, stored_project


@pytest.mark.parametrize(("username", "status"), [
    ("office", 200), ("leader", 200), ("eco", 403), ("enterprise", 403)])
def test_who_opens_a_project(client_as: ClientFactory, user: UserGetter, username: str, status: int) -> None:
    project = stored_project(user)
    assert client_as(username).get(f"/review/projects/{project.pk}/").status_code == status


def test_page_shows_the_figures_and_the_chart(client_as: ClientFactory, user: UserGetter) -> None:
    project = stored_project(user)
    response = client_as("leader", "en").get(f"/review/projects/{project.pk}/")
    html = response.content.decode()
    assert format_figure(ENERGY_TCE, "energy", "zh") == "1,945" and "1,945" in html  # common/figures.py
    assert 'id="review-impact-chart"' in html and 'id="review-impact-data"' in html
    assert "vendor/echarts/echarts.min.js" in html
    chart = response.context["chart"]
    assert [s["data"][0] for s in chart["series"]] == [chart["series"][0]["data"][0]] * 3  # all start at the base
    assert chart["series"][2]["data"][2] is None  # no 2030 energy target in thresholds.yaml
    assert 'id="decision-form"' not in html  # leaders read only
    assert "Factor set: <span" in html
    chinese = client_as("leader").get(f"/review/projects/{project.pk}/").content.decode()
    assert "因子集：<span" in chinese and "因子集:" not in chinese  # the Chinese colon


def test_office_decides_and_the_history_is_kept(client_as: ClientFactory, user: UserGetter) -> None:
    project = stored_project(user)
    client = client_as("office", "en")
    url = f"/review/projects/{project.pk}/decision"
    assert client.post(url, {"opinion": "reject", "reasons": "能效低于先进值"}).status_code == 302
    assert client.post(url, {"opinion": "approve_with_conditions", "reasons": "整改后复核",
                             "conditions": "烧碱单耗达到先进值"}).status_code == 302
    page = client.get(f"/review/projects/{project.pk}/")
    project.refresh_from_db()
    assert project.status == "approve_with_conditions"
    assert [d.opinion for d in page.context["decisions"]] == ["approve_with_conditions", "reject"]
    html = page.content.decode()
    assert "能效低于先进值" in html and "烧碱单耗达到先进值" in html


def test_a_bad_decision_keeps_what_was_typed(client_as: ClientFactory, user: UserGetter) -> None:
    project = stored_project(user)
    response = client_as("office", "en").post(f"/review/projects/{project.pk}/decision",
                                              {"opinion": "approve_with_conditions", "reasons": "原则同意",
                                               "conditions": ""})
    assert response.status_code == 200
    assert set(response.context["decision_errors"]) == {"conditions"}
    html = response.content.decode()
    assert "原则同意</textarea>" in html
    assert '<option value="approve_with_conditions" selected>' in html
    assert not Decision.objects.exists()


@pytest.mark.parametrize("username", ["leader", "eco"])
def test_only_the_office_decides(client_as: ClientFactory, user: UserGetter, username: str) -> None:
    project = stored_project(user)
    response = client_as(username).post(f"/review/projects/{project.pk}/decision",
                                        {"opinion": "approve", "reasons": "x"})
    assert response.status_code == 403


def test_assess_again_keeps_the_earlier_snapshot(client_as: ClientFactory, user: UserGetter) -> None:
    project = stored_project(user)
    first = project.latest_assessment()
    assert client_as("office").post(f"/review/projects/{project.pk}/reassess").status_code == 302
    assert project.assessments.count() == 2
    assert project.latest_assessment() != first


def test_a_two_high_project_goes_on_the_register_with_its_approved_energy(client_as: ClientFactory,
                                                                          user: UserGetter) -> None:
    project = stored_project(user)
    response = client_as("office").post(f"/review/projects/{project.pk}/register")
    entry = RegisterEntry.objects.get(project=project)
    assert response["Location"] == f"/review/register/{entry.pk}/"
    assert (entry.subject, entry.status, entry.disposal) == ("project", "planned", "keep")
    assert entry.approved_energy_tce == pytest.approx(ENERGY_TCE)
    again = client_as("office").post(f"/review/projects/{project.pk}/register")
    assert again.status_code == 302 and RegisterEntry.objects.count() == 1

"""The intake form: an instant assessment on POST; on bad input the form keeps what was typed and
shows each field's reason; the office may store the project for review."""

from __future__ import annotations

import pytest

from carbonpeak.review.models import Project
from tests.conftest import ClientFactory
from tests.review.support import ENERGY_TCE, FORM

URL = "/review/assess/"


@pytest.mark.parametrize("username", ["office", "leader", "eco", "enterprise"])
def test_every_role_opens_the_form(client_as: ClientFactory, username: str) -> None:
    response = client_as(username).get(URL)
    assert response.status_code == 200
    assert 'id="intake-form"' in response.content.decode()


def test_anonymous_is_sent_to_log_in(client_as: ClientFactory) -> None:
    response = client_as(None).get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_assess_shows_the_figures_and_stores_nothing(client_as: ClientFactory) -> None:
    response = client_as("office", "en").post(URL, {**FORM, "action": "assess"})
    assert response.status_code == 200
    answer = response.context["answer"]
    assert answer["energy_tce"] == pytest.approx(ENERGY_TCE)
    html = response.content.decode()
    assert "1,945" in html  # 1944.5 tce to 4 significant digits (common/figures.py)
    assert 'id="impact"' in html and 'id="review-impact-chart"' in html
    assert response.context["chart"]["years"] == ["2020", "2025", "2030"]
    assert Project.objects.count() == 0


def test_enterprise_sees_its_project_but_not_the_district(client_as: ClientFactory) -> None:
    response = client_as("enterprise", "en").post(URL, {**FORM, "action": "assess"})
    html = response.content.decode()
    assert response.context["answer"]["review_tier"] == "district"
    assert 'data-testid="withheld"' in html and 'id="impact"' not in html
    assert "Store for review" not in html


def test_bad_input_keeps_what_was_typed_and_names_each_field(client_as: ClientFactory) -> None:
    typed = {**FORM, "industry_code": "9999", "value_added_10k_cny": "0", "town": "火星镇",
             "energy": "electricity,5000000,kWh\n\ndiesel,-5,t\ndiesel,5,kWh", "action": "assess"}
    response = client_as("office", "en").post(URL, typed)
    assert response.status_code == 200
    assert response.context["answer"] is None
    errors = response.context["errors"]
    assert set(errors) == {"industry_code", "value_added_10k_cny", "town", "energy"}
    # Energy issues name the line the item was typed on (line 2 is blank).
    assert any(e.startswith("第3行 / line 3 · quantity") for e in errors["energy"])
    assert any(e.startswith("第4行 / line 4 · unit") for e in errors["energy"])
    html = response.content.decode()
    assert 'value="9999"' in html and 'value="火星镇"' in html and 'value="0"' in html
    assert "diesel,-5,t\ndiesel,5,kWh</textarea>" in html
    assert 'value="金山氯碱一期"' in html  # good fields are kept too
    assert html.count('class="error"') >= 5


def test_office_stores_a_project(client_as: ClientFactory) -> None:
    response = client_as("office").post(URL, {**FORM, "action": "store"})
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/review/projects/{project.pk}/"
    assert project.created_by_label == "office"
    assert project.latest_assessment().energy_tce == pytest.approx(ENERGY_TCE)  # type: ignore[union-attr]


@pytest.mark.parametrize("username", ["leader", "eco", "enterprise"])
def test_only_the_office_stores(client_as: ClientFactory, username: str) -> None:
    assert client_as(username).post(URL, {**FORM, "action": "store"}).status_code == 403
    assert Project.objects.count() == 0


def test_renovation_counts_the_increase(client_as: ClientFactory) -> None:
    form = {**FORM, "kind": "renovation", "energy": "raw_coal,3000,t\nelectricity,2000000,kWh",
            "energy_before": "raw_coal,3000,t", "value_added_before_10k_cny": "8000", "industry_code": "3484",
            "products": "", "action": "assess"}
    answer = client_as("office").post(URL, form).context["answer"]
    assert answer["counted_as"] == "increase"
    assert answer["energy_tce"] == pytest.approx(2_000_000 * 0.1229 / 1000)  # 245.8 tce: the coal cancels
    assert answer["review_tier"] == "exempt"


def test_a_cell_of_128_kib_is_named_not_a_500(client_as: ClientFactory) -> None:
    typed = {**FORM, "energy": f"electricity,{'9' * 131_073},kWh", "action": "assess"}
    response = client_as("office", "en").post(URL, typed)
    assert response.status_code == 200
    assert response.context["answer"] is None and "energy" in response.context["errors"]

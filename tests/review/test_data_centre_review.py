"""A new data centre designed above the PUE limit (task 31): flagged in the assessment, shown on the
page with its clause, and not approvable as designed."""

from __future__ import annotations

import pytest

from carbonpeak.review import services
from carbonpeak.review.intake import ReviewInputError
from tests.conftest import ClientFactory, UserGetter
from tests.review.support import FORM, project_data

pytestmark = pytest.mark.django_db


def data_centre(pue: float) -> dict[str, object]:
    return project_data(name="漕泾数据中心", industry_code="6450", products=[], design_pue=pue,
                        energy=[{"energy_type": "electricity", "quantity": 60_000_000, "unit": "kWh"}])


def test_above_the_limit_only_approve_with_conditions_or_reject(user: UserGetter) -> None:
    p = services.store_project(data_centre(1.35), actor_label="office")
    assert p.design_pue == 1.35
    with pytest.raises(ReviewInputError) as caught:
        services.record_decision(p, opinion="approve", reasons="符合要求", actor_label="office")
    (issue,) = caught.value.issues
    assert issue.field == "opinion" and "1.35" in issue.reason and "approve with conditions" in issue.reason
    decision = services.record_decision(p, opinion="approve_with_conditions", reasons="PUE 须降至 1.3",
                                        conditions="投产前提交 PUE ≤ 1.3 的设计变更", actor_label="office")
    assert decision.opinion == "approve_with_conditions"


def test_within_the_limit_approves_as_usual(user: UserGetter) -> None:
    p = services.store_project(data_centre(1.25), actor_label="office")
    assert p.latest_assessment().result["findings"] == []  # type: ignore[union-attr]
    services.record_decision(p, opinion="approve", reasons="符合要求", actor_label="office")


def test_the_intake_form_takes_the_design_pue_and_shows_the_finding(client_as: ClientFactory) -> None:
    form = {**FORM, "industry_code": "6450", "products": "", "energy": "electricity,60000000,kWh"}
    missing = client_as("eco").post("/review/assess/", form)
    assert "design_pue" in missing.context["errors"]
    page = client_as("office").post("/review/assess/", {**form, "design_pue": "1.35"})
    html = page.content.decode()
    assert 'data-testid="finding-design_pue_above_limit"' in html
    assert "设计PUE超过限值" in html and "金府发〔2023〕1号" in html
    ok = client_as("office").post("/review/assess/", {**form, "design_pue": "1.25"}).content.decode()
    assert 'data-testid="design-pue"' in ok and "finding-design_pue_above_limit" not in ok

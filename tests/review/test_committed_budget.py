"""A project approved but not yet operating holds its energy against the district's remaining budget,
so the next project sees less headroom; once the office marks it operating, the statistics carry it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.review import services
from carbonpeak.review.intake import ReviewInputError
from carbonpeak.review.models import Project
from tests.conftest import ClientFactory, UserGetter
from tests.review.support import project_data, stored_project

pytestmark = pytest.mark.django_db


def budget_2025(**changes: object) -> dict[str, float]:
    energy: dict[str, float] = services.assess_data(project_data(**changes)).as_dict()["impact"]["years"]["2025"][
        "energy"]
    return energy


def approve(user: UserGetter, name: str = "金山氯碱一期") -> tuple[int, float]:
    p = stored_project(user, name=name)
    services.record_decision(p, opinion="approve", reasons="符合要求", actor_label="office")
    return p.pk, p.latest_assessment().result["energy_tce_dual_control"]  # type: ignore[union-attr]


def test_an_approved_project_not_yet_operating_lowers_the_next_projects_budget(user: UserGetter) -> None:
    before = budget_2025(name="二期")["remaining_budget"]
    pk, held = approve(user)
    after = budget_2025(name="二期")
    assert after["remaining_budget"] == pytest.approx(before - held)
    assert after["committed"] == pytest.approx(held)
    answer = services.assess_data(project_data(name="二期")).as_dict()["impact"]
    assert [c["project_id"] for c in answer["committed_projects"]] == [pk]
    # Pending and rejected projects hold nothing.
    pending = stored_project(user, name="三期")
    rejected = stored_project(user, name="四期")
    services.record_decision(rejected, opinion="reject", reasons="不符合", actor_label="office")
    assert budget_2025(name="二期")["remaining_budget"] == pytest.approx(after["remaining_budget"])
    assert pending.status == "pending"


def test_once_operating_it_no_longer_holds_budget(user: UserGetter) -> None:
    before = budget_2025(name="二期")["remaining_budget"]
    pk, _held = approve(user)
    project = Project.objects.get(pk=pk)
    services.set_operating(project, "2026-01-15", actor_label="office")
    assert budget_2025(name="二期")["remaining_budget"] == pytest.approx(before)
    record = ChangeRecord.objects.filter(entity="review_project", entity_key=str(pk), reason="operating").get()
    assert (record.before, record.after) == ({"operating_since": None}, {"operating_since": "2026-01-15"})


def test_assessing_an_approved_project_again_does_not_hold_it_against_itself(user: UserGetter) -> None:
    pk, _held = approve(user)
    project = Project.objects.get(pk=pk)
    again = services.reassess(project, actor_label="office")
    assert again.result["impact"]["committed_projects"] == []
    assert again.district["committed"] == []


def test_operating_date_checks(user: UserGetter) -> None:
    pending = stored_project(user)
    with pytest.raises(ReviewInputError) as caught:
        services.set_operating(pending, "2026-01-15", actor_label="office")
    assert [i.field for i in caught.value.issues] == ["operating_since"]
    pk, _held = approve(user, "五期")
    approved = Project.objects.get(pk=pk)
    for bad in ("2026-13-01", (dt.date.today() + dt.timedelta(days=2)).isoformat()):
        with pytest.raises(ReviewInputError):
            services.set_operating(approved, bad, actor_label="office")


def test_the_office_sets_the_operating_date_on_the_project_page(user: UserGetter, client_as: ClientFactory) -> None:
    pk, _held = approve(user)
    other = stored_project(user, name="二期")
    office = client_as("office")
    page = office.get(f"/review/projects/{other.pk}/").content.decode()
    assert 'id="committed-projects"' in page and f'data-committed="{pk}"' in page
    assert "已批准但尚未投产的项目计入全区能耗" in page
    assert 'id="operating-form"' in office.get(f"/review/projects/{pk}/").content.decode()
    bad = office.post(f"/review/projects/{pk}/operating", {"operating_since": "someday"})
    assert bad.status_code == 422 and "must be a date" in bad.content.decode()
    assert client_as("leader").post(f"/review/projects/{pk}/operating",
                                    {"operating_since": "2026-01-15"}).status_code == 403
    assert office.post(f"/review/projects/{pk}/operating", {"operating_since": "2026-01-15"}).status_code == 302
    assert Project.objects.get(pk=pk).operating_since == dt.date(2026, 1, 15)


def test_api_marks_a_project_operating(user: UserGetter, client_as: ClientFactory) -> None:
    pk, _held = approve(user)
    url = f"/api/v1/review/projects/{pk}/operating"
    office = client_as("office")
    bad = office.post(url, json.dumps({"operating_since": "x"}), content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "operating_since"
    good = office.post(url, json.dumps({"operating_since": "2026-01-15"}), content_type="application/json")
    assert good.status_code == 200 and good.json()["operating_since"] == "2026-01-15"
    undone = office.post(url, json.dumps({"operating_since": None}), content_type="application/json")
    assert undone.json()["operating_since"] is None

"""The public JSON needs no token and is listed in the OpenAPI schema; the pages speak both languages."""

from __future__ import annotations

from typing import Any

from carbonpeak.public.services import set_publication


def test_the_public_api_needs_no_token(client_as: Any) -> None:
    client = client_as(None)
    plan = client.get("/api/v1/public/plan")
    assert plan.status_code == 200
    assert len(plan.json()["actions"]) == 10
    assert client.get("/api/v1/public/indicators").status_code == 200
    assert client.get("/api/v1/public/tasks/1").json()["lead"]


def test_the_public_api_is_in_the_openapi_schema(client_as: Any) -> None:
    paths = client_as(None).get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/public/plan", "/api/v1/public/tasks/{number}", "/api/v1/public/indicators",
                 "/api/v1/public/indicators/{code}", "/api/v1/public/roadmap"):
        assert path in paths
        assert "security" not in paths[path]["get"] or paths[path]["get"]["security"] in ([], [{}])


def test_values_show_only_when_published(client_as: Any, user: Any) -> None:
    client = client_as(None)
    before = client.get("/api/v1/public/indicators/new_pv_capacity").json()
    assert before["values_public"] is False and "status" not in before and before["chart"]["actual"] == []
    assert before["targets"]
    set_publication("indicator_values", "new_pv_capacity", True, user=user("office"), actor_label="office")
    after = client.get("/api/v1/public/indicators/new_pv_capacity").json()
    assert after["values_public"] is True and "barometer" in after["status"]


def test_the_public_pages_in_chinese_and_in_english(client_as: Any) -> None:
    zh = client_as(None).get("/public/tasks/1/").content.decode()
    en = client_as(None, "en").get("/public/tasks/1/").content.decode()
    assert "牵头部门" in zh and "Lead departments" not in zh
    assert "Lead departments" in en and "牵头部门" not in en


def test_the_roadmap_headline_is_not_public_by_default(client_as: Any) -> None:
    assert client_as(None).get("/api/v1/public/roadmap").status_code == 404


def test_an_item_not_public_is_a_404_in_the_one_error_shape(client_as: Any) -> None:
    zh = client_as(None).get("/api/v1/public/indicators/no_such")
    assert zh.status_code == 404
    assert zh.json() == {"errors": [{"field": "code", "reason": "公众网站上没有这一项"}]}
    en = client_as(None, "en").get("/api/v1/public/tasks/9999").json()
    assert en == {"errors": [{"field": "number", "reason": "not found on the public site"}]}


def test_unpublished_values_leave_no_trace_in_the_chart(client_as: Any, user: Any) -> None:
    from tests.public.conftest import PRIVATE_VALUES

    data = client_as(None).get(f"/api/v1/public/indicators/{PRIVATE_VALUES}").json()
    assert data["chart"]["actual"] == [] and data["chart"]["path"] == []
    assert data["chart"]["years"][0] == "2020"
    assert "values" not in data and "status" not in data and "updated_at" not in data

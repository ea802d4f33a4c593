"""A NUL character in a query or a body is refused with 400 naming the field, on SQLite as on PostgreSQL
(which cannot store one and answered 500)."""

from __future__ import annotations

from tests.conftest import ClientFactory


def test_a_nul_in_an_api_query_is_refused_in_the_contract(client_as: ClientFactory) -> None:
    response = client_as("office").get("/api/v1/monitoring/alerts", {"unit": "MU\x00-1"})
    assert response.status_code == 400
    assert response.json() == {"errors": [{"field": "unit", "reason": "含有无效字符（NUL）"}]}


def test_a_nul_in_a_json_body_is_refused_in_english_too(client_as: ClientFactory) -> None:
    response = client_as("office", "en").post("/api/v1/enterprise/filings", '{"unit": "MU\\u0000", "year": 2025}',
                                               content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"errors": [{"field": "body", "reason": "holds an invalid character (NUL)"}]}


def test_a_nul_in_a_page_query_is_a_plain_400(client_as: ClientFactory) -> None:
    response = client_as("office").get("/review/register/", {"town": "朱泾镇\x00"})
    assert response.status_code == 400
    assert "无效字符" in response.content.decode()


def test_ordinary_requests_pass(client_as: ClientFactory) -> None:
    assert client_as("office").get("/api/v1/monitoring/alerts", {"unit": "MU-1"}).status_code == 200

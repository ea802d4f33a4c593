"""The published OpenAPI document is valid and lists the plan endpoints."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

from tests.conftest import ClientFactory

PATHS = ["/api/v1/plan", "/api/v1/tasks", "/api/v1/tasks/{number}", "/api/v1/departments",
         "/api/v1/indicators"]


@pytest.fixture
def schema(client_as: ClientFactory) -> dict[str, Any]:
    response = client_as(None).get("/api/v1/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_openapi_document_validates(schema: dict[str, Any]) -> None:
    validate(schema)


@pytest.mark.parametrize("path", PATHS)
def test_openapi_document_lists_path(schema: dict[str, Any], path: str) -> None:
    assert "get" in schema["paths"][path]


def test_openapi_document_declares_bearer_auth(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())

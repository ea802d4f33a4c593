"""A refused (403) or missing (404) page is logged as one warning line, without a traceback; a server
error keeps its traceback."""

from __future__ import annotations

import logging
import sys

import pytest

from carbonpeak.http.logs import QuietClientErrors
from tests.conftest import ClientFactory


def test_a_403_is_logged_without_a_traceback(client_as: ClientFactory, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_as("enterprise").get("/plan/departments/")
    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert "Forbidden" in record.getMessage() and "/plan/departments/" in record.getMessage()
    assert record.exc_info is None and "Traceback" not in caplog.text


def test_a_404_is_logged_without_a_traceback(client_as: ClientFactory, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client_as("office").get("/plan/tasks/99999/").status_code == 404
    assert [r.exc_info for r in caplog.records if r.name == "django.request"] == [None]
    assert "Traceback" not in caplog.text


def test_a_server_error_keeps_its_traceback() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (),
                                   exc_info=sys.exc_info())
    record.status_code = 500
    assert QuietClientErrors().filter(record) and record.exc_info is not None

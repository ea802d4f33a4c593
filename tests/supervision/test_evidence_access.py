"""A report's evidence file follows the one evidence rule (issue 17, item 9; people.permissions,
VIEW_EVIDENCE): the page lists the file for everyone who may open it, and the department that
uploaded it keeps it after it leaves the task. The download matrix by role is in test_page_report.py.

Task 53: ☆区绿化市容局 (greening) consolidates; 区经委 (eco) contributes; 枫泾镇 (fengjing) is not on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carbonpeak.plan.models import Plan, Responsibility
from carbonpeak.supervision.models import Evidence, Report
from tests.conftest import ClientFactory, UserGetter
from tests.supervision.round_support import PDF, TASK, open_test_round, report_of


@pytest.fixture
def evidence(plan: Plan, user: UserGetter, client_as: ClientFactory, settings, tmp_path: Path) -> Evidence:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    report = report_of(open_test_round(plan, user), "greening")
    response = client_as("greening").post(f"/supervision/reports/{report.pk}/action",
                                          {"action": "upload", "file": SimpleUploadedFile("验收.pdf", PDF)})
    assert response.status_code == 302
    return Evidence.objects.get(report=report)


def _page(client_as: ClientFactory, username: str, report: Report) -> tuple[int, str]:
    response = client_as(username).get(f"/supervision/reports/{report.pk}/")
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("username", ["office", "leader", "greening", "eco"])
def test_the_page_links_the_file_for_those_who_may_open_it(evidence: Evidence, client_as: ClientFactory,
                                                           username: str) -> None:
    status, html = _page(client_as, username, evidence.report)
    assert status == 200
    assert f'href="/supervision/evidence/{evidence.pk}"' in html
    assert client_as(username).get(f"/supervision/evidence/{evidence.pk}").status_code == 200


@pytest.mark.parametrize("username", ["fengjing", "enterprise"])
def test_others_get_neither_the_page_nor_the_file(evidence: Evidence, client_as: ClientFactory,
                                                  username: str) -> None:
    assert _page(client_as, username, evidence.report)[0] == 403
    response = client_as(username).get(f"/supervision/evidence/{evidence.pk}")
    assert response.status_code == 403 and PDF not in response.content


def test_the_uploading_department_keeps_its_file_after_leaving_the_task(
        evidence: Evidence, plan: Plan, client_as: ClientFactory) -> None:
    Responsibility.objects.filter(task__plan=plan, task__number=TASK, department__code="greening").delete()
    response = client_as("greening").get(f"/supervision/evidence/{evidence.pk}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]

"""An indicator value's evidence file follows the supervision rule (issue 17, item 9): the office,
leaders, the uploader's department and the departments of the indicator's tasks may open it; any
other department and an enterprise get 403, an anonymous user is sent to log in; the page links the
file only for those who may open it.

区经委 (eco, ☆ on task 26) uploads a file with its 2025 百一 saving; 区绿化市容局 (greening) and
枫泾镇 (fengjing) are not on task 26.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carbonpeak.indicators.models import Observation
from tests.conftest import ClientFactory
from tests.indicators.conftest import SAVING

PDF = b"%PDF-1.4 evidence"
LINK = f"/indicators/{SAVING}/2025/evidence"


@pytest.fixture
def uploaded(settings, tmp_path: Path, client_as: ClientFactory) -> Observation:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("节能统计2025.pdf", PDF, content_type="application/pdf")
    response = client_as("eco").post(f"/indicators/{SAVING}/", {"period": "2025", "value": "1.02", "unit": "%",
                                                                 "evidence": upload})
    assert response.status_code == 302
    return Observation.objects.get(indicator__code=SAVING, period="2025")


@pytest.mark.parametrize(("username", "status"), [
    ("office", 200), ("leader", 200), ("eco", 200), ("greening", 403), ("fengjing", 403), ("enterprise", 403),
])
def test_who_may_download(uploaded: Observation, client_as: ClientFactory, username: str, status: int) -> None:
    response = client_as(username).get(LINK)
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
        assert response["Content-Disposition"].startswith("attachment")
    else:
        assert PDF not in response.content


def test_anonymous_is_sent_to_log_in(uploaded: Observation, client_as: ClientFactory) -> None:
    response = client_as(None).get(LINK)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(("username", "linked"), [
    ("office", True), ("leader", True), ("eco", True), ("greening", False), ("fengjing", False),
])
def test_the_page_links_the_file_only_for_those_who_may_open_it(
        uploaded: Observation, client_as: ClientFactory, username: str, linked: bool) -> None:
    response = client_as(username).get(f"/indicators/{SAVING}/")
    assert response.status_code == 200
    assert (f'href="{LINK}"' in response.content.decode()) is linked


def test_a_file_missing_from_storage_is_404(uploaded: Observation, client_as: ClientFactory) -> None:
    Path(uploaded.evidence.path).unlink()
    assert client_as("office").get(LINK).status_code == 404

"""Scenarios on the import page (roadmap/imports.py): the preview runs `load_mapping` rolled back and lists each
scenario as new, a new version or unchanged; the confirmation stores it with the user named; a bad file lists
its problems, a bundled scenario is refused, nothing stored."""

from __future__ import annotations

import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.roadmap.imports import EXAMPLE
from carbonpeak.roadmap.models import Scenario, ScenarioVersion
from carbonpeak.web.models import StagedUpload
from tests.conftest import ClientFactory

URL = "/imports/scenarios/"


def _preview(client: Any, text: str) -> tuple[str, str]:
    response = client.post(URL, {"file": SimpleUploadedFile("scenarios.yaml", text.encode("utf-8"))})
    assert response.status_code == 302
    location = str(response["Location"])
    return location, client.get(location).content.decode()


def test_the_example_is_previewed_then_stored_on_confirmation(client_as: ClientFactory) -> None:
    office = client_as("office")
    versions = ScenarioVersion.objects.count()
    location, text = _preview(office, EXAMPLE)
    assert "新增情景 1 个，保存为新版本 0 个，无变化 0 个" in text and "fast-pv" in text
    assert not Scenario.objects.filter(slug="fast-pv").exists() and ScenarioVersion.objects.count() == versions
    pk = int(re.findall(r"/(\d+)/$", location)[0])
    done = office.post(f"{location}confirm", {"sha256": StagedUpload.objects.get(pk=pk).sha256})
    assert done.status_code == 302 and done["Location"] == "/roadmap/"
    record = ChangeRecord.objects.get(entity="roadmap_scenario", entity_key="fast-pv")
    assert record.actor is not None and record.actor.get_username() == "office"
    _, again = _preview(office, EXAMPLE.replace("450", "500"))
    assert "新增情景 0 个，保存为新版本 1 个" in again


def test_a_bad_scenario_lists_its_problem_and_stores_nothing(client_as: ClientFactory) -> None:
    _, text = _preview(client_as("office"), EXAMPLE.replace("450", "99999"))
    assert "measure.pv_new.capacity_mw_2025" in text and 'id="confirm-import"' not in text
    assert not Scenario.objects.filter(slug="fast-pv").exists()


def test_a_bundled_scenario_cannot_be_changed_from_a_file(client_as: ClientFactory) -> None:
    text = "scenarios:\n  plan:\n    name_zh: 改\n    name_en: changed\n    parent: baseline\n"
    _, page = _preview(client_as("office"), text)
    assert "随软件提供的情景不可修改" in page and 'id="confirm-import"' not in page


def test_who_may_not_edit_scenarios_gets_403_and_no_link(client_as: ClientFactory) -> None:
    for username in ("leader", "eco"):
        assert client_as(username).get(URL).status_code == 403
        assert 'id="scenarios-import"' not in client_as(username).get("/roadmap/").content.decode()
    assert 'id="scenarios-import"' in client_as("office").get("/roadmap/").content.decode()

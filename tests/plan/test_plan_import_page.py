"""The plan file on the import page (web/imports/plan_file.py): the preview lists what the load would add,
change and remove, stores nothing; the confirmation stores through `store_plan` with the user named; a bad
file lists every problem with where it is."""

from __future__ import annotations

import re
from typing import Any

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from carbonpeak.audit.models import ChangeRecord
from carbonpeak.plan.models import PlanRevision, Task
from carbonpeak.web.models import StagedUpload
from tests.conftest import ClientFactory
from tests.plan._support import bundled_raw, task_of

URL = "/imports/plan/"


def _upload(client: Any, raw: dict[str, Any] | str) -> str:
    text = raw if isinstance(raw, str) else yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    response = client.post(URL, {"file": SimpleUploadedFile("plan.yaml", text.encode("utf-8"))})
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def test_an_edited_plan_is_previewed_then_stored_on_confirmation(client_as: ClientFactory) -> None:
    raw = bundled_raw()
    task_of(raw, 12)["content"] = "推动既有建筑安装光伏（修订）。"
    raw["tasks"] = [t for t in raw["tasks"] if t["number"] != 79]
    office = client_as("office")
    before = (ChangeRecord.objects.count(), PlanRevision.objects.count())
    location = _upload(office, raw)
    text = office.get(location).content.decode()
    assert "任务：新增 0，修改 1，删除 1" in text
    assert "jinshan-2023/12" in text and "jinshan-2023/79" in text
    assert (ChangeRecord.objects.count(), PlanRevision.objects.count()) == before  # the preview rolled back
    assert Task.objects.filter(number=79).exists()
    pk = int(re.findall(r"/(\d+)/$", location)[0])
    done = office.post(f"{location}confirm", {"sha256": StagedUpload.objects.get(pk=pk).sha256}, follow=True)
    assert "方案文件已载入" in done.content.decode()
    assert not Task.objects.filter(number=79).exists()
    assert Task.objects.get(number=12).content == "推动既有建筑安装光伏（修订）。"
    revision = PlanRevision.objects.latest("pk")
    assert revision.actor is not None and revision.actor.get_username() == "office"
    assert ChangeRecord.objects.filter(entity="task", entity_key="jinshan-2023/12", actor__username="office").exists()


def test_the_stored_plan_previews_as_nothing_to_change(client_as: ClientFactory) -> None:
    office = client_as("office")
    text = office.get(_upload(office, bundled_raw())).content.decode()
    assert "文件与已保存的方案一致" in text


def test_a_bad_plan_file_lists_every_problem_and_offers_no_confirmation(client_as: ClientFactory) -> None:
    raw = bundled_raw()
    task_of(raw, 12)["lead"] = ["不存在的部门"]
    task_of(raw, 13)["time_node"] = "someday"
    office = client_as("office")
    text = office.get(_upload(office, raw)).content.decode()
    problems = text.split('id="import-problems"')[1].split("</table>")[0]
    assert "任务 12" in problems and "任务 13" in problems
    assert 'id="confirm-import"' not in text
    assert Task.objects.get(number=13).time_node != "someday"


def test_not_yaml_is_a_problem_not_an_error(client_as: ClientFactory) -> None:
    office = client_as("office")
    page = office.get(_upload(office, "tasks: [unclosed"))
    assert page.status_code == 200 and "YAML" in page.content.decode()


def test_only_who_may_load_the_plan_sees_the_page(client_as: ClientFactory) -> None:
    for username in ("leader", "eco", "enterprise"):
        assert client_as(username).get(URL).status_code == 403
    assert client_as("office").get(URL + "example").status_code == 200

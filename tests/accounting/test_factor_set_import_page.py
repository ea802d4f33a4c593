"""A factor set on the import page (accounting/factor_set_imports.py), what the upload form of the factor-set page
did before: previewed without storing, stored on confirmation with the user named; an unknown parent, a bad row,
a bundled set's id and a file that is not YAML are refused in words, nothing stored."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carbonpeak.accounting.models import FactorSet
from carbonpeak.audit.models import ChangeRecord
from carbonpeak.web.models import StagedUpload
from tests.conftest import ClientFactory

URL = "/imports/factor-set/"
GOOD = """id: stats-2023
name: 统计局口径 2023
extends: shanghai
rows:
  - {subject: electricity, parameter: equal_value_coefficient, value: 0.3, unit: kgce/kWh,
     standard: 区统计局, valid_from: 2023-01-01, valid_to: 2023-12-31}
"""


def _preview(client: Any, text: str, name: str = "set.yaml") -> tuple[str, str]:
    response = client.post(URL, {"file": SimpleUploadedFile(name, text.encode("utf-8"))})
    assert response.status_code == 302
    location = str(response["Location"])
    return location, client.get(location).content.decode()


def _confirm(client: Any, location: str) -> Any:
    pk = int(re.findall(r"/(\d+)/$", location)[0])
    return client.post(f"{location}confirm", {"sha256": StagedUpload.objects.get(pk=pk).sha256})


def test_the_office_previews_then_loads_a_set_and_the_change_is_recorded(client_as: ClientFactory) -> None:
    office = client_as("office")
    location, text = _preview(office, GOOD)
    assert "新建因子集 stats-2023，共 1 条因子" in text and "继承 shanghai" in text and "电力" in text
    assert not FactorSet.objects.filter(code="stats-2023").exists()
    response = _confirm(office, location)
    assert response.status_code == 302 and response["Location"] == "/accounting/factors/"
    stored = FactorSet.objects.get(code="stats-2023")
    assert (stored.extends, stored.bundled, stored.factors.count()) == ("shanghai", False, 1)
    record = ChangeRecord.objects.get(entity="factor_set", entity_key="stats-2023")
    assert record.actor is not None and record.actor.get_username() == "office"


def test_a_set_extending_an_unknown_one_is_refused_at_the_preview(client_as: ClientFactory) -> None:
    _, text = _preview(client_as("office"), GOOD.replace("extends: shanghai", "extends: no-such-set"))
    assert "因子集不存在" in text and 'id="confirm-import"' not in text
    assert not FactorSet.objects.filter(code="stats-2023").exists()


def test_a_bad_row_is_named_as_the_nth_factor(client_as: ClientFactory) -> None:
    _, text = _preview(client_as("office"), GOOD.replace("unit: kgce/kWh", "unit: t"))
    assert "第1条因子" in text and 'id="confirm-import"' not in text


def test_a_bundled_set_cannot_be_replaced(client_as: ClientFactory) -> None:
    before = FactorSet.objects.get(code="shanghai").digest
    hijack = GOOD.replace("id: stats-2023", "id: shanghai").replace("extends: shanghai", "extends: cn-national")
    _, text = _preview(client_as("office"), hijack)
    assert "内置因子集同名" in text and 'id="confirm-import"' not in text
    assert FactorSet.objects.get(code="shanghai").digest == before


@pytest.mark.parametrize(("content", "says"), [
    ("[" * 5000 + "]" * 5000, "YAML"),  # nested past any parser's depth
    ("rows: [\x00\x01]", "不是文本文件"),  # a binary file renamed .yaml
    ("id: x\nrows: [a, b", "YAML"),  # unreadable
])
def test_a_file_that_is_not_readable_yaml_is_refused_in_words(client_as: ClientFactory, content: str,
                                                               says: str) -> None:
    _, text = _preview(client_as("office"), content)
    assert says in text and 'id="confirm-import"' not in text
    assert FactorSet.objects.count() == 2


def test_only_the_office_may_import_and_the_page_links_the_flow(client_as: ClientFactory) -> None:
    for username in ("leader", "eco", "enterprise"):
        assert client_as(username).get(URL).status_code == 403
        assert 'id="factor-set-import"' not in client_as(username).get("/accounting/factors/").content.decode()
    assert 'id="factor-set-import"' in client_as("office").get("/accounting/factors/").content.decode()

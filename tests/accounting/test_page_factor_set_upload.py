"""POST /accounting/factors/upload: the office loads its own factor set from the web page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carbonpeak.accounting.models import FactorSet
from carbonpeak.audit.models import ChangeRecord
from tests.conftest import ClientFactory

URL = "/accounting/factors/upload"
GOOD = """id: stats-2023
name: 统计局口径 2023
extends: shanghai
rows:
  - {subject: electricity, parameter: equal_value_coefficient, value: 0.3, unit: kgce/kWh,
     standard: 区统计局, valid_from: 2023-01-01, valid_to: 2023-12-31}
"""


def _file(text: str, name: str = "set.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/x-yaml")


def test_the_office_loads_a_set_and_the_change_is_recorded(client_as: ClientFactory) -> None:
    response = client_as("office").post(URL, {"file": _file(GOOD)})
    assert response.status_code == 302
    assert response["Location"] == "/accounting/factors/stats-2023/"
    stored = FactorSet.objects.get(code="stats-2023")
    assert (stored.extends, stored.bundled, stored.factors.count()) == ("shanghai", False, 1)
    record = ChangeRecord.objects.get(entity="factor_set", entity_key="stats-2023")
    assert record.actor is not None and record.actor.get_username() == "office"


def test_a_set_extending_an_unknown_one_is_refused_and_nothing_stored(client_as: ClientFactory) -> None:
    bad = GOOD.replace("extends: shanghai", "extends: no-such-set")
    response = client_as("office").post(URL, {"file": _file(bad)}, follow=True)
    assert not FactorSet.objects.filter(code="stats-2023").exists()
    assert "no-such-set" in response.content.decode()


def test_a_bad_row_is_named_and_nothing_stored(client_as: ClientFactory) -> None:
    bad = GOOD.replace("unit: kgce/kWh", "unit: t")
    response = client_as("office").post(URL, {"file": _file(bad)}, follow=True)
    assert not FactorSet.objects.filter(code="stats-2023").exists()
    assert "unit" in response.content.decode()


def test_a_bundled_set_cannot_be_replaced_from_the_page(client_as: ClientFactory) -> None:
    before = FactorSet.objects.get(code="shanghai").digest
    hijack = GOOD.replace("id: stats-2023", "id: shanghai").replace("extends: shanghai", "extends: cn-national")
    client_as("office").post(URL, {"file": _file(hijack)})
    assert FactorSet.objects.get(code="shanghai").digest == before


def test_not_yaml_is_refused(client_as: ClientFactory) -> None:
    response = client_as("office").post(URL, {"file": _file("id: [unclosed")}, follow=True)
    assert response.status_code == 200
    assert FactorSet.objects.count() == 2


def test_only_the_office_may_load(client_as: ClientFactory) -> None:
    for username in ("leader", "eco", "enterprise"):
        assert client_as(username).post(URL, {"file": _file(GOOD)}).status_code == 403
    assert not FactorSet.objects.filter(code="stats-2023").exists()
    assert client_as("office").get(URL).status_code == 405


@pytest.mark.parametrize(("content", "says"), [
    ("[" * 5000 + "]" * 5000, "YAML"),  # nested past any parser's depth
    ("rows: [\x00\x01]", "不是文本文件"),  # a binary file renamed .yaml
    ("id: x\nrows: [a, b", "YAML"),  # unreadable
])
def test_a_file_that_is_not_readable_yaml_is_refused_in_words(client_as: ClientFactory, content: str,
                                                               says: str) -> None:
    response = client_as("office").post(URL, {"file": SimpleUploadedFile("bad.yaml", content.encode("utf-8"))},
                                        follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "file:" in text or "文件" in text
    assert says in text

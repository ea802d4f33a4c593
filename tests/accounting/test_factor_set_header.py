"""A factor set's page names the set, what it extends and its dual-control basis in the reader's language; the
label results cite (id@version#digest) stays in a tooltip."""

from __future__ import annotations

import re

from carbonpeak.accounting import services
from tests.conftest import ClientFactory


def _facts(page: str) -> str:
    found = re.search(r'data-testid="factor-set-facts">(.*?)</p>', page, re.S)
    assert found is not None
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_the_header_reads_in_chinese_with_the_label_in_a_tooltip(client_as: ClientFactory) -> None:
    page = client_as("leader").get("/accounting/factors/shanghai/").content.decode()
    label = services.resolve_factor_set("shanghai").label()
    facts = _facts(page)
    assert "双控口径：当量值" in facts and "equivalent" not in facts  # a Chinese colon in Chinese text
    assert facts.startswith("2026年11月版 · ") and "2026-11" not in facts  # the version as people say it
    assert "继承自 全国通用因子" in facts and "cn-national" not in facts
    assert label not in facts and f'title="{label}"' in page


def test_in_english_the_basis_reads_in_english(client_as: ClientFactory) -> None:
    facts = _facts(client_as("leader", "en").get("/accounting/factors/shanghai/").content.decode())
    assert "dual-control basis: calorific value" in facts and "当量值" not in facts
    assert facts.startswith("November 2026 edition · ")

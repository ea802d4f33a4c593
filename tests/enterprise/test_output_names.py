"""Product output by the product's Chinese or English name, its unit as 吨 or t; an unknown product is
refused with the catalogue's names."""

from __future__ import annotations

import datetime as dt

from carbonpeak.enterprise.output_rows import check_rows

TODAY = dt.date(2026, 6, 1)


def test_a_product_by_its_chinese_name_and_unit() -> None:
    checked = check_rows([{"unit_code": "OWN", "period": "2026-03", "product": "乙烯", "quantity": "12", "unit": "吨"},
                          {"unit_code": "OWN", "period": "2026-03", "product": "Crude steel", "quantity": "3",
                           "unit": "t"}], {"OWN"}, TODAY)
    assert checked.issues == []
    assert [p.product for p in checked.products] == ["ethylene", "crude_steel"]


def test_an_unknown_product_lists_the_catalogue() -> None:
    checked = check_rows([{"unit_code": "OWN", "period": "2026-03", "product": "月饼", "quantity": "1"}], {"OWN"},
                         TODAY)
    (issue,) = checked.issues
    assert issue.field == "product"
    assert "未知产品「月饼」，可填：乙烯、粗钢" in issue.reason and "accepted: Ethylene, Crude steel" in issue.reason

"""GET /api/v1/accounting/factor-sets and /factor-sets/{code}: the factor sets and what they resolve to."""

from __future__ import annotations

import csv

import pytest

from tests.accounting._hand import FACTOR_DIR
from tests.conftest import ClientFactory


def bundled_rows(set_id: str) -> list[dict[str, str]]:
    with (FACTOR_DIR / f"{set_id}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("username", ["office", "eco", "leader"])
def test_list_names_both_bundled_sets(client_as: ClientFactory, username: str) -> None:
    response = client_as(username).get("/api/v1/accounting/factor-sets")
    assert response.status_code == 200
    sets = {s["code"]: s for s in response.json()}
    assert set(sets) == {"cn-national", "shanghai"}
    assert sets["shanghai"]["extends"] == "cn-national"
    assert sets["cn-national"]["extends"] == ""
    assert sets["cn-national"]["dual_control_basis"] == "equivalent"
    assert all(s["bundled"] for s in sets.values())
    assert sets["shanghai"]["rows"] == len(bundled_rows("shanghai")) == 5
    assert sets["cn-national"]["rows"] == len(bundled_rows("cn-national"))
    assert sets["shanghai"]["label"].startswith("shanghai@2026-11#")
    assert sets["shanghai"]["name_en"].startswith("Shanghai")


def test_shanghai_detail_includes_inherited_national_rows(client_as: ClientFactory) -> None:
    response = client_as("office").get("/api/v1/accounting/factor-sets/shanghai")
    assert response.status_code == 200
    body = response.json()
    factors = body["factors"]
    own, inherited = bundled_rows("shanghai"), bundled_rows("cn-national")
    assert len(factors) == len(own) + len(inherited)
    assert [f["set"] for f in factors] == ["shanghai"] * len(own) + ["cn-national"] * len(inherited)
    diesel_ncv = [f for f in factors if (f["subject"], f["parameter"]) == ("diesel", "ncv")]
    assert diesel_ncv == [{**diesel_ncv[0], "set": "cn-national", "value": 42.652, "unit": "GJ/t"}]
    electricity_ef = {(f["set"], f["value"], f["valid_from"], f["valid_to"]) for f in factors
                      if (f["subject"], f["parameter"]) == ("electricity", "emission_factor")}
    assert ("shanghai", 4.2, "2022-01-01", None) in electricity_ef
    assert ("shanghai", 7.88, None, "2021-12-31") in electricity_ef
    assert ("cn-national", 0.5306, "2023-01-01", None) in electricity_ef
    assert body["rows"] == len(own)
    # The readers' columns come with each row: the doubt in Chinese, a Chinese source described in English.
    before = next(f for f in factors if f["set"] == "shanghai" and f["value"] == 7.88)
    assert before["doubt_zh"] == "2022年调整前的数值；其开始使用的年份此处未记录。"
    assert before["standard_en"].startswith("Shanghai Municipal Bureau of Ecology and Environment")
    assert (before["table_en"], before["table_zh"]) == ("Value before the adjustment", "")


def test_national_detail_has_only_its_own_rows(client_as: ClientFactory) -> None:
    body = client_as("leader").get("/api/v1/accounting/factor-sets/cn-national").json()
    assert {f["set"] for f in body["factors"]} == {"cn-national"}
    assert len(body["factors"]) == len(bundled_rows("cn-national"))


def test_unknown_set_is_404(client_as: ClientFactory) -> None:
    assert client_as("office").get("/api/v1/accounting/factor-sets/atlantis").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/accounting/factor-sets", "/api/v1/accounting/factor-sets/shanghai"])
def test_enterprise_gets_403(client_as: ClientFactory, path: str) -> None:
    assert client_as("enterprise").get(path).status_code == 403


@pytest.mark.parametrize("path", ["/api/v1/accounting/factor-sets", "/api/v1/accounting/factor-sets/shanghai"])
def test_anonymous_gets_401(client_as: ClientFactory, path: str) -> None:
    assert client_as(None).get(path).status_code == 401

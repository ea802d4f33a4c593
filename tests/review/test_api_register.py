"""GET /api/v1/review/register: the register with filters and each entry's latest deviation."""

from __future__ import annotations

import pytest

from carbonpeak.review import register
from tests.conftest import ClientFactory
from tests.review.register_support import import_plants

URL = "/api/v1/review/register"


@pytest.mark.parametrize(("username", "status"), [
    ("office", 200), ("leader", 200), ("eco", 403), ("enterprise", 403), (None, 401)])
def test_who_may_read_the_register(db: None, client_as: ClientFactory, username: str | None, status: int) -> None:
    import_plants()
    assert client_as(username).get(URL).status_code == status


def test_entries_carry_actual_energy_and_deviation(db: None, client_as: ClientFactory) -> None:
    cement = import_plants()["演示水泥熟料线"]
    register.record_actual(cement, year=2025, energy_tce=57_500, source="能源审计", actor_label="tests")
    rows = {r["name"]: r for r in client_as("office").get(URL).json()}
    assert set(rows) == {"演示水泥熟料线", "演示烧碱装置", "演示铝冶炼"}
    row = rows["演示水泥熟料线"]
    assert row["actual_energy"] == {"2025": 57_500}
    assert row["deviation"]["alert"] is True
    assert row["deviation"]["deviation_pct"] == pytest.approx(15)
    assert (row["subject"], row["disposal"], row["deadline"]) == ("plant", "upgrade", "2026-12-31")
    assert rows["演示铝冶炼"]["deviation"] is None


@pytest.mark.parametrize(("query", "names"), [
    ("status=operating", {"演示水泥熟料线", "演示烧碱装置"}),
    ("disposal=phase_out", {"演示铝冶炼"}),
    ("town=漕泾镇", {"演示烧碱装置", "演示铝冶炼"}),
    ("industry=32", {"演示铝冶炼"}),
    ("industry=3011&town=漕泾镇", set()),
])
def test_filters(db: None, client_as: ClientFactory, query: str, names: set[str]) -> None:
    import_plants()
    assert {r["name"] for r in client_as("leader").get(f"{URL}?{query}").json()} == names

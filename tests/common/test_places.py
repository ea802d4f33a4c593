"""The district's places: the listed towns first, then those only the plan names; others refused."""

from __future__ import annotations

from carbonpeak.common import places


def test_listed_towns_come_first_and_once() -> None:
    listed = places.listed_towns()
    assert "朱泾镇" in listed
    joined = places.with_listed(["金山卫镇", "某某园区"])
    assert joined[: len(listed)] == list(listed)
    assert joined.count("金山卫镇") == 1
    assert joined[-1] == "某某园区"


def test_an_unknown_place_is_refused_by_name() -> None:
    reason = places.town_problem("火星镇", places.listed_towns())
    assert reason is not None and "火星镇" in reason and "不是本区" in reason
    assert places.town_problem("朱泾镇", places.listed_towns()) is None
    assert places.town_problem("", ()) is None

"""The places on the public indicator page and in /api/v1/public/indicators/{code}: each place's target with the
indicator's targets; its status and 晴雨表 level only where the office published the indicator's values; the
office's note on a place target and a place's own source never. Every key through `fields.PLACE_TARGET` and
`fields.PLACE_STATUS`, so the crawl still fails on an unlisted one."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from carbonpeak.indicators.models import Indicator
from carbonpeak.indicators.place_evaluation import evaluate_places
from carbonpeak.public import fields
from tests.public.conftest import PLACE, PLACE_VALUE, PRIVATE, PRIVATE_VALUES, PUBLISHED_VALUES, Seeded
from tests.public.crawl import crawl


def test_a_published_indicator_shows_each_place_with_its_level(seeded: Seeded, client_as: Any) -> None:
    client = client_as(None)
    body = client.get(f"/api/v1/public/indicators/{PUBLISHED_VALUES}").json()
    [place] = body["places"]
    assert place["place"] == {"code": PLACE, "name": "枫泾镇", "name_en": "Fengjing Town"}
    assert place["targets"] == [{"year": 2025, "value": None, "share": 30.0, "resolved": 90.0}]
    status = place["status"]
    assert (status["latest_value"], status["latest_period"], status["target_value"]) == (PLACE_VALUE, "2024", 90.0)
    [own] = evaluate_places(Indicator.objects.get(code=PUBLISHED_VALUES), timezone.localdate())
    assert (status["status"], status["barometer"]) == (str(own.progress.status), str(own.progress.barometer))
    assert status["barometer_label"] == own.barometer_label and status["status_label"] == own.status_label
    html = client.get(f"/public/indicators/{PUBLISHED_VALUES}/").content.decode()
    assert 'id="places"' in html and "枫泾镇" in html and "分地区目标" in html
    assert f'data-level="{status["barometer"]}"' in html and "45.5" in html


def test_an_unpublished_indicator_shows_the_place_targets_only(seeded: Seeded, client_as: Any) -> None:
    client = client_as(None)
    [place] = client.get(f"/api/v1/public/indicators/{PRIVATE_VALUES}").json()["places"]
    assert set(place) == {"place", "targets"}
    assert place["targets"] == [{"year": 2025, "value": 1.0, "share": None, "resolved": 1.0}]
    html = client.get(f"/public/indicators/{PRIVATE_VALUES}/").content.decode()
    assert 'id="places"' in html and "data-level" not in html.split('id="places"')[1].split("</section>")[0]


def test_an_indicator_not_split_has_no_places(seeded: Seeded, client_as: Any) -> None:
    client = client_as(None)
    assert client.get("/api/v1/public/indicators/forest_cover_rate").json()["places"] == []
    assert 'id="places"' not in client.get("/public/indicators/forest_cover_rate/").content.decode()


@pytest.mark.parametrize(("shape", "field", "seed"), [
    (fields.PLACE_TARGET, "note", "place target note"),
    (fields.PLACE_STATUS, "notes", None),
])
def test_a_place_field_added_past_the_allowlist_fails_the_crawl(seeded: Seeded, client_as: Any,
                                                                monkeypatch: pytest.MonkeyPatch, shape: str,
                                                                field: str, seed: str | None) -> None:
    """Listing a field in the place shapes publishes it; the crawl (allowing only the real list) says so."""
    allowed = fields.all_public_keys()
    monkeypatch.setitem(fields.PUBLIC_FIELDS, shape, (*fields.PUBLIC_FIELDS[shape], field))
    problems, _ = crawl(client_as(None), PRIVATE, allowed)
    assert any(f"field {field!r} is not in the allowlist" in p for p in problems)
    if seed is not None:
        assert any(seed in p for p in problems)

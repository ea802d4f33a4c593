"""After `carbonpeak readings archive --drop`, the monitoring overview, a unit's page (its day at 15 minutes,
its completeness, its meters' latest readings) and a meter's page show what they showed before: the store's
read half finds the dropped months in the archive (DuckDB), the rollups stay in the database."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from carbonpeak.monitoring.archive.service import archive_readings
from carbonpeak.monitoring.models import Reading
from tests.conftest import ClientFactory
from tests.monitoring.pages.conftest import district  # noqa: F401 (the fixture)
from tests.monitoring.pages.support import FACTORY, LOCAL, District

PAGES = ["/monitoring/", f"/monitoring/units/{FACTORY}/", f"/monitoring/units/{FACTORY}/?day=2026-10-31",
         "/monitoring/meters/MU-TEST-F-E1/?day=2026-10-31"]


def _page(client: object, url: str) -> str:
    response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200, url
    html: str = response.content.decode()
    # What differs between two renderings regardless of the data: the CSRF token.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_pages_read_the_archive(client_as: ClientFactory, district: District, archive_dir: Path) -> None:  # noqa: F811
    client = client_as("office")
    before = {url: _page(client, url) for url in PAGES}
    assert "250" in before[PAGES[2]]
    hot = Reading.objects.count()
    summary = archive_readings(archive_dir, int(dt.datetime(2026, 12, 1, tzinfo=LOCAL).timestamp()), drop=True)
    assert summary.dropped == hot > 96 and Reading.objects.count() == 0
    after = {url: _page(client, url) for url in PAGES}
    for url in PAGES:
        assert after[url] == before[url], url


def test_without_the_archive_the_day_is_empty(client_as: ClientFactory, district: District,  # noqa: F811
                                              archive_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    """The comparison above can fail: pointed at another (empty) archive, the dropped day is gone."""
    client = client_as("office")
    before = _page(client, PAGES[2])
    archive_readings(archive_dir, int(dt.datetime(2026, 12, 1, tzinfo=LOCAL).timestamp()), drop=True)
    monkeypatch.setenv("CARBONPEAK_READINGS_ARCHIVE", str(tmp_path / "elsewhere"))
    assert _page(client, PAGES[2]) != before

"""One local time for the district: the named zone Django runs in and the fixed offset of the rollups agree."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from carbonpeak.common import localtime


def test_settings_run_in_the_districts_zone() -> None:
    assert settings.TIME_ZONE == localtime.TIME_ZONE == "Asia/Shanghai"


def test_the_fixed_offset_is_the_zones_offset_in_every_month_of_recent_years() -> None:
    zone = ZoneInfo(localtime.TIME_ZONE)
    for year in (2000, 2020, 2030):
        for month in range(1, 13):
            moment = dt.datetime(year, month, 15, 12, tzinfo=dt.UTC)
            assert moment.astimezone(zone).utcoffset() == dt.timedelta(seconds=localtime.UTC_OFFSET_S)
            assert moment.astimezone(localtime.LOCAL).utcoffset() == moment.astimezone(zone).utcoffset()

"""Periods still under way (未结束的时段) on the monitoring charts and tables.

Pure module (no Django). The day, month or year that has not ended holds only part of its energy: drawn
beside whole periods it reads as a drop. The load curve leaves its running hour out (`queries.load_curve`);
the charts of days and months keep their running period but mark it (lighter, hatched, labelled with the
time the data reach), and a table names it: the reader sees how far the figure goes instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carbonpeak.common.localtime import LOCAL


@dataclass(frozen=True)
class OpenPeriod:
    """The period under way among the chart's categories: its position and the local time its data reach."""

    index: int  # 0-based: the day of the month − 1, or the month − 1
    through: dt.datetime  # local; the end of the last reading, never after now

    @property
    def through_text(self) -> str:
        """"12-07 12:45", as the load curve names its hours."""
        return f"{self.through:%m-%d %H:%M}"


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(LOCAL)


def data_through(now: dt.datetime, last_reading: dt.datetime | None) -> dt.datetime:
    """How far a running period's data reach: the last reading's end, or now if none is later (a reading
    stamped ahead of the clock does not make the period end sooner)."""
    if last_reading is None or last_reading > now:
        return _local(now)
    return _local(last_reading)


def open_month(year: int, now: dt.datetime, last_reading: dt.datetime | None = None) -> OpenPeriod | None:
    """The month of `year` under way at `now` (None when `year` is not the current local year)."""
    local = _local(now)
    if local.year != year:
        return None
    return OpenPeriod(local.month - 1, data_through(now, last_reading))


def open_day(year: int, month: int, now: dt.datetime, last_reading: dt.datetime | None = None) -> OpenPeriod | None:
    """The day of `year`-`month` under way at `now` (None when that month is not the current one)."""
    local = _local(now)
    if (local.year, local.month) != (year, month):
        return None
    return OpenPeriod(local.day - 1, data_through(now, last_reading))

"""The district's local time (北京时间, UTC+8): where hours, days, months and years begin.

Pure module (no Django). China keeps no daylight-saving time, so a fixed offset is exact all year; the
named zone is kept for Django's settings and the job schedules, the fixed offset for arithmetic on epoch
seconds (rollup buckets, the demo fleet).
"""

from __future__ import annotations

from datetime import timedelta, timezone

TIME_ZONE = "Asia/Shanghai"
UTC_OFFSET_S = 8 * 3600
LOCAL = timezone(timedelta(seconds=UTC_OFFSET_S), "CST")

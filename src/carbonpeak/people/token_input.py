"""What the office types to issue an API token (接口令牌): its name and its expiry day, checked.

Pure module (no Django). Each check names the field the page, the command and the tests know it by
(`name`, `expires`) and says why in Chinese and English; the caller collects the problems of every field
before refusing, so the office sees them all at once.
"""

from __future__ import annotations

import datetime as dt

from carbonpeak.common.limits import YEAR_MAX
from carbonpeak.common.localtime import LOCAL
from carbonpeak.common.problems import Problem

NAME_MAX = 100  # people.ApiToken.name


def check_name(text: str) -> tuple[str, Problem | None]:
    """The name as stored (trimmed), or the problem with it."""
    name = text.strip()
    if not name:
        return name, Problem("name", "请填写令牌名称 / give the token a name")
    if len(name) > NAME_MAX:
        return name, Problem("name", f"名称不能超过 {NAME_MAX} 个字符 / the name is at most {NAME_MAX} characters")
    return name, None


def check_expiry(text: str, today: dt.date) -> tuple[dt.date | None, Problem | None]:
    """The expiry day typed as YYYY-MM-DD (empty: none), which must come after `today`, or the problem.

    The token works until the start of that day (Beijing time): a token expiring today would be refused
    at once, and a day past is a typing slip, so both are refused rather than stored.
    """
    text = text.strip()
    if not text:
        return None, None
    try:
        day = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        return None, Problem("expires", f"失效日期格式应为 YYYY-MM-DD：{text[:40]} / "
                                        f"the expiry date must be YYYY-MM-DD: {text[:40]}")
    if day <= today:
        return None, Problem("expires", f"失效日期须晚于今天（{today.isoformat()}） / "
                                        f"the expiry date must be after today ({today.isoformat()})")
    if day.year > YEAR_MAX:
        return None, Problem("expires", f"失效日期不能晚于 {YEAR_MAX} 年 / "
                                        f"the expiry date is at the latest in {YEAR_MAX}")
    return day, None


def expiry_moment(day: dt.date) -> dt.datetime:
    """The moment a token expiring on `day` is first refused: that day's start, Beijing time."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=LOCAL)

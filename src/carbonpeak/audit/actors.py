"""Who acted: the one way every room names the author of a change (变更留痕的操作人).

A change record keeps the user (when there is one) and a label that stays readable after the user is
gone. The label says who and through what: a signed-in user by user name (the API adds ``api:``, so a
scripted change is told from a click); a command, the periodic jobs' runner among them, by its name and
the operating-system user who ran it. A device's readings are put down to its token, by name, in their
ingest batch.

Pure module (no Django): users and requests are read by duck typing.
"""

from __future__ import annotations

import os
from typing import Any, Protocol


class _User(Protocol):
    @property
    def is_authenticated(self) -> bool: ...

    def get_username(self) -> str: ...


# Who a change is put down to when nobody is signed in (an automatic step inside a service).
SYSTEM = "system"


def of_user(user: _User | None) -> str:
    """A signed-in user by user name; anonymous callers and no user at all as the system."""
    return user.get_username() if user is not None and user.is_authenticated else SYSTEM


def of_request(request: Any) -> str:
    """The user behind a page request."""
    return of_user(request.user)


def of_api_request(request: Any) -> str:
    """The user behind an API call: ``api:<user name>``."""
    return f"api:{of_user(request.user)}"


def of_command(command: str) -> str:
    """A command-line run: ``cli:<command> (<operating-system user>)``."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"
    return f"cli:{command} ({user})"



# What each command is called in Chinese, for history lines read by people (`shown`).
COMMANDS_ZH = {
    "setup": "系统初始化", "plan load": "导入实施方案", "factors load": "导入因子集", "activity import": "导入活动数据",
    "inventory compile": "编制清单", "indicators import": "导入指标数据", "indicators derive": "计算指标",
    "indicators warn": "预警评估", "monitoring alerts": "监测告警评估", "monitoring demo": "生成演示监测数据",
    "monitoring token issue": "签发设备令牌", "monitoring token revoke": "吊销设备令牌", "units import": "导入用能单位",
    "meters import": "导入计量器具", "readings import": "导入读数", "review register import": "导入两高一低清单",
    "roadmap scenarios load": "导入情景", "output import": "导入产品产量", "tokens issue": "签发接口令牌",
    "tokens revoke": "吊销接口令牌", "jobs run": "定时任务",
}


# The same in English, so an English page names the step in words rather than as a command line.
COMMANDS_EN = {
    "setup": "System setup", "plan load": "Plan loaded", "factors load": "Factor set loaded",
    "activity import": "Activity data imported", "inventory compile": "Inventory compiled",
    "indicators import": "Indicator data imported", "indicators derive": "Indicators computed",
    "indicators warn": "Warnings evaluated", "monitoring alerts": "Monitoring alerts evaluated",
    "monitoring demo": "Demo monitoring data generated", "monitoring token issue": "Device token issued",
    "monitoring token revoke": "Device token revoked", "units import": "Units imported",
    "meters import": "Meters imported", "readings import": "Readings imported",
    "review register import": "Two-high register imported", "roadmap scenarios load": "Scenarios loaded",
    "output import": "Product output imported", "tokens issue": "API token issued",
    "tokens revoke": "API token revoked", "jobs run": "Scheduled jobs",
}


def shown(label: str, english: bool = False) -> str:
    """A stored label as a history line shows it, in the reader's language: ``cli:setup (root)`` is
    系统初始化（命令行） (System setup (command line)), ``api:eco`` is eco（接口）, ``system`` is 系统; a user name
    stays as it is."""
    if label == SYSTEM:
        return "system" if english else "系统"
    if label.startswith("api:"):
        name = label.removeprefix("api:")
        return f"{name} (API)" if english else f"{name}（接口）"
    if label.startswith("cli:"):
        command = label.removeprefix("cli:").rsplit(" (", 1)[0]
        if english:
            return f"{COMMANDS_EN.get(command, 'Command-line run')} (command line)"
        return f"{COMMANDS_ZH.get(command, '命令行操作')}（命令行）"
    return label

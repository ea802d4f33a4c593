"""The task page names its departments; the 责任部门 cell as printed in the breakdown table (with its ☆) is a
tooltip on the lead department for who checks the table, not a line of its own."""

from __future__ import annotations

from carbonpeak.plan.models import Plan
from tests.conftest import ClientFactory


def test_the_printed_cell_is_a_tooltip(plan: Plan, client_as: ClientFactory) -> None:
    task = plan.tasks.get(number=30)
    assert task.responsible_raw
    page = client_as("leader").get("/plan/tasks/30/").content.decode()
    assert f'title="分解表原文: {task.responsible_raw}"' in page
    assert "<code>" + task.responsible_raw not in page and "<dt>分解表原文</dt>" not in page

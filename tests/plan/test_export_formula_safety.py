"""The breakdown table never turns a task's words into a formula (issue 17, item 5): a task content,
an action name and a department name that start with "=", "+", "@" or "-" are stored as inert text;
the task number stays a number."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from carbonpeak.plan.export import breakdown_table_xlsx
from carbonpeak.plan.models import Department, Plan


def test_planted_words_are_inert_in_the_breakdown_table(plan: Plan) -> None:
    task = plan.tasks.select_related("action").get(number=1)
    task.content = '=HYPERLINK("http://evil","x")'
    task.save()
    task.action.name = "+cmd"
    task.action.save()
    lead = task.responsibilities.select_related("department").first()
    assert lead is not None
    Department.objects.filter(pk=lead.department_id).update(name="@SUM(1)")
    ws = load_workbook(io.BytesIO(breakdown_table_xlsx(plan, ("备注",), lambda t: ["-1+2"]))).active
    assert ws is not None
    number, action, content, _time_node, responsible, extra = ws[3]
    assert (number.value, number.data_type) == (1, "n")
    assert action.value == "'+cmd"
    assert content.value == '\'=HYPERLINK("http://evil","x")'
    assert responsible.value.startswith("☆@SUM(1)")  # the ☆ leads the cell, so it is text already
    assert extra.value == "'-1+2"
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)

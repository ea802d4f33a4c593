"""The "open a round" form: what was typed, and the tasks it picks.

Tasks are picked the way the office thinks of them: by action (十大行动), by responsible department, by
time node, and, for a few, by number; the filters narrow each other and an empty pick means every task.
Every problem is found before anything is stored, and all of them are shown at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import get_language

from carbonpeak.common.problems import Problem
from carbonpeak.plan.models import Department, Plan, Task, TimeNode
from carbonpeak.plan.queries import filter_tasks
from carbonpeak.supervision import services

CODE_MAX = 40  # Round.code


@dataclass
class RoundForm:
    name: str = ""
    due_on: str = ""
    note: str = ""
    code: str = ""  # optional: generated from the due date when left empty
    actions: list[int] = field(default_factory=list)
    department: str = ""
    time_node: str = ""
    tasks: str = ""  # numbers, e.g. "53, 26"
    bad_actions: bool = False

    @classmethod
    def read(cls, data: QueryDict) -> RoundForm:
        actions = [a for a in data.getlist("action") if a.strip()]
        return cls(
            name=data.get("name", "").strip(), due_on=data.get("due_on", "").strip(), note=data.get("note", "").strip(),
            code=data.get("code", "").strip(), department=data.get("department", "").strip(),
            time_node=data.get("time_node", "").strip(), tasks=data.get("tasks", "").strip(),
            actions=[int(a) for a in actions if a.isascii() and a.isdigit()],
            bad_actions=any(not (a.isascii() and a.isdigit()) for a in actions),
        )

    def due_on_date(self) -> dt.date:
        return dt.date.fromisoformat(self.due_on)

    def numbers(self) -> list[int] | None:
        """The typed task numbers; None when one of them is not a number."""
        found: list[int] = []
        for part in self.tasks.replace("，", ",").replace("、", ",").replace(" ", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not (part.isascii() and part.isdigit()):
                return None
            found.append(int(part))
        return found


def _say(problem_text: str) -> str:
    """A reason written "中文 / English" in the reader's language only."""
    return Problem("", problem_text).reason_in(get_language())


def check(plan: Plan, form: RoundForm) -> tuple[dict[str, str], list[Task]]:
    """(every problem by field, the tasks in scope)."""
    errors: dict[str, str] = {}
    due: dt.date | None = None
    try:
        due = form.due_on_date()
    except ValueError:
        errors["due_on"] = _say("须填写日期（年-月-日） / a date is needed (YYYY-MM-DD)")
    numbers = form.numbers()
    if numbers is None:
        errors["tasks"] = _say("任务编号须为数字，用逗号分隔 / task numbers separated by commas")
    if form.bad_actions:
        errors["action"] = _say("未知的行动 / unknown action")
    if form.code and len(form.code) > CODE_MAX:
        errors["code"] = _say(f"代码最多 {CODE_MAX} 个字符 / the code may have at most {CODE_MAX} characters")
    found = services.round_problems(plan, code=form.code or None, name=form.name, due_on=due,
                                    task_numbers=numbers or None)
    for key, reason in found.items():
        errors.setdefault(key, _say(reason))
    scope: list[Task] = []
    if "tasks" not in errors and "action" not in errors:
        tasks = plan.tasks.all()
        if form.actions:
            tasks = tasks.filter(action__number__in=form.actions)
        tasks = filter_tasks(tasks, department=form.department or None,
                             time_node=form.time_node if form.time_node in TimeNode.values else None)
        if numbers:
            tasks = tasks.filter(number__in=numbers)
        scope = list(tasks.select_related("action").order_by("number"))
        if not scope:
            errors["tasks"] = _say("所选条件下没有任务 / no task matches what was picked")
    return errors, scope


def choices(plan: Plan) -> dict[str, Any]:
    """The pick lists of the form: actions, the departments named on tasks, time nodes."""
    return {
        "actions": list(plan.actions.order_by("number")),
        "departments": list(Department.objects.filter(responsibilities__task__plan=plan).distinct()
                            .order_by("kind", "code")),
        "time_nodes": TimeNode.choices,
    }

"""What the office sends after a round: the breakdown table with this round's status columns
(.xlsx) and the round report (.docx, from a template users can edit)."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from carbonpeak.common import word
from carbonpeak.plan.export import breakdown_table_xlsx
from carbonpeak.plan.models import Task
from carbonpeak.supervision.models import Report, Round
from carbonpeak.supervision.workflow import ReportKind, ReportStatus, TaskProgress

DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "supervision" / "round_report.docx"

STATUS_ZH = {ReportStatus.DRAFT: "未提交", ReportStatus.SUBMITTED: "已提交", ReportStatus.RETURNED: "已退回",
             ReportStatus.APPROVED: "已审核"}
PROGRESS_ZH = {TaskProgress.NOT_STARTED: "未启动", TaskProgress.IN_PROGRESS: "推进中", TaskProgress.COMPLETED: "已完成",
               TaskProgress.ON_SCHEDULE: "按计划推进", TaskProgress.BEHIND: "滞后"}


@dataclass(frozen=True)
class RoundFigures:
    """The numbers a round report states, computed once for every format."""

    due: int
    submitted: int
    approved: int
    returned: int
    progress: dict[str, int]  # consolidated reports by progress
    by_department: list[tuple[str, int, int]]  # name, due, submitted (not draft)
    lagging: list[Report]
    missing: list[Report]


def figures(round_: Round) -> RoundFigures:
    reports = list(round_.reports.filter(due=True).select_related("task", "department"))
    per_department: dict[str, list[int]] = {}
    for r in reports:
        slot = per_department.setdefault(r.department.name, [0, 0])
        slot[0] += 1
        slot[1] += r.status != ReportStatus.DRAFT
    consolidated = [r for r in reports if r.kind == ReportKind.CONSOLIDATED]
    return RoundFigures(
        due=len(reports),
        submitted=sum(1 for r in reports if r.status != ReportStatus.DRAFT),
        approved=sum(1 for r in reports if r.status == ReportStatus.APPROVED),
        returned=sum(r.times_returned for r in reports),
        progress=dict(Counter(r.progress or "none" for r in consolidated)),
        by_department=sorted(((n, d, s) for n, (d, s) in per_department.items()), key=lambda x: (x[2] / x[1], x[0])),
        lagging=[r for r in consolidated if r.progress == TaskProgress.BEHIND],
        missing=[r for r in reports if r.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)],
    )


def round_xlsx(round_: Round) -> bytes:
    reports = {(r.task_id, r.kind): r for r in round_.reports.filter(kind=ReportKind.CONSOLIDATED)}
    contributions: dict[int, list[Report]] = {}
    for r in round_.reports.filter(kind=ReportKind.CONTRIBUTION).select_related("department"):
        contributions.setdefault(r.task_id, []).append(r)

    def columns(task: Task) -> list[Any]:
        report = reports.get((task.pk, ReportKind.CONSOLIDATED))
        if report is None:
            return ["（不在本轮）", "", "", ""]
        parts = "；".join(f"{c.department.name}：{STATUS_ZH[ReportStatus(c.status)]}"
                         for c in contributions.get(task.pk, []))
        progress = PROGRESS_ZH[TaskProgress(report.progress)] if report.progress else ""
        return [progress, STATUS_ZH[ReportStatus(report.status)], report.narrative, parts]

    return breakdown_table_xlsx(
        round_.plan,
        ("本轮进展", "牵头报告状态", "进展情况", "配合部门报告"),
        columns,
        title_suffix=f"（{_title(round_)}）",
    )


def _title(round_: Round) -> str:
    """The round's name as these Chinese documents write it: a round named by its period in Chinese
    (2026年上半年) even where the office typed the English name ("first half of 2026"); any other name as typed."""
    return round_.title(english=False)


def _chart_png(data: RoundFigures) -> bytes:
    """Submission by department as a bar chart image (Word holds pictures, not live charts)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    plt.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    names = [n for n, _d, _s in data.by_department]
    height = max(2.5, 0.28 * len(names) + 1)
    fig, ax = plt.subplots(figsize=(6.3, height), dpi=150)
    ax.barh(names, [d for _n, d, _s in data.by_department], color="#dddddd", label="应报")
    ax.barh(names, [s for _n, _d, s in data.by_department], color="#1f7a4d", label="已报")
    ax.invert_yaxis()
    ax.legend(loc="lower right")
    ax.set_xlabel("报告数")
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


def template_path() -> Path:
    configured = getattr(settings, "CARBONPEAK_ROUND_REPORT_TEMPLATE", "")
    return Path(configured) if configured else DEFAULT_TEMPLATE


def round_docx(round_: Round) -> bytes:
    """Fill the template: {{title}} {{due}} in any paragraph; a paragraph that is only
    {{summary}}, {{chart}}, {{lagging}} or {{missing}} is replaced by that block."""
    from docx import Document
    from docx.shared import Cm

    data = figures(round_)
    document = Document(str(template_path()))
    words = {
        "{{title}}": f"{round_.plan.title} {_title(round_)}调度情况",
        "{{due}}": round_.due_on.strftime("%Y年%m月%d日"),
    }
    paragraphs: list[Any] = list(document.paragraphs)  # python-docx is only partly typed
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        if text == "{{summary}}":
            rate = f"{data.submitted / data.due:.0%}" if data.due else "—"
            _replace(paragraph, [
                f"本轮应报告 {data.due} 份，已提交 {data.submitted} 份（{rate}），已审核 {data.approved} 份，"
                f"退回修改 {data.returned} 次。",
                "任务进展：" + "，".join(f"{_progress_zh(k)} {v} 项" for k, v in sorted(data.progress.items())),
            ])
        elif text == "{{chart}}":
            run = word.run(paragraph.clear())
            run.add_picture(io.BytesIO(_chart_png(data)), width=Cm(15))
        elif text == "{{lagging}}":
            _table_after(paragraph, ("任务", "牵头部门", "进展情况"),
                         [(str(r.task.number), r.department.name, r.narrative) for r in data.lagging], "无滞后任务。")
        elif text == "{{missing}}":
            _table_after(paragraph, ("任务", "部门", "状态"),
                         [(str(r.task.number), r.department.name, STATUS_ZH[ReportStatus(r.status)])
                          for r in data.missing], "全部按时提交。")
        else:
            for placeholder, value in words.items():
                if placeholder in paragraph.text:
                    _substitute(paragraph, placeholder, value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _progress_zh(key: str) -> str:
    return PROGRESS_ZH[TaskProgress(key)] if key in set(TaskProgress) else "未填报"


def _substitute(paragraph: Any, placeholder: str, value: str) -> None:
    # Word splits text into runs unpredictably; keep the first run's formatting.
    full = paragraph.text.replace(placeholder, value)
    runs = paragraph.runs
    if runs:
        word.set_text(runs[0], full)
        for run in runs[1:]:
            word.set_text(run, "")
    else:
        word.run(paragraph, full)


def _replace(paragraph: Any, lines: list[str]) -> None:
    word.run(paragraph.clear(), lines[0])
    anchor = paragraph
    for line in lines[1:]:
        new = anchor.insert_paragraph_before("")
        # insert_paragraph_before puts it above; swap so the order reads top to bottom.
        anchor._p.addnext(new._p)
        word.run(new, line)
        anchor = new


def _table_after(paragraph: Any, header: tuple[str, ...], rows: list[tuple[str, ...]], empty: str) -> None:
    if not rows:
        word.run(paragraph.clear(), empty)
        return
    document = paragraph.part.document
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        word.set_text(cell, text)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            word.set_text(cell, text)  # a narrative is a department's text: no control character may break the file
    paragraph._p.addnext(table._tbl)
    paragraph.clear()

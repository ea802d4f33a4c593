"""Write the default round-report template (src/carbonpeak/supervision/templates/supervision/round_report.docx).

Users edit the resulting .docx in Word (letterhead, wording, styles) and point
CARBONPEAK_ROUND_REPORT_TEMPLATE at their copy. Placeholders: {{title}} and {{due}} anywhere
in a paragraph; a paragraph holding only {{summary}}, {{chart}}, {{lagging}} or {{missing}}
is replaced by that block.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(__file__).resolve().parent.parent / "src/carbonpeak/supervision/templates/supervision/round_report.docx"


def main() -> None:
    document = Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("{{title}}")
    run.bold = True
    run.font.size = Pt(18)
    document.add_paragraph("区碳达峰碳中和工作领导小组办公室　　报送截止：{{due}}")
    document.add_heading("一、总体情况", level=2)
    document.add_paragraph("{{summary}}")
    document.add_heading("二、各部门报送情况", level=2)
    document.add_paragraph("{{chart}}")
    document.add_heading("三、进展滞后的任务", level=2)
    document.add_paragraph("{{lagging}}")
    document.add_heading("四、尚未提交或退回待改的报告", level=2)
    document.add_paragraph("{{missing}}")
    document.add_heading("五、下一步工作", level=2)
    document.add_paragraph("（请办公室在此填写下一步工作安排。）")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(OUT))
    print(OUT)


if __name__ == "__main__":
    main()

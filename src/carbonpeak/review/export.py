"""The draft review opinion (节能审查意见 草稿) of a project as .docx, with the assessment's figures.

Written in Chinese, as the office sends it; built with python-docx from the stored
assessment snapshot, so the draft states exactly what the decision was based on. Every text goes in
through `common.word`, so a control character in a project's name or a reviewer's reasons is replaced
rather than failing the download.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.timezone import localtime

from carbonpeak.common import word
from carbonpeak.common.figures import Kind, format_figure
from carbonpeak.review.models import Decision, Opinion, Project, ProjectAssessment, ProjectKind

OPINION_ZH = {Opinion.APPROVE: "同意", Opinion.APPROVE_WITH_CONDITIONS: "附条件同意", Opinion.REJECT: "不同意"}
KIND_ZH = {ProjectKind.NEW: "新建", ProjectKind.EXPANSION: "扩建", ProjectKind.RENOVATION: "改建"}


def _n(value: float | None, digits: int = 2) -> str:
    """Fixed decimals where the opinion compares figures that differ far right (the district's path)."""
    return "—" if value is None else f"{value:,.{digits}f}"


def _fig(value: float | None, kind: Kind) -> str:
    """An amount or an intensity as every page writes it (common/figures.py), plain: a legal text."""
    return format_figure(value, kind, "zh", compact=False)


def _pct(value: float | None) -> str:
    return format_figure(value, Kind.SHARE, "zh")


def _facts(project: Project) -> list[tuple[str, str]]:
    return [
        ("项目名称", project.name),
        ("建设单位统一社会信用代码", project.owner_uscc),
        ("所属行业（GB/T 4754-2017）", f"{project.industry_code} {project.industry_name}"),
        ("建设地点", project.town),
        ("项目类型", KIND_ZH[ProjectKind(project.kind)]),
        ("达产年份", str(project.first_full_year)),
        ("年总产值（万元）", _fig(project.output_value_10k_cny, Kind.MONEY)),
        ("年增加值（万元）", _fig(project.value_added_10k_cny, Kind.MONEY)),
    ]


def _energy_rows(r: dict[str, Any]) -> list[tuple[str, str]]:
    basis = "改建后较改建前的增量" if r["counted_as"] == "increase" else "项目建成达产后全量"
    return [
        ("计算口径", basis),
        ("年综合能源消费量（当量值，吨标准煤）", _fig(r["energy_tce"], Kind.ENERGY)),
        ("年综合能源消费量（等价值，吨标准煤）", _fig(r["energy_tce_equal_value"], Kind.ENERGY)),
        ("其中原料用能（吨标准煤）", _fig(r["feedstock_tce"], Kind.ENERGY)),
        ("年电力消费量（千瓦时）", _fig(r["electricity_kwh"], Kind.QUANTITY)),
        ("年二氧化碳排放量（吨）", _fig(r["co2_t"], Kind.CO2)),
        ("单位增加值能耗（吨标准煤/万元）", _fig(r["intensity_tce_per_10k_cny"], Kind.INTENSITY)),
        ("单位增加值二氧化碳排放（吨/万元）", _fig(r["co2_per_10k_cny"], Kind.INTENSITY)),
    ]


def _impact_rows(impact: dict[str, Any]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for year, detail in impact["years"].items():
        e = detail["energy"]
        rows.append((year, _n(e["without_project"], 6), _n(e["with_project"], 6), _n(e["path"], 6),
                     _pct(e["share_of_remaining_budget"])))
    return rows


def _two_high_text(r: dict[str, Any]) -> str:
    basis = r["two_high_basis"]
    if not r["two_high"]:
        return "不属于“两高”项目。" + (f"（{basis['reason']}）" if basis else "")
    text = f"属于“两高”项目（{basis['sector_zh']}，{basis['reason']}）。"
    if r["two_high_one_low"]:
        text += "主要产品单位能耗劣于能耗限额标准先进值，属“两高一低”，应纳入清单管理。"
    elif r["efficiency_below_advanced"] is None:
        text += "未提供能效先进值，须补充后判定是否属“两高一低”。"
    return text


def _decision_paragraphs(document: Any, decision: Decision | None) -> None:
    if decision is None:
        word.paragraph(document, "（待审查人员填写审查意见。）")
        return
    word.paragraph(document, f"审查意见：{OPINION_ZH[Opinion(decision.opinion)]}。")
    word.paragraph(document, f"理由：{decision.reasons}")
    if decision.conditions:
        word.paragraph(document, f"条件：{decision.conditions}")
    word.paragraph(document,
                   f"审查人：{decision.decided_by_label}　日期：{localtime(decision.decided_at):%Y年%m月%d日}")


def opinion_docx(project: Project, snapshot: ProjectAssessment, decision: Decision | None) -> bytes:
    """The draft opinion on `snapshot` (with `decision` if one was recorded on it)."""
    from docx import Document

    r = snapshot.result
    document = Document()
    word.heading(document, "固定资产投资项目节能审查意见（草稿）", level=0)
    word.heading(document, "一、项目基本情况", level=1)
    word.table(document, _facts(project))
    word.heading(document, "二、能源消费与碳排放", level=1)
    word.table(document, _energy_rows(r))
    word.heading(document, "三、审查层级", level=1)
    basis = r["tier_basis"]
    word.paragraph(document, (
        f"按计入的年综合能源消费量 {_fig(basis['energy_tce'], Kind.ENERGY)} 吨标准煤、"
        f"年电力消费量 {_fig(basis['electricity_kwh'], Kind.QUANTITY)} "
        f"千瓦时，依据《{basis['source']}》，本项目为：{r['review_tier_zh']}。"
    ))
    word.heading(document, "四、“两高”判定", level=1)
    word.paragraph(document, _two_high_text(r))
    for finding in r.get("findings") or []:  # a data centre's design PUE above the plan's limit
        word.paragraph(document, f"审查发现：{finding['message_zh']}。不能按原设计直接通过。")
    word.heading(document, "五、对全区能耗强度的影响", level=1)
    word.table(document, _impact_rows(r["impact"]),
               header=("年份", "无项目（吨标准煤/万元）", "有项目（吨标准煤/万元）", "目标路径", "占剩余能耗空间"))
    committed = r["impact"].get("committed_projects") or []
    if committed:
        names = "、".join(f"{c['name']}（{_fig(c['energy_tce'], Kind.ENERGY)} 吨标准煤，{c['first_full_year']}年达产）"
                         for c in committed)
        word.paragraph(document, f"已批准但尚未投产、已从剩余能耗空间中扣除的项目：{names}。")
    word.paragraph(document, f"区情数据：{snapshot.district.get('source', '')}")
    word.heading(document, "六、审查意见", level=1)
    _decision_paragraphs(document, decision)
    word.paragraph(document, (
        f"评估依据：因子集 {snapshot.factor_set}；评估时间 {localtime(snapshot.made_at):%Y-%m-%d %H:%M}。"
        "本意见为系统根据申报数据生成的草稿，须经审查人员核定。"
    ))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

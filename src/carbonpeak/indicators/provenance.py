"""What made an indicator's value, as the indicator page shows it: the data centres against their
limit, the 百一行动 table of units, the report a quantity came from, the accounting data. A link
is drawn only where the viewer may follow it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language

from carbonpeak.accounting.demo_source import load_source
from carbonpeak.indicators.models import Observation
from carbonpeak.people.permissions import AnyUser, Permission, can

# The demo district's activity data name their source by its id; a reader is shown what it is.
DEMO_SOURCE_NAME = ("演示区数据（示意，非实际统计）", "the demo district's data (illustrative, not statistics)")


@dataclass(frozen=True)
class SourceRow:
    name: str
    url: str | None
    value: float | None
    limit: float | None
    flagged: bool  # above the PUE limit / under the 1 % saving
    months: str
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Provenance:
    kind: str  # monitoring_pue, monitoring_saving, report, accounting
    period: str
    year_to_date: bool = False
    months: str = ""
    rows: list[SourceRow] = field(default_factory=list)
    factor_sets: list[str] = field(default_factory=list)
    comparable: int | None = None
    total: int | None = None
    report_url: str | None = None
    report_label: str = ""
    text: str = ""
    value: float | None = None  # the district's figure the rows make up (PUE: energy-weighted)
    # The months some unit counted ("11月"), when fewer than the ended months of the year (`months`): the page
    # then says which months the figure holds, not the span it could have held.
    counted: str = ""


def source_name(source: str, english: bool) -> str:
    """An activity-data source as a reader knows it: the demo source by its name, any other as recorded."""
    if source == str(load_source().get("source", "")):
        return DEMO_SOURCE_NAME[1] if english else DEMO_SOURCE_NAME[0]
    return source


def _months(months: list[int]) -> str:
    if not months:
        return "—"
    zh = (get_language() or "").startswith("zh")
    if len(months) == 1:
        return f"{months[0]}月" if zh else f"month {months[0]}"
    if months == list(range(months[0], months[-1] + 1)):
        return f"{months[0]}—{months[-1]}月" if zh else f"months {months[0]}–{months[-1]}"  # zh: em dash
    return ("、".join(f"{m}月" for m in months)) if zh else ", ".join(str(m) for m in months)


def counted_months(units: list[dict[str, Any]]) -> list[int]:
    """The months at least one unit counted (a month without complete data anywhere counts nowhere)."""
    return sorted({int(m) for u in units for m in u.get("months", [])})


def _counted(p: dict[str, Any]) -> str:
    counted = counted_months(list(p.get("units", [])))
    return _months(counted) if counted and counted != list(p.get("months", [])) else ""


def _reasons(items: list[dict[str, Any]]) -> list[str]:
    """Months left out, those with the same reason together ("1—10月：无数据"), so a phone shows a line,
    not ten."""
    zh = (get_language() or "").startswith("zh")
    by_reason: dict[str, list[int]] = {}
    for item in items:
        by_reason.setdefault(str(item.get("reason_zh" if zh else "reason_en", "")), []).append(int(item["month"]))
    return [f"{_months(sorted(months))}：{text}" if zh else f"{_months(sorted(months))}: {text}"
            for text, months in by_reason.items()]


def _unit_url(user: AnyUser, code: str, pue: bool) -> str | None:
    if not can(user, Permission.VIEW_MONITORING):
        return None
    return reverse("monitoring:data_centre" if pue else "monitoring:unit_detail", args=[code])


def provenance_of(obs: Observation | None, user: AnyUser) -> Provenance | None:
    if obs is None or not obs.provenance:
        return None
    p: dict[str, Any] = obs.provenance
    kind = p.get("kind")
    if kind == "monitoring" and p.get("method") == "pue":
        rows = [SourceRow(u["name"], _unit_url(user, u["code"], True), u.get("pue"), u.get("limit"),
                          bool(u.get("above_limit")), _months(u.get("months", [])),
                          _reasons(u.get("excluded_months", []))) for u in p.get("units", [])]
        return Provenance("monitoring_pue", obs.period, bool(p.get("year_to_date")), _months(p.get("months", [])),
                          rows, list(p.get("factor_sets", [])), value=obs.derived_value if obs.derived_value
                          is not None else obs.value, counted=_counted(p))
    if kind == "monitoring" and p.get("method") == "saving":
        target = float(p.get("target_percent", 1.0))
        rows = [SourceRow(u["name"], _unit_url(user, u["code"], False), u.get("saving_percent"), target,
                          u.get("saving_percent") is not None and u["saving_percent"] < target,
                          _months(u.get("months", [])), _reasons(u.get("reasons", [])))
                for u in p.get("units", [])]
        return Provenance("monitoring_saving", obs.period, bool(p.get("year_to_date")), _months(p.get("months", [])),
                          rows, list(p.get("factor_sets", [])), p.get("comparable_units"), p.get("units_total"),
                          counted=_counted(p))
    if kind == "report":
        url = (reverse("supervision:report_detail", args=[p["report"]])
               if obs.report_id and can(user, Permission.SUPERVISE) else None)
        return Provenance("report", obs.period, report_url=url, report_label=obs.source)
    if kind == "accounting":
        english = (get_language() or "").startswith("en")
        return Provenance("accounting", obs.period, factor_sets=[str(p.get("factor_set", ""))],
                          text=(", " if english else "、").join(source_name(str(s), english)
                                                                for s in p.get("activity_sources", [])))
    return None

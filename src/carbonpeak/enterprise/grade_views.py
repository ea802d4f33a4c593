"""Pages of the 碳效码: each unit's grade and reasons (an enterprise: its own), and for the district the
distribution by town and industry, the red units, and the list for banks (xlsx)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from carbonpeak.common.industries import industry_table
from carbonpeak.common.problems import is_english
from carbonpeak.enterprise import export, queries, services
from carbonpeak.enterprise.grading import Grade, distribution, method
from carbonpeak.enterprise.models import Filing
from carbonpeak.enterprise.views import asked_year
from carbonpeak.http.downloads import XLSX, attachment
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.people.permissions import Permission, can, enterprise_of, require

RED = "red"


def _rows(request: HttpRequest, year: int) -> list[dict[str, Any]]:
    """The grades the user may see, as the page and the export show them."""
    own = set(services.visible_filings(request.user, Filing.objects.filter(year=year)).values_list(
        "unit__code", flat=True))
    english = is_english(get_language())
    units = {u.code: u for u in KeyUnit.objects.filter(code__in=own)}
    sep = "; " if english else "；"
    rows = []
    for g in queries.grades(year):
        if g.unit not in own:
            continue
        reasons = g.reasons_en if english else g.reasons_zh
        unit = units.get(g.unit)
        # A graded unit's first reason is its colour's name, shown in its own column.
        rows.append({"unit": g.unit, "name": unit.name if unit else "", "uscc": unit.uscc if unit else "",
                     "town": g.town, "division": g.division, "grade": g.grade or "",
                     "colour": reasons[0] if g.grade else "", "level": g.level, "ratio": g.ratio,
                     "intensity": g.intensity_t_per_10k_cny, "benchmark": g.benchmark,
                     "reasons": sep.join(reasons[1:] if g.grade else reasons)})
    return rows


def _chart(grades: list[Grade], english: bool) -> dict[str, Any]:
    """Counts per colour by town and by industry division, for the stacked bars (ECharts)."""
    colours = method().colours
    divisions = industry_table().divisions
    out: dict[str, Any] = {"colours": [c.en if english else c.zh for c in colours],
                           "codes": [c.code for c in colours], "not_graded": _("not graded")}
    for by in ("town", "division"):
        counts = distribution(grades, by)
        keys = list(counts)
        out[by] = {"keys": [k if by == "town" else f"{k} {divisions.get(k, '')}".strip() for k in keys],
                   "series": {code: [counts[k][code] for k in keys] for code in [c.code for c in colours] + [""]}}
    return out


@require_GET
@login_required
@require(Permission.VIEW_FILINGS)
def grades_page(request: HttpRequest) -> HttpResponse:
    """碳效码 of a year: each unit's colour and reasons (an enterprise: its own), the count per colour; for the
    district's users the distribution by town and industry and the red units."""
    today = timezone.localdate()
    year = asked_year(request)
    english = is_english(get_language())
    rows = _rows(request, year)
    colours = {c.code: (c.en if english else c.zh) for c in method().colours}
    counts = [(label, sum(1 for r in rows if r["grade"] == code)) for code, label in colours.items()]
    district = enterprise_of(request.user) is None
    shown = {r["unit"] for r in rows}
    grades = [g for g in queries.grades(year) if g.unit in shown] if district else []
    return render(request, "enterprise/grades.html", {
        "rows": rows, "year": year, "years": range(today.year, today.year - 5, -1), "counts": counts,
        "district": district, "red": [r for r in rows if r["grade"] == RED],
        "not_graded": [r for r in rows if not r["grade"]], "chart": _chart(grades, english) if grades else None,
        "method": method(), "can_export": can(request.user, Permission.REVIEW_FILINGS),
    })


@require_GET
@login_required
@require(Permission.REVIEW_FILINGS)
def grades_xlsx(request: HttpRequest) -> HttpResponse:
    """The year's grades for banks (xlsx): red units first, then the others, then those not graded."""
    year = asked_year(request)
    order = {c.code: i for i, c in enumerate(reversed(method().colours))}
    rows = sorted(_rows(request, year), key=lambda r: (order.get(r["grade"], len(order)), r["unit"]))
    data = export.grades_xlsx(year, rows, method().source)
    return attachment(data, f"carbon-efficiency-{year}.xlsx", XLSX)

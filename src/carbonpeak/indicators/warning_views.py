"""The 预警 list as xlsx: the rows the list page shows this reader (open ones, or all with ?closed=1)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from carbonpeak.common.figures import Kind
from carbonpeak.http.downloads import xlsx_response
from carbonpeak.indicators.views import _visible_warnings
from carbonpeak.people.permissions import Permission, require


@require_GET
@login_required
@require(Permission.VIEW_WARNINGS)
def warning_list_xlsx(request: HttpRequest) -> HttpResponse:
    show_closed = request.GET.get("closed") == "1"
    items = _visible_warnings(request).prefetch_related("departments", "responses__department", "indicator__tasks")
    header = [_("Level"), _("Indicator"), _("Status"), _("Period"), _("Latest value"), _("Expected"),
              _("Target year"), _("Target"), _("Unit"), _("Trend per year"), _("Lead departments"), _("Tasks"),
              _("Responses"), _("Closed")]
    rows = []
    for w in items:
        if w.closed_at is not None and not show_closed:
            continue
        ind = w.indicator
        rows.append([
            str(w.get_level_display()), ind.display_name, str(w.get_status_display()), w.period, w.latest_value,
            w.expected_value, w.target_year, w.target_value, ind.unit_display, w.trend_per_year,
            "、".join(d.display_name for d in w.departments.all()) or _("the office"),
            "、".join(str(t.number) for t in ind.tasks.all()),
            "\n".join(f"{r.department.display_name}: {r.text}" for r in w.responses.all()),
            timezone.localtime(w.closed_at).date() if w.closed_at else None,
        ])
    note = _("including closed warnings") if show_closed else _("open warnings")
    # values in each indicator's own unit: separated with two decimals (the cell keeps the whole number)
    kinds = {5: Kind.QUANTITY, 6: Kind.QUANTITY, 7: Kind.YEAR, 8: Kind.QUANTITY, 10: Kind.QUANTITY}
    return xlsx_response(_("Early warnings"), header, rows, "warnings.xlsx", note=note, kinds=kinds)

"""Pages of the accounting room: the district inventory, factor sets and the calculator."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carbonpeak.accounting import factor_set_page, services
from carbonpeak.accounting.activity import COLUMN_VOCABULARY, REQUIRED_COLUMNS, read_activity_csv
from carbonpeak.accounting.catalogue import UNIT_VOCABULARY, USE_VOCABULARY, energy_vocabulary
from carbonpeak.accounting.elsewhere import MODEL_YEAR
from carbonpeak.accounting.export import inventory_xlsx
from carbonpeak.accounting.inventory import Category
from carbonpeak.accounting.issues import AccountingInputError
from carbonpeak.accounting.models import FactorSet
from carbonpeak.audit import actors
from carbonpeak.common.issues import InputIssue
from carbonpeak.common.problems import split_reason
from carbonpeak.http.downloads import XLSX, attachment
from carbonpeak.people.permissions import Permission, can, require

CATEGORY_LABELS = {
    Category.ENERGY: ("能源活动", "Energy"),
    Category.IPPU: ("工业生产过程", "Industrial processes"),
    Category.AGRICULTURE: ("农业", "Agriculture"),
    Category.WASTE: ("废弃物", "Waste"),
    Category.LULUCF: ("土地利用变化和林业", "LULUCF"),
}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _zh() -> bool:
    return not (get_language() or "zh-hans").startswith("en")


def accepted_names() -> dict[str, Any]:
    """What an activity file may say, in the reader's language (common/names reads every spelling)."""
    english = not _zh()
    columns = COLUMN_VOCABULARY.choices(english)
    return {
        "required_columns": [label for code, label in columns if code in REQUIRED_COLUMNS],
        "optional_columns": [label for code, label in columns if code not in REQUIRED_COLUMNS],
        "energy_names": [label for _code, label in energy_vocabulary().choices(english)],
        "unit_names": [label for _code, label in UNIT_VOCABULARY.choices(english)],
        "use_names": [label for _code, label in USE_VOCABULARY.choices(english)],
        "example_csv": _EXAMPLE_EN if english else _EXAMPLE_ZH,
        "energy_example": _LINES_EN if english else _LINES_ZH,  # the review's energy lines
    }


_EXAMPLE_ZH = "主体,期间,能源品种,数量,计量单位,用途\n甲,2023,电力,1,万千瓦时,\n甲,2023,柴油,1,吨,\n"
_LINES_ZH = "电力,500,万千瓦时\n天然气,100,万立方米,燃料"
_LINES_EN = "electricity,5000000,kWh\nnatural_gas,100,万m3,fuel"
_EXAMPLE_EN = "entity,period,energy_type,quantity,unit,use\nA,2023,electricity,10000,kWh,\nA,2023,diesel,1,t,\n"


# Fields a refusal may name besides the activity file's columns (activity.COLUMN_VOCABULARY).
_FIELD_NAMES = {"factor_set": ("因子集", "factor set"), "row": ("行", "row"), "rows": ("记录", "records"),
                "file": ("文件", "file"), "extends": ("继承", "extends")}


def said(issue: InputIssue) -> str:
    """A refused record as the reader's language says it: 第2行 · 能源品种：未知能源品种「煤气」，可填：… on a Chinese
    page, row 2 · energy type: unknown energy type … on an English one (the issue holds both languages)."""
    english = not _zh()
    where_zh, where_en = split_reason(issue.where)
    reason_zh, reason_en = issue.problem().reasons()
    column = COLUMN_VOCABULARY.find(issue.field) if issue.field not in _FIELD_NAMES else None
    field_zh, field_en = (column.zh, column.en) if column else _FIELD_NAMES.get(issue.field, (issue.field,) * 2)
    if english:
        return f"{where_en} · {field_en}: {reason_en}" if where_en else f"{field_en}: {reason_en}"
    return f"{where_zh} · {field_zh}：{reason_zh}" if where_zh else f"{field_zh}：{reason_zh}"


def _category_label(category: str) -> str:
    zh, en = CATEGORY_LABELS[Category(category)]
    return zh if _zh() else en


def _charts(inventories: dict[int, Any], current: Any) -> dict[str, Any]:
    categories = list(CATEGORY_LABELS)
    trend = {
        "years": [str(y) for y in inventories],
        "series": [
            {
                "name": _category_label(c),
                "data": [
                    round(sum(line["co2e_t"] for line in inv.lines if line["category"] == c) / 1e4, 2)
                    for inv in inventories.values()
                ],
            }
            for c in categories
        ],
        "net": {"name": _("Net total"), "data": [round(inv.total_co2e_t / 1e4, 2) for inv in inventories.values()]},
        "unit": _("10⁴ t CO2e"),
    }
    sectors = [
        {"name": (line["name"] if _zh() else line["name_en"]), "value": round(line["co2e_t"] / 1e4, 2)}
        for line in current.lines
        if line["co2e_t"] > 0
    ]
    return {"trend": trend, "breakdown": {"items": sorted(sectors, key=lambda s: -s["value"]), "unit": _("10⁴ t CO2e")}}


@require_GET
@login_required
@require(Permission.VIEW_ACCOUNTING)
def inventory(request: HttpRequest, year: int | None = None) -> HttpResponse:
    inventories = services.latest_inventories()
    if not inventories:
        can_manage = can(request.user, Permission.MANAGE_ACCOUNTING)
        return render(request, "accounting/inventory_empty.html", {
            "can_manage": can_manage, "activity_years": services.activity_years() if can_manage else []})
    if year is None:
        year = max(inventories)
    if year not in inventories:
        raise Http404(_("No inventory for this year"))
    current = inventories[year]
    groups = []
    for category in CATEGORY_LABELS:
        lines = [line for line in current.lines if line["category"] == category]
        groups.append(
            {"label": _category_label(category), "lines": lines, "subtotal": sum(line["co2e_t"] for line in lines)}
        )
    return render(
        request,
        "accounting/inventory.html",
        {
            "inventory": current,
            "years": list(inventories),
            "groups": groups,
            "charts": _charts(inventories, current),
            "can_manage": can(request.user, Permission.MANAGE_ACCOUNTING),
            "activity_years": services.activity_years(),
            # the roadmap's figure for its base year, beside this one, with why they differ
            "model_year": MODEL_YEAR.first(year, request.user),
        },
    )


@require_GET
@login_required
@require(Permission.VIEW_ACCOUNTING)
def inventory_download(request: HttpRequest, year: int) -> HttpResponse:
    inventories = services.latest_inventories()
    if year not in inventories:
        raise Http404(_("No inventory for this year"))
    return attachment(inventory_xlsx(inventories[year], list(inventories.values())), f"ghg-inventory-{year}.xlsx", XLSX)


@require_POST
@login_required
@require(Permission.MANAGE_ACCOUNTING)
def inventory_compile(request: HttpRequest, year: int) -> HttpResponse:
    try:
        saved = services.save_inventory(year, user=request.user, actor_label=actors.of_request(request))
    except AccountingInputError as exc:
        for issue in exc.issues:
            messages.error(request, said(issue))
        return redirect("accounting:inventory")
    # The set by its name: the label (id@version#digest) the inventory cites is for the specialist's tooltip.
    used = FactorSet.objects.filter(code=saved.factor_set.split("@", 1)[0]).first()
    name = saved.factor_set if used is None else used.name if _zh() else used.name_en
    messages.success(request, _("Inventory %(year)s compiled with %(set)s.") % {"year": year, "set": name})
    return redirect("accounting:inventory_year", year=year)


@require_GET
@login_required
@require(Permission.VIEW_ACCOUNTING)
def factor_sets(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounting/factor_sets.html",
        {
            "sets": FactorSet.objects.all(),
            "default": services.default_factor_set_code(),
            "can_manage": can(request.user, Permission.MANAGE_ACCOUNTING),
        },
    )


@require_GET
@login_required
@require(Permission.VIEW_ACCOUNTING)
def factor_set(request: HttpRequest, code: str) -> HttpResponse:
    found = get_object_or_404(FactorSet, code=code)
    return render(request, "accounting/factor_set.html", factor_set_page.page(found))


@require_http_methods(["GET", "POST"])
@login_required
@require(Permission.CALCULATE)
def calculate(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"sets": FactorSet.objects.all(), "default": services.default_factor_set_code(),
                               **accepted_names()}
    if request.method == "POST":
        chosen = request.POST.get("factor_set") or None
        upload = request.FILES.get("file")
        text = request.POST.get("csv", "")
        errors: list[str] = []
        if upload is not None:
            if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
                errors.append(_("file: larger than 20 MB; split it into smaller files"))
            else:
                try:
                    text = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    errors.append(_("file: not UTF-8 text; save the CSV as UTF-8"))
        if not errors and not text.strip():
            errors.append(_("csv: paste records or choose a file"))
        if not errors:
            try:
                context["result"] = services.account_report(read_activity_csv(text), chosen)
            except AccountingInputError as exc:
                errors.extend(said(i) for i in exc.issues)
        context.update({"errors": errors, "csv": text if len(text) < 100_000 else "", "chosen": chosen})
    return render(request, "accounting/calculate.html", context)

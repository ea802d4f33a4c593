"""The 两高一低 register's import page (the `http.imports` contract): existing plants from CSV or xlsx, checked
and stored by the very functions of `carbonpeak review register import` (`register.read_rows`, `check_rows`,
`import_file`), so the page and the command never differ. Whole or nothing, as the command."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbonpeak.audit.actors import of_request
from carbonpeak.common.problems import row_of
from carbonpeak.http import import_checks as checks
from carbonpeak.http.imports import Importer, ImportPreview, TemplateColumn
from carbonpeak.people.permissions import Permission
from carbonpeak.review import register
from carbonpeak.review.intake import ReviewInputError
from carbonpeak.review.models import Disposal, RegisterStatus

EXAMPLE_USCC = "91310116MA1J00000Y"  # check-digit valid, fictitious
_ZH, _EN = register.COLUMN_HEADERS, register.COLUMN_HEADERS_EN


def _column(code: str, **declared: Any) -> TemplateColumn:
    """A register column headed in both languages; problems name it by its code, the page by its header."""
    return TemplateColumn(_ZH[code], _EN[code], code=code, **declared)


COLUMNS = (
    _column("name", example=gettext_lazy("Example cement clinker line")),
    _column("owner_uscc", example=EXAMPLE_USCC, note=gettext_lazy("18 characters, GB 32100-2015")),
    _column("industry_code", example="3011", note=gettext_lazy("GB/T 4754-2017 industry class (4 digits)")),
    _column("town", allowed=checks.town_values(), example=checks.place_name("金山卫镇"), note=checks.TOWN_NOTE),
    _column("status", allowed=tuple(RegisterStatus.labels), example=RegisterStatus.OPERATING.label),
    _column("disposal", allowed=tuple(Disposal.labels), example=Disposal.UPGRADE.label),
    _column("deadline", required=False, example="2026-12-31",
            note=gettext_lazy("YYYY-MM-DD; required for an upgrade or a phase-out")),
    _column("approved_energy_tce", required=False, example="50000"),
    _column("monitored_unit", required=False, note=gettext_lazy("the key unit's code on the monitoring pages")),
    _column("deviation_margin_pct", required=False, example="10", note=gettext_lazy("percent; empty: 10")),
    _column("note", required=False),
)


def _sample_header() -> list[str]:
    return [_("Name"), _("Owner USCC"), _("Industry"), _("Town"), _("Status"), _("Disposal"), _("Deadline"),
            _("Approved (tce)"), _("On the register")]


def check(content: bytes, name: str, request: HttpRequest) -> ImportPreview:
    try:
        header, rows = register.read_rows(name, content)
    except ReviewInputError as exc:
        return checks.refused(checks.refusal_problems(exc, name))
    if not rows:
        return checks.refused([checks.no_rows()])
    checked, issues = register.check_rows(header, rows)
    bad = {row_of(i.where) for i in issues}
    good = [c for n, c in enumerate(checked, start=2) if n not in bad]
    header_wrong = 1 in bad
    already = register.listed(good)
    status, disposal = dict(RegisterStatus.choices), dict(Disposal.choices)
    sample = []
    shown = good[:checks.SAMPLE_ROWS]
    towns = checks.place_names(identity["town"] for identity, _fields in shown)
    for identity, fields in shown:
        approved = fields["approved_energy_tce"]
        sample.append([
            identity["name"], identity["owner_uscc"], identity["industry_code"], towns[identity["town"]],
            str(status.get(fields["status"], fields["status"])),
            str(disposal.get(fields["disposal"], fields["disposal"])),
            str(fields["deadline"] or "—"), "—" if approved is None else f"{approved:,.0f}",
            _("listed: updated") if (identity["owner_uscc"], identity["name"]) in already else _("new"),
        ])
    new = len(good) - len(already)
    return ImportPreview(
        rows_total=len(rows), rows_ok=0 if header_wrong else len(good), problems=checks.issue_problems(issues),
        summary=[_("%(new)s plants new on the register, %(listed)s already listed (their fields are replaced by "
                   "the file's).") % {"new": new, "listed": len(already)}],
        header=_sample_header(), sample=sample,
    )


def store(content: bytes, name: str, request: HttpRequest) -> str:
    summary = register.import_file(name, content, user=request.user, actor_label=of_request(request))
    return _("Register imported: %(created)s plants added, %(updated)s updated.") % {
        "created": summary.created, "updated": summary.updated}


def example() -> tuple[bytes, str]:
    """A two-row CSV with Chinese headers, as the template would be filled."""
    buffer = io.StringIO()
    buffer.write(",".join(c.header_zh for c in COLUMNS) + "\n")
    buffer.write(f"示例水泥熟料线,{EXAMPLE_USCC},3011,金山卫镇,存量,升级改造,2026-12-31,50000,,10,\n")
    buffer.write(f"示例烧碱装置,{EXAMPLE_USCC},2612,漕泾镇,存量,保留,,20000,,,\n")
    return buffer.getvalue().encode("utf-8-sig"), "register-example.csv"


IMPORTERS = [
    Importer(
        kind="review-register",
        title=gettext_lazy("Two-high register"),
        permission=Permission.REVIEW_PROJECTS,
        extensions=("csv", "xlsx"),
        check=check,
        store=store,
        done_url=lambda: reverse("review:register"),
        description=gettext_lazy("Existing plants on the two-high register, one row each. There is no owner "
                                 "column: the owner is the enterprise the USCC column names, and a plant is known "
                                 "by that USCC and its name, so a row for a plant already listed replaces its "
                                 "status, disposal and figures. The file is stored whole or not at all. Reviewed "
                                 "projects join the register from their own page."),
        columns=COLUMNS,
        example_file=example,
        notes=(gettext_lazy("Status and disposal may be written as their names in either language or as codes."),),
    ),
]

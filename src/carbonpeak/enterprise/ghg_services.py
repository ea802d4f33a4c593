"""Database work on the annual GHG report (温室气体排放报告): corrections, the workflow's steps, and the hand-over of
the year's accepted reports to the inventory as the point-source part of the industrial sector.

One transaction each; every change leaves an `audit.ChangeRecord` and every step a `FilingEvent` (part "ghg").
The report is opened by `services.open_ghg_report` (on the energy filing's acceptance, or later on demand).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from carbonpeak.accounting.point_sources import HandOver, PointSourceRow, hand_over
from carbonpeak.audit.models import ChangeAction, diff
from carbonpeak.enterprise import filing_checks, workflow
from carbonpeak.enterprise.models import GhgReport
from carbonpeak.enterprise.problems import FilingNotAllowed, FilingStateError
from carbonpeak.enterprise.queries import ghg_figures
from carbonpeak.enterprise.services import party_of, record_change, record_event
from carbonpeak.enterprise.vocabulary import FilingStatus, FilingStep, Party, ReportPart
from carbonpeak.people.permissions import AnyUser, Permission, can

# The inventory lines the report's parts go to (accounting/inventory_lines.yaml): the industrial sector's fuel
# combustion, its purchased electricity and heat, and industrial processes.
LINES = {"direct_t": "energy.industry.direct", "indirect_t": "energy.industry.indirect",
         "process_t": "ippu.processes"}


def _key(report: GhgReport) -> str:
    return f"{report.filing.unit.code}/{report.filing.year}"


def _snapshot(report: GhgReport) -> dict[str, Any]:
    return {"status": report.status, "process_emissions": report.process_emissions, "note": report.note}


@transaction.atomic
def save_ghg(report: GhgReport, user: AnyUser, label: str, changes: Mapping[str, Any]) -> GhgReport:
    """The enterprise's process-emission lines and note: refused whole (every reason at once) or stored whole."""
    report = GhgReport.objects.select_for_update().select_related("filing__unit").get(pk=report.pk)
    status = workflow.next_status(FilingStep.SAVE, report.status_enum, party_of(user, report.filing))
    before = _snapshot(report)
    if "process_emissions" in changes:
        report.process_emissions = filing_checks.check_process(list(changes["process_emissions"] or []))
    if "note" in changes:
        report.note = str(changes["note"] or "").strip()[:4000]
    report.status = status.value
    report.save()
    b, a = diff(before, _snapshot(report))
    if b or a:
        record_change(user, label, "ghg_report", _key(report), ChangeAction.UPDATED, b, a, "saved")
    record_event(report.filing, user, label, FilingStep.SAVE, before["status"], before=b, after=a,
                 part=ReportPart.GHG, to_status=report.status)
    return report


@transaction.atomic
def ghg_step(report: GhgReport, step: FilingStep, user: AnyUser, label: str, comment: str = "") -> GhgReport:
    """Submit, return (comment required) or accept, as for the energy filing; accepting keeps the CO2 as accepted."""
    if step not in (FilingStep.SUBMIT, FilingStep.RETURN, FilingStep.ACCEPT):
        raise FilingStateError.one("step", f"未知步骤 / unknown step: {step.value}")
    report = GhgReport.objects.select_for_update().select_related("filing__unit").get(pk=report.pk)
    before = report.status
    status = workflow.next_status(step, report.status_enum, party_of(user, report.filing), comment=comment)
    report.status = status.value
    now = timezone.now()
    if step is FilingStep.SUBMIT:
        report.submitted_at = now
    elif step is FilingStep.RETURN:
        report.times_returned += 1
        report.office_comment = comment.strip()
    else:
        report.accepted_at = now
        figures = ghg_figures(report)
        report.accepted_figures = {"direct_t": figures.emissions.direct_t, "indirect_t": figures.emissions.indirect_t,
                                   "process_t": figures.emissions.process_t, "total_t": figures.emissions.total_t,
                                   "factor_set": figures.factor_set}
    report.save()
    record_change(user, label, "ghg_report", _key(report), ChangeAction.UPDATED, {"status": before},
                  {"status": report.status, **({"accepted_figures": report.accepted_figures}
                                               if step is FilingStep.ACCEPT else {})},
                  f"{step.value}: {comment.strip()}"[:300])
    record_event(report.filing, user, label, step, before, comment=comment.strip(), part=ReportPart.GHG,
                 to_status=report.status)
    return report


def point_source_rows(year: int) -> list[PointSourceRow]:
    """The year's accepted GHG reports as point-source rows: one per unit and inventory line with CO2, each naming
    the report, the unit, when it was accepted and the factor set its CO2 was computed with."""
    rows = []
    accepted = GhgReport.objects.filter(filing__year=year, status=FilingStatus.ACCEPTED.value).select_related(
        "filing__unit")
    for r in accepted:
        unit = r.filing.unit
        when = timezone.localtime(r.accepted_at).date().isoformat() if r.accepted_at else ""
        source = (f"enterprise GHG report {r.pk} ({unit.code} {year}), accepted {when}, "
                  f"{r.accepted_figures.get('factor_set', '')}")[:300]
        for part, line in LINES.items():
            co2 = float(r.accepted_figures.get(part) or 0.0)
            if co2 > 0:
                rows.append(PointSourceRow(line, unit.code, unit.name, co2, source))
    return rows


def hand_over_year(year: int, user: AnyUser, label: str) -> HandOver:
    """The office hands the year's accepted GHG reports to the inventory (replacing what was handed over before)."""
    if not can(user, Permission.REVIEW_FILINGS):
        raise FilingNotAllowed.one("step", "仅审核办公室可以移交清单 / only the office hands reports to the inventory")
    return hand_over(year, point_source_rows(year), user=user, actor_label=label)


def may_edit(user: AnyUser, report: GhgReport) -> bool:
    return party_of(user, report.filing) is Party.FILER and workflow.editable(report.status_enum)

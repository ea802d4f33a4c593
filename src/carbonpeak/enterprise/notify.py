"""Notices to enterprises: the filing-deadline reminders job (decided by the pure `reminders` module, stored as
`EnterpriseNotice` rows whose unique key makes each go out once) and the office's messages; each mailed to the
enterprise's users who have an address."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse

from carbonpeak.audit.models import ChangeAction
from carbonpeak.common.issues import InputIssue
from carbonpeak.enterprise import reminders
from carbonpeak.enterprise.catalogue import catalogue
from carbonpeak.enterprise.models import EnterpriseNotice, Filing, GhgReport
from carbonpeak.enterprise.problems import EnterpriseInputError
from carbonpeak.enterprise.services import record_change
from carbonpeak.enterprise.vocabulary import FilingStatus, ReportPart
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.people.models import Enterprise
from carbonpeak.people.permissions import AnyUser

WITH_THE_ENTERPRISE = (FilingStatus.DRAFT.value, FilingStatus.RETURNED.value)


@dataclass(frozen=True)
class RunSummary:
    sent: int
    emailed: int
    pending: int  # reports looked at that are not with the office yet


def pending(year: int) -> list[reminders.Pending]:
    """Every active unit's reports of `year` that are not with the office: no energy-use report or one in draft or
    returned; a GHG report in draft or returned."""
    due = catalogue().due_on(year)
    filings = {f.unit_id: f for f in Filing.objects.filter(year=year)}
    out = []
    for unit in KeyUnit.objects.filter(active=True, enterprise__isnull=False).order_by("code"):
        f = filings.get(unit.pk)
        if f is None or f.status in WITH_THE_ENTERPRISE:
            out.append(reminders.Pending(unit.code, unit.name, ReportPart.ENERGY, year, due))
    for g in GhgReport.objects.filter(filing__year=year, status__in=WITH_THE_ENTERPRISE,
                                      filing__unit__active=True).select_related("filing__unit"):
        out.append(reminders.Pending(g.filing.unit.code, g.filing.unit.name, ReportPart.GHG, year, due))
    return out


def run(today: dt.date) -> RunSummary:
    """Send the reminders due today for last year's reports (the ones filed this year); running it again the same
    day, or the next day within the same stage, sends nothing more."""
    todo = pending(today.year - 1)
    keys = {reminders.Due(p, stage, 0).key for p in todo for stage in reminders.Stage}
    sent_before = set(EnterpriseNotice.objects.filter(key__in=keys).values_list("key", flat=True))
    units = {u.code: u for u in KeyUnit.objects.filter(code__in={p.unit for p in todo}).select_related("enterprise")}
    sent = emailed = 0
    for due in reminders.reminders_due(todo, today, sent_before):
        unit = units[due.pending.unit]
        if unit.enterprise is None:
            continue  # a unit no enterprise is bound to has nobody to remind
        try:
            with transaction.atomic():
                notice = EnterpriseNotice.objects.create(
                    key=due.key, enterprise=unit.enterprise, unit=unit, text=due.text(english=False),
                    text_en=due.text(english=True), link=reverse("enterprise:home"))
        except IntegrityError:
            continue  # sent meanwhile: the unique key says so
        sent += 1
        emailed += notice.email()
    return RunSummary(sent, emailed, len(todo))


MAX_MESSAGE_CHARS = 2000


@transaction.atomic
def send_message(enterprises: list[Enterprise], text: str, text_en: str, user: AnyUser, label: str) -> int:
    """The office's message to enterprises (区里的通知): one notice each, mailed to their users with an address; the
    sending recorded (ChangeRecord, entity enterprise_notice). Refused whole when a text is empty or too long."""
    text, text_en = text.strip(), text_en.strip()
    issues = [InputIssue("", name, why) for name, value in (("text", text), ("text_en", text_en))
              for why in (["必填 / required"] if not value else
                          [f"不能超过 {MAX_MESSAGE_CHARS} 字 / at most {MAX_MESSAGE_CHARS} characters"]
                          if len(value) > MAX_MESSAGE_CHARS else [])]
    if not enterprises:
        issues.append(InputIssue("", "enterprise", "请选择企业 / choose an enterprise"))
    if issues:
        raise EnterpriseInputError(issues)
    batch = uuid.uuid4().hex[:12]
    for e in enterprises:
        notice = EnterpriseNotice.objects.create(key=f"message:{batch}:{e.pk}", enterprise=e, text=text,
                                                 text_en=text_en, link=reverse("enterprise:home"))
        record_change(user, label, "enterprise_notice", notice.key, ChangeAction.CREATED, {},
                      {"enterprise": e.uscc, "text": text, "text_en": text_en}, "message from the office")
        transaction.on_commit(notice.email)  # mail once the notice is stored
    return len(enterprises)

"""Changes on the public site: the office's publication decisions and answers, citizens' messages.

One transaction each; every change of the office is a change record (audit.ChangeRecord), named by
`audit.actors`. A citizen's message is recorded without its name or contact (they stay in the queue).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from carbonpeak.accounting.models import Inventory
from carbonpeak.audit.models import ChangeAction, ChangeRecord, stored_actor
from carbonpeak.indicators.models import Indicator
from carbonpeak.plan.queries import current_plan
from carbonpeak.public.models import FEEDBACK_MAX_CHARS, Feedback, Publication, SubjectKind
from carbonpeak.public.problems import PublicInputError
from carbonpeak.public.vocabulary import EVERY_ITEM, MAX_KEY_LENGTH, ROADMAP_HEADLINE, PublicKind, small_int
from carbonpeak.supervision.models import Report
from carbonpeak.supervision.workflow import ReportStatus

PUBLICATION_ENTITY = "public.Publication"
FEEDBACK_ENTITY = "public.Feedback"
NAME_MAX, CONTACT_MAX = 100, 200


def _kind(value: str) -> PublicKind:
    try:
        return PublicKind(value)
    except ValueError:
        raise PublicInputError("kind", f"未知的公开类别 {value!r} / unknown kind {value!r}") from None


def _check_key(kind: PublicKind, key: str) -> None:
    """The item must exist; a report must be approved (a draft or returned report is never public)."""
    if key == EVERY_ITEM:
        return
    if len(key) > MAX_KEY_LENGTH:
        raise PublicInputError("key", f"最多 {MAX_KEY_LENGTH} 个字符 / at most {MAX_KEY_LENGTH} characters")
    plan, number = current_plan(), small_int(key)
    exists: bool
    if kind is PublicKind.TASK:
        exists = number is not None and plan.tasks.filter(number=number).exists()
    elif kind in (PublicKind.INDICATOR, PublicKind.INDICATOR_VALUES):
        exists = Indicator.objects.filter(plan=plan, code=key).exists()
    elif kind is PublicKind.REPORT:
        report = Report.objects.filter(pk=number).first() if number is not None else None
        if report is not None and report.status != ReportStatus.APPROVED.value:
            raise PublicInputError("key", "只有已审核通过的报告可以公开 / only an approved report can be published")
        exists = report is not None
    elif kind is PublicKind.ROADMAP:
        exists = key == ROADMAP_HEADLINE
    else:
        exists = number is not None and number < 10_000 and Inventory.objects.filter(year=number).exists()
    if not exists:
        raise PublicInputError("key", f"没有这一项：{key} / no such item: {key}")


@transaction.atomic
def set_publication(kind: str, key: str, published: bool, *, user: Any, actor_label: str) -> Publication:
    """Publish or withdraw one item (or set the kind's default with key "*")."""
    public_kind = _kind(kind)
    key = key.strip()
    _check_key(public_kind, key)
    row = Publication.objects.select_for_update().filter(kind=public_kind.value, key=key).first()
    before = {"published": row.published} if row is not None else {}
    now = timezone.now()
    if row is None:
        row = Publication(kind=public_kind.value, key=key)
    if published and not (row.pk and row.published):
        row.published_at = now
    row.published, row.by = published, stored_actor(user)
    row.save()
    ChangeRecord.objects.create(
        actor=stored_actor(user), actor_label=actor_label, entity=PUBLICATION_ENTITY,
        entity_key=f"{public_kind.value}:{key}", action=ChangeAction.UPDATED if before else ChangeAction.CREATED,
        before=before, after={"published": published}, reason="公开 / published" if published else "撤回 / withdrawn")
    return row


def check_feedback(values: dict[str, str]) -> list[PublicInputError]:
    """What is wrong with a citizen's message, each naming its field."""
    problems = [PublicInputError(field, "含有不允许的控制字符 / contains a control character that is not allowed")
                for field, value in values.items() if "\x00" in value]
    text = values.get("text", "").strip()
    if not text:
        problems.append(PublicInputError("text", "请填写留言内容 / write your message"))
    elif len(text) > FEEDBACK_MAX_CHARS:
        problems.append(PublicInputError(
            "text", f"留言最多 {FEEDBACK_MAX_CHARS} 字（现 {len(text)} 字）/ at most {FEEDBACK_MAX_CHARS} "
                    f"characters ({len(text)} given)"))
    if len(values.get("name", "").strip()) > NAME_MAX:
        problems.append(PublicInputError("name", f"姓名最多 {NAME_MAX} 字 / at most {NAME_MAX} characters"))
    if len(values.get("contact", "").strip()) > CONTACT_MAX:
        problems.append(PublicInputError("contact",
                                         f"联系方式最多 {CONTACT_MAX} 字 / at most {CONTACT_MAX} characters"))
    return problems


@transaction.atomic
def submit_feedback(subject: SubjectKind, key: str, values: dict[str, str]) -> Feedback:
    """Queue a citizen's message for the office; the caller has checked it (`check_feedback`)."""
    row = Feedback.objects.create(subject_kind=subject.value, subject_key=key, name=values.get("name", "").strip(),
                                  contact=values.get("contact", "").strip(), text=values["text"].strip())
    # Who wrote it stays out of the trail (personal data); the trail says that a message came in.
    ChangeRecord.objects.create(actor=None, actor_label="public", entity=FEEDBACK_ENTITY, entity_key=str(row.pk),
                                action=ChangeAction.CREATED, after={"subject": f"{subject.value}:{key}"})
    return row


@transaction.atomic
def answer_feedback(feedback: Feedback, answer: str, publish: bool, *, user: Any, actor_label: str) -> Feedback:
    """The office answers a message and may publish the answer (with the message, never its author)."""
    answer = answer.strip()
    if publish and not answer:
        raise PublicInputError("answer", "公开前请先填写答复 / write an answer before publishing it")
    if len(answer) > FEEDBACK_MAX_CHARS * 2:
        raise PublicInputError("answer", f"答复最多 {FEEDBACK_MAX_CHARS * 2} 字 / at most "
                                         f"{FEEDBACK_MAX_CHARS * 2} characters")
    row = Feedback.objects.select_for_update().get(pk=feedback.pk)
    before = {"answer": row.answer, "answer_published": row.answer_published}
    now = timezone.now()
    if answer != row.answer:
        row.answer, row.answered_at, row.answered_by = answer, now if answer else None, stored_actor(user)
    if publish and not row.answer_published:
        row.published_at = now
    row.answer_published = publish
    row.save()
    ChangeRecord.objects.create(actor=stored_actor(user), actor_label=actor_label, entity=FEEDBACK_ENTITY,
                                entity_key=str(row.pk), action=ChangeAction.UPDATED, before=before,
                                after={"answer": row.answer, "answer_published": row.answer_published})
    return row

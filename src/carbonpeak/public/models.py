"""The public site's two tables: what the office has published (公开) and what citizens wrote (公众留言)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from carbonpeak.public.vocabulary import PublicKind

KIND_LABELS = {
    PublicKind.TASK: _("Task text and departments"),
    PublicKind.INDICATOR: _("Indicator and targets"),
    PublicKind.INDICATOR_VALUES: _("Indicator values and status"),
    PublicKind.REPORT: _("Approved progress report"),
    PublicKind.ROADMAP: _("Roadmap headline"),
    PublicKind.INVENTORY: _("Inventory totals"),
}
KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in PublicKind]

# Feedback text is short on purpose: a message, not a document (issue 20, item 5).
FEEDBACK_MAX_CHARS = 1000


class Publication(models.Model):
    """The office's decision for one item (key) or for every item of a kind (key "*")."""

    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    key = models.CharField(max_length=100)
    published = models.BooleanField()
    published_at = models.DateTimeField(null=True, blank=True)  # when it was last made public
    changed_at = models.DateTimeField(auto_now=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="public_publication_one_per_item"),
                       models.CheckConstraint(condition=Q(published=False) | Q(published_at__isnull=False),
                                              name="public_publication_published_has_date")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}={'public' if self.published else 'private'}"


class SubjectKind(models.TextChoices):
    TASK = "task", _("Task")
    INDICATOR = "indicator", _("Indicator")


class Feedback(models.Model):
    """A citizen's message on a public task or indicator page; shown only once the office publishes its answer."""

    subject_kind = models.CharField(max_length=10, choices=SubjectKind.choices)
    subject_key = models.CharField(max_length=100)  # task number or indicator code
    name = models.CharField(max_length=100, blank=True)  # never shown in public
    contact = models.CharField(max_length=200, blank=True)  # never shown in public
    text = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answer_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(answer_published=False) | ~Q(answer=""),
                                   name="public_feedback_published_has_answer"),
            models.CheckConstraint(condition=LessThanOrEqual(Length("text"), FEEDBACK_MAX_CHARS),
                                   name="public_feedback_text_length"),
        ]
        indexes = [models.Index(fields=["subject_kind", "subject_key", "answer_published"])]

    def __str__(self) -> str:
        return f"{self.subject_kind}:{self.subject_key} #{self.pk}"


class FeedbackCount(models.Model):
    """Citizens' messages counted per client address and time window, for the limit (public/ratelimit.py).

    In the database so that every server process counts on the same row (a count in a process's memory
    let each gunicorn worker take its own quota). The address is kept only as a keyed hash; rows of
    windows that have ended are deleted by the next count.
    """

    address = models.CharField(max_length=64)  # HMAC-SHA256 of the address under the secret key, hex
    window_start = models.BigIntegerField()  # epoch second the fixed window began
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["address", "window_start"],
                                               name="public_feedbackcount_one_per_window")]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.address[:8]}…@{self.window_start}: {self.count}"

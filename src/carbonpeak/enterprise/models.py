"""The enterprise room's records: what a key unit produces, and its yearly energy-use filing.

`ProductOutput` and `EconomicOutput` hold a unit's output per period (a month or a year); `Filing` is its
能源利用状况报告 for a year, prefilled from the monitored data; `FilingEvent` is every step taken on it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carbonpeak.enterprise.vocabulary import FilingStatus, FilingStep, ReportPart
from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.people.models import Enterprise


class ProductOutput(models.Model):
    """产品产量: a unit's output of one product (enterprise/products.yaml) in a month or a year."""

    unit = models.ForeignKey(KeyUnit, on_delete=models.CASCADE, related_name="product_outputs")
    period = models.CharField(max_length=7)  # "2026" or "2026-03" (common.periods)
    period_start = models.DateField()
    product = models.CharField(max_length=40)  # a catalogue code
    quantity = models.FloatField()  # in the product's unit of measure
    unit_of_measure = models.CharField(max_length=20)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__code", "period_start", "product"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "product"], name="productoutput_one_per_period"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="productoutput_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.period} {self.product} {self.quantity} {self.unit_of_measure}"


class EconomicOutput(models.Model):
    """工业总产值与增加值 of a unit in a month or a year, in 万元 (current prices; value added also at
    comparable prices where given)."""

    unit = models.ForeignKey(KeyUnit, on_delete=models.CASCADE, related_name="economic_outputs")
    period = models.CharField(max_length=7)
    period_start = models.DateField()
    industrial_output_10k_cny = models.FloatField(null=True, blank=True)
    value_added_10k_cny = models.FloatField(null=True, blank=True)
    value_added_comparable_10k_cny = models.FloatField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__code", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="economicoutput_one_per_period"),
            models.CheckConstraint(
                condition=(Q(industrial_output_10k_cny__isnull=True) | Q(industrial_output_10k_cny__gte=0))
                & (Q(value_added_10k_cny__isnull=True) | Q(value_added_10k_cny__gte=0))
                & (Q(value_added_comparable_10k_cny__isnull=True) | Q(value_added_comparable_10k_cny__gte=0)),
                name="economicoutput_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.period} {self.value_added_10k_cny} 万元"


# Labels through gettext (English msgids, Chinese in the catalogue), so a page shows one language.
STATUS_CHOICES = [(FilingStatus.DRAFT.value, _("Draft")), (FilingStatus.SUBMITTED.value, _("Submitted")),
                  (FilingStatus.RETURNED.value, _("Returned")), (FilingStatus.ACCEPTED.value, _("Accepted"))]
STEP_CHOICES = [(FilingStep.OPEN.value, _("Report opened")), (FilingStep.SAVE.value, _("Saved")),
                (FilingStep.SUBMIT.value, _("Submitted")), (FilingStep.RETURN.value, _("Returned")),
                (FilingStep.ACCEPT.value, _("Accepted"))]


class Filing(models.Model):
    """A unit's 能源利用状况报告 for a year, in the national form's parts.

    `energy` rows are [{energy_type, unit_of_measure, quantity, monitored_quantity, explanation, feedstock,
    green_power, purchase}] in the
    energy type's basis unit (as the rollups keep it); `monitored_quantity` is what the meters gave when the
    filing was opened (None: not monitored); `quantity` is the consumption (消费量), `purchase` the 购进量 once the
    enterprise gives it (absent: prefilled on reading, figures.purchase). `products` rows are
    [{product, quantity, energy_tce}].
    tce figures are not stored: they follow from the quantities through the accounting engine.
    """

    unit = models.ForeignKey(KeyUnit, on_delete=models.PROTECT, related_name="filings")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=FilingStatus.DRAFT.value)
    basic = models.JSONField(default=dict, blank=True)  # contact person, phone, employees … (基本情况)
    energy = models.JSONField(default=list, blank=True)
    products = models.JSONField(default=list, blank=True)
    value_added_10k_cny = models.FloatField(null=True, blank=True)
    # 工业过程排放 typed by the enterprise: [{source, method, co2_t}] (enterprise/emissions.py).
    process_emissions = models.JSONField(default=list, blank=True)
    measures = models.TextField(blank=True)  # 节能项目与措施
    target_note = models.TextField(blank=True)  # on the energy-saving target and its completion
    prefilled = models.BooleanField(default=False)  # monitored data existed for the year when opened
    factor_set = models.CharField(max_length=80, blank=True)  # of the monitored rollups that prefilled it
    office_comment = models.TextField(blank=True)  # the last return's comment
    times_returned = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="filing_one_per_unit_year"),
            models.CheckConstraint(condition=Q(status__in=[s.value for s in FilingStatus]), name="filing_status_valid"),
            models.CheckConstraint(condition=Q(value_added_10k_cny__isnull=True) | Q(value_added_10k_cny__gte=0),
                                   name="filing_value_added_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year} ({self.status})"

    @property
    def status_enum(self) -> FilingStatus:
        return FilingStatus(self.status)


PART_CHOICES = [(ReportPart.ENERGY.value, _("Energy-use report")), (ReportPart.GHG.value, _("GHG report"))]


class FilingEvent(models.Model):
    """Every step of a filing or of its GHG report (`part`): who, when, from which status to which, the comment and
    what changed."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="events")
    part = models.CharField(max_length=6, choices=PART_CHOICES, default=ReportPart.ENERGY.value)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=200)
    step = models.CharField(max_length=10, choices=STEP_CHOICES)
    from_status = models.CharField(max_length=10, choices=STATUS_CHOICES, blank=True)
    to_status = models.CharField(max_length=10, choices=STATUS_CHOICES)
    comment = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["filing", "at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.step}"


class Disclosure(models.Model):
    """An enterprise's published annual figures (信息披露, task 79) of an accepted filing: energy, CO2,
    intensity, grade, as they stood when published; shown on a page that needs no login."""

    filing = models.OneToOneField(Filing, on_delete=models.PROTECT, related_name="disclosure")
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_by_label = models.CharField(max_length=200)
    # What the public sees, and nothing else (the allowlist): unit name, year, tce, tCO2, intensity, grade.
    figures = models.JSONField(default=dict)

    public_fields = ("unit_name", "year", "energy_tce", "co2_t", "intensity_t_per_10k_cny", "grade")

    class Meta:
        ordering = ["-filing__year", "filing__unit__code"]

    def __str__(self) -> str:
        return f"{self.filing} disclosed"


class GhgReport(models.Model):
    """A unit's annual GHG report (温室气体排放报告) of a year: opened from its accepted energy-use report, whose energy
    gives the direct and indirect CO2 (enterprise/emissions.py); the enterprise adds process-emission lines with
    their method, submits, the office returns or accepts (the filing's workflow; steps are `FilingEvent`s with part
    "ghg"). `accepted_figures` keeps the CO2 as accepted, with the factor set, for the inventory hand-over."""

    filing = models.OneToOneField(Filing, on_delete=models.PROTECT, related_name="ghg")
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=FilingStatus.DRAFT.value)
    # 工业过程排放: [{source, method, co2_t}], started from the energy-use report's lines.
    process_emissions = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)  # the enterprise's note on boundaries and methods
    office_comment = models.TextField(blank=True)
    times_returned = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_figures = models.JSONField(default=dict, blank=True)  # direct_t, indirect_t, process_t, total_t, …
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-filing__year", "filing__unit__code"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in FilingStatus]), name="ghg_status_valid"),
        ]

    def __str__(self) -> str:
        return f"GHG {self.filing.unit.code} {self.filing.year} ({self.status})"

    @property
    def status_enum(self) -> FilingStatus:
        return FilingStatus(self.status)


class EnterpriseNotice(models.Model):
    """A message of the district to an enterprise (a filing-deadline reminder …), shown on its home page and mailed
    to its users with an address. `key` is unique: a reminder job run twice sends nothing twice. The enterprise's
    counterpart of `supervision.Notice`, which is addressed to departments only."""

    key = models.CharField(max_length=200, unique=True)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="notices")
    unit = models.ForeignKey(KeyUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()  # Chinese
    text_en = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]

    def email(self) -> bool:
        """Mail the notice (Chinese, then English) to the enterprise's active users with an address, through
        Django's mail backend; False when there is none."""
        users = get_user_model().objects.filter(profile__enterprise=self.enterprise, is_active=True).exclude(email="")
        addresses = [u.email for u in users]
        if not addresses:
            return False
        send_mail(f"[CarbonPeak] {self.text[:60]}", f"{self.text}\n\n{self.text_en}", settings.DEFAULT_FROM_EMAIL,
                  addresses)
        self.emailed_at = timezone.now()
        self.save(update_fields=["emailed_at"])
        return True

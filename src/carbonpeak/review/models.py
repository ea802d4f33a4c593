"""Projects under energy review (节能审查), the assessment each decision rests on, the decisions,
and the "两高一低" register with its post-evaluation.

The computation is in the pure modules beside this one (intake, assessment, deviation);
these models keep what was asked, what was computed and what was decided, with invariants
the database holds.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from carbonpeak.monitoring.models import KeyUnit
from carbonpeak.review import intake
from carbonpeak.review.deviation import DEFAULT_MARGIN_PCT, Deviation, deviation
from carbonpeak.review.thresholds import ReviewTier


class ProjectKind(models.TextChoices):
    NEW = intake.ProjectKind.NEW, _("New")  # 新建
    EXPANSION = intake.ProjectKind.EXPANSION, _("Expansion")  # 扩建
    RENOVATION = intake.ProjectKind.RENOVATION, _("Renovation")  # 改建


class Opinion(models.TextChoices):
    """The reviewer's opinion (审查意见)."""

    APPROVE = "approve", _("Approve")
    APPROVE_WITH_CONDITIONS = "approve_with_conditions", _("Approve with conditions")
    REJECT = "reject", _("Reject")


class ProjectStatus(models.TextChoices):
    """Where a project stands: awaiting a decision, or the opinion of its latest decision."""

    PENDING = "pending", _("Awaiting decision")
    APPROVED = Opinion.APPROVE.value, _("Approved")
    APPROVED_WITH_CONDITIONS = Opinion.APPROVE_WITH_CONDITIONS.value, _("Approved with conditions")
    REJECTED = Opinion.REJECT.value, _("Rejected")


APPROVED_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.APPROVED_WITH_CONDITIONS)


class Tier(models.TextChoices):
    EXEMPT = ReviewTier.EXEMPT, _("No separate energy report")
    DISTRICT = ReviewTier.DISTRICT, _("District review")
    CITY = ReviewTier.CITY, _("Municipal review")


class Project(models.Model):
    """A proposed fixed-asset investment project (固定资产投资项目) as its owner declared it.

    The fields are those of `review.intake.parse_project`; `as_input()` gives them back in
    that shape, so a stored project can be assessed again exactly as it was entered.
    """

    public_fields: ClassVar[tuple[str, ...]] = (
        "id", "name", "owner_uscc", "industry_code", "industry_name", "town", "kind", "first_full_year",
        "output_value_10k_cny", "value_added_10k_cny", "value_added_before_10k_cny", "design_pue", "status",
        "operating_since", "created_at",
    )
    INPUT_FIELDS: ClassVar[tuple[str, ...]] = intake.PROJECT_FIELDS

    name = models.CharField(max_length=200)
    owner_uscc = models.CharField(max_length=18)  # 统一社会信用代码 of the owner
    industry_code = models.CharField(max_length=4)  # GB/T 4754-2017 class
    industry_name = models.CharField(max_length=100, blank=True)
    town = models.CharField(max_length=60)  # town, sub-district or park
    kind = models.CharField(max_length=12, choices=ProjectKind.choices)
    energy = models.JSONField(default=list)  # [{energy_type, quantity, unit, use}] at capacity
    energy_before = models.JSONField(default=list, blank=True)  # renovation only
    output_value_10k_cny = models.FloatField()
    value_added_10k_cny = models.FloatField()
    value_added_before_10k_cny = models.FloatField(null=True, blank=True)  # renovation only
    first_full_year = models.PositiveSmallIntegerField()
    products = models.JSONField(default=list, blank=True)
    design_pue = models.FloatField(null=True, blank=True)  # data centres only: the design PUE (设计PUE)
    status = models.CharField(max_length=24, choices=ProjectStatus.choices, default=ProjectStatus.PENDING)
    # The day the plant started operating (投产), set by the office. An approved project without it is
    # "approved, not yet operating": its energy is held against the district's remaining budget
    # (context.committed_projects), since the statistics do not count it yet.
    operating_since = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ProjectKind.values), name="review_project_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=ProjectStatus.values), name="review_project_status_valid"),
            models.CheckConstraint(
                condition=Q(value_added_10k_cny__gt=0, output_value_10k_cny__gte=models.F("value_added_10k_cny")),
                name="review_project_value_added_positive_within_output",
            ),
            models.CheckConstraint(
                condition=Q(first_full_year__gte=1900, first_full_year__lte=2200), name="review_project_year_range"
            ),
            models.CheckConstraint(condition=Q(design_pue__isnull=True) | Q(design_pue__gte=1),
                                   name="review_project_design_pue_at_least_1"),
            # The before-figures belong to a renovation (改建) only: only its increase counts.
            models.CheckConstraint(
                condition=Q(kind=ProjectKind.RENOVATION) | Q(value_added_before_10k_cny__isnull=True),
                name="review_project_before_only_for_renovation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def as_input(self) -> dict[str, Any]:
        """The project in the shape `parse_project` reads (and the CLI's JSON file holds)."""
        data: dict[str, Any] = {f: getattr(self, f) for f in self.INPUT_FIELDS}
        if self.kind != ProjectKind.RENOVATION:
            del data["energy_before"], data["value_added_before_10k_cny"]
        if data["design_pue"] is None:
            del data["design_pue"]
        return data

    @property
    def approved(self) -> bool:
        return self.status in APPROVED_STATUSES

    def latest_assessment(self) -> ProjectAssessment | None:
        return self.assessments.order_by("-made_at", "-id").first()

    def latest_decision(self) -> Decision | None:
        return self.decisions.order_by("-decided_at", "-id").first()


class ProjectAssessment(models.Model):
    """A snapshot of the assessment (`Assessment.as_dict()`) with the factor set, thresholds and
    district figures it used, so that a decision can always show what it was based on.

    Headline figures are copied into columns for the queue and its filters.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assessments")
    made_at = models.DateTimeField(auto_now_add=True)
    factor_set = models.CharField(max_length=120)  # FactorSet.label(): code@version#digest
    thresholds = models.JSONField(default=dict)
    district = models.JSONField(default=dict)  # DistrictContext.as_dict() and its source
    result = models.JSONField(default=dict)  # Assessment.as_dict()
    energy_tce = models.FloatField()  # counted, 当量值
    review_tier = models.CharField(max_length=10, choices=Tier.choices)
    two_high = models.BooleanField()
    two_high_one_low = models.BooleanField()

    class Meta:
        ordering = ["project", "-made_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(review_tier__in=Tier.values), name="review_assessment_tier_valid"),
            # "两高一低" is a kind of "两高".
            models.CheckConstraint(condition=Q(two_high=True) | Q(two_high_one_low=False),
                                   name="review_assessment_one_low_is_two_high"),
        ]

    def __str__(self) -> str:
        return f"{self.project} @ {self.made_at:%Y-%m-%d %H:%M}"


class Decision(models.Model):
    """A reviewer's opinion on a project, with the assessment it was based on.

    A project may be decided more than once (re-submitted, re-examined); all decisions are
    kept and the latest counts (`Project.status` follows it).
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    assessment = models.ForeignKey(ProjectAssessment, on_delete=models.PROTECT, related_name="decisions")
    opinion = models.CharField(max_length=24, choices=Opinion.choices)
    reasons = models.TextField()
    conditions = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["project", "-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(opinion__in=Opinion.values), name="review_decision_opinion_valid"),
            models.CheckConstraint(condition=~Q(reasons=""), name="review_decision_has_reasons"),
            # Conditions go with "approve with conditions", and only with it.
            models.CheckConstraint(
                condition=(Q(opinion=Opinion.APPROVE_WITH_CONDITIONS) & ~Q(conditions=""))
                | (~Q(opinion=Opinion.APPROVE_WITH_CONDITIONS) & Q(conditions="")),
                name="review_decision_conditions_match_opinion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.opinion}"


class Subject(models.TextChoices):
    PROJECT = "project", _("Project")
    PLANT = "plant", _("Existing plant")


class RegisterStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")  # 拟建
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")  # 在建
    OPERATING = "operating", _("Operating")  # 存量


class Disposal(models.TextChoices):
    """Classified handling (分类处置) of a "两高一低" project or plant."""

    KEEP = "keep", _("Keep")
    UPGRADE = "upgrade", _("Upgrade")  # 改造升级
    PHASE_OUT = "phase_out", _("Phase out")  # 淘汰退出


class RegisterEntry(models.Model):
    """One row of the "两高一低" register (清单管理): a reviewed project or an existing plant."""

    public_fields: ClassVar[tuple[str, ...]] = (
        "id", "subject", "name", "owner_uscc", "industry_code", "town", "status", "disposal", "deadline",
        "approved_energy_tce", "monitored_unit_legacy", "deviation_margin_pct",
    )

    subject = models.CharField(max_length=8, choices=Subject.choices)
    project = models.OneToOneField(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="register_entry"
    )
    name = models.CharField(max_length=200)
    owner_uscc = models.CharField(max_length=18)
    industry_code = models.CharField(max_length=4)
    town = models.CharField(max_length=60)
    status = models.CharField(max_length=20, choices=RegisterStatus.choices)
    disposal = models.CharField(max_length=10, choices=Disposal.choices)
    deadline = models.DateField(null=True, blank=True)  # of the upgrade or the phase-out
    approved_energy_tce = models.FloatField(null=True, blank=True)  # annual, 当量值; none for an old plant
    # The monitored key unit (重点用能单位) whose rollups give the actual energy (register_actuals).
    # PROTECT: the actual figures name it as their source, so it cannot vanish under them.
    monitored_unit = models.ForeignKey(KeyUnit, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="register_entries")
    # The free text an older register held, kept where it named no unit, until the office links it.
    monitored_unit_legacy = models.CharField(max_length=60, blank=True)
    deviation_margin_pct = models.FloatField(default=DEFAULT_MARGIN_PCT)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["town", "industry_code", "name"]
        verbose_name_plural = "register entries"
        constraints = [
            models.UniqueConstraint(fields=["owner_uscc", "name"], name="review_register_once_per_owner_and_name"),
            models.CheckConstraint(condition=Q(subject__in=Subject.values), name="review_register_subject_valid"),
            models.CheckConstraint(condition=Q(status__in=RegisterStatus.values), name="review_register_status_valid"),
            models.CheckConstraint(condition=Q(disposal__in=Disposal.values), name="review_register_disposal_valid"),
            # A project row points at its project; a plant row at none.
            models.CheckConstraint(
                condition=Q(subject=Subject.PROJECT, project__isnull=False)
                | Q(subject=Subject.PLANT, project__isnull=True),
                name="review_register_project_matches_subject",
            ),
            # Upgrading or phasing out needs a date to hold the owner to.
            models.CheckConstraint(condition=Q(disposal=Disposal.KEEP) | Q(deadline__isnull=False),
                                   name="review_register_deadline_unless_kept"),
            models.CheckConstraint(condition=Q(approved_energy_tce__isnull=True) | Q(approved_energy_tce__gte=0),
                                   name="review_register_approved_not_negative"),
            models.CheckConstraint(condition=Q(deviation_margin_pct__gte=0),
                                   name="review_register_margin_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def latest_actual(self) -> ActualEnergy | None:
        # Prefetched rows are used as they are (the register lists many entries at once).
        rows = list(self.actuals.all())
        return max(rows, key=lambda a: a.year) if rows else None

    @property
    def unit_code(self) -> str | None:
        unit = self.monitored_unit
        return None if unit is None else unit.code

    def latest_deviation(self) -> Deviation | None:
        """The latest whole year against the approved level; a later partial year (year to date, or a
        year metering began in) only when it is already above the limit, since it can only grow."""
        rows = sorted(self.actuals.all(), key=lambda a: a.year)
        whole = [a for a in rows if not a.partial]
        found = None
        if whole:
            a = whole[-1]
            found = deviation(a.year, self.approved_energy_tce, a.energy_tce, self.deviation_margin_pct)
        later = [a for a in rows if a.partial and (not whole or a.year > whole[-1].year)]
        if later:
            a = later[-1]
            early = deviation(a.year, self.approved_energy_tce, a.energy_tce, self.deviation_margin_pct, partial=True)
            if early is not None and early.alert:
                return early
        return found


class ActualOrigin(models.TextChoices):
    """Where an actual figure comes from."""

    MONITORING = "monitoring", _("Monitoring")  # 监测: the linked unit's rollups (register_actuals)
    TYPED = "typed", _("Typed")  # 填报: typed by the office, for a plant no unit is linked to


class ActualEnergy(models.Model):
    """The plant's actual annual energy in a year after commissioning (post-evaluation), tce 当量值.

    From monitoring (the linked unit's monthly rollups, `register_actuals.refresh_register_actuals`)
    or typed by the office (unmetered plants only). `partial`: not the whole year (the year to date,
    or a year in which metering began); `provenance` says which months, how complete, which factors.
    """

    entry = models.ForeignKey(RegisterEntry, on_delete=models.CASCADE, related_name="actuals")
    year = models.PositiveSmallIntegerField()
    energy_tce = models.FloatField()
    source = models.CharField(max_length=200)  # statistics report, energy audit, monitoring system…
    origin = models.CharField(max_length=10, choices=ActualOrigin.choices, default=ActualOrigin.TYPED)
    partial = models.BooleanField(default=False)
    provenance = models.JSONField(default=dict, blank=True)
    entered_at = models.DateTimeField(auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["entry", "year"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "year"], name="review_actual_once_per_year"),
            models.CheckConstraint(condition=Q(energy_tce__gte=0), name="review_actual_not_negative"),
            models.CheckConstraint(condition=~Q(source=""), name="review_actual_has_source"),
            models.CheckConstraint(condition=Q(origin__in=ActualOrigin.values), name="review_actual_origin_valid"),
            # A typed figure is a whole year's (a statistics report, an audit); only metering has a year to date.
            models.CheckConstraint(condition=Q(origin=ActualOrigin.MONITORING) | Q(partial=False),
                                   name="review_actual_typed_is_whole_year"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} {self.year}: {self.energy_tce} tce"

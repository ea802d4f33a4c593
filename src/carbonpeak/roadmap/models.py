"""Scenarios of the carbon-peak roadmap (碳达峰路线图情景) as users keep them, with every saved version.

The computation is the pure engine beside this module (`scenario`, `analysis`, …); a row here is a
`ScenarioSpec` in stored form (`services.to_spec`). A scenario inherits from its parent and keeps
only what it changes: parameter overrides and its own measures (措施).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language


class Scenario(models.Model):
    """情景: a named set of parameter overrides and measures on top of its parent.

    `bundled` scenarios (the baseline and the plan, from the engine's data file) are kept as the
    software ships them: `carbonpeak setup` refreshes them, users change them only by saving a
    child. `version` counts saves; each save leaves a `ScenarioVersion` with the full snapshot.
    """

    public_fields: ClassVar[tuple[str, ...]] = (
        "slug", "name_zh", "name_en", "overrides", "measures", "description", "bundled", "version", "updated_at",
    )
    SNAPSHOT_FIELDS: ClassVar[tuple[str, ...]] = (
        "slug", "name_zh", "name_en", "parent", "overrides", "measures", "description",
    )

    slug = models.SlugField(max_length=64, unique=True)  # the scenario id of the engine, CLI and API
    name_zh = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    # PROTECT: a scenario with children is not deleted (their values would change under them).
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    overrides = models.JSONField(default=dict, blank=True)  # {parameter path: value}
    measures = models.JSONField(default=list, blank=True)  # [{id, kind, label_zh, label_en, params, enabled}]
    description = models.TextField(blank=True)
    bundled = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-bundled", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="roadmap_scenario_not_own_parent"),
            models.CheckConstraint(condition=Q(version__gte=1), name="roadmap_scenario_version_from_one"),
            models.CheckConstraint(condition=~Q(slug=""), name="roadmap_scenario_has_slug"),
            models.CheckConstraint(condition=~Q(name_zh="") | ~Q(name_en=""), name="roadmap_scenario_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def shown_name(self) -> str:
        """The name in the reader's language (the other one when it is empty); the slug is for machines."""
        english = (get_language() or "").startswith("en")
        return (self.name_en or self.name_zh) if english else (self.name_zh or self.name_en)

    def snapshot(self) -> dict[str, Any]:
        """What a version keeps: everything that defines the scenario, the parent by its slug."""
        return {
            "slug": self.slug,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "parent": self.parent.slug if self.parent_id is not None and self.parent else None,
            "overrides": dict(self.overrides),
            "measures": list(self.measures),
            "description": self.description,
        }


class ScenarioVersion(models.Model):
    """One saved state of a scenario (情景版本), kept so that any two can be compared."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    comment = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["scenario", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "version"], name="roadmap_version_once_per_scenario"),
            models.CheckConstraint(condition=Q(version__gte=1), name="roadmap_version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.scenario} v{self.version}"


class CachedRun(models.Model):
    """A computed result kept so that pages (the dashboard above all) need not run the model again.

    `key` digests everything the result depends on: the resolved scenarios' definitions, the
    engine's data files, the number of runs, the seed and the horizon (`services.run_key`).
    """

    key = models.CharField(max_length=64, unique=True)
    result = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.key[:12]

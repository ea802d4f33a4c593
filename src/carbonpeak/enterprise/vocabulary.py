"""The enterprise room's closed vocabularies: a filing's status and the steps that move it.

Pure module (no Django). A filing is the unit's yearly 能源利用状况报告 (energy-use report).
"""

from __future__ import annotations

from enum import StrEnum


class FilingStatus(StrEnum):
    DRAFT = "draft"  # opened (prefilled), being corrected by the enterprise
    SUBMITTED = "submitted"  # with the office
    RETURNED = "returned"  # back with the enterprise, with the office's comment
    ACCEPTED = "accepted"  # the office took it; nothing changes it any more


class FilingStep(StrEnum):
    OPEN = "open"  # the filing is created, prefilled from the monitored data
    SAVE = "save"
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"


class ReportPart(StrEnum):
    """Which of a unit's two yearly reports a step was taken on; they share one workflow."""

    ENERGY = "energy"  # 能源利用状况报告
    GHG = "ghg"  # 温室气体排放报告, opened from the accepted energy-use report


class Party(StrEnum):
    """How the acting user stands to a filing."""

    FILER = "filer"  # a user of the enterprise owning the unit
    OFFICE = "office"  # the reviewing office
    OTHER = "other"  # departments, leaders, other enterprises: they read at most


STATUS_LABELS: dict[FilingStatus, tuple[str, str]] = {
    FilingStatus.DRAFT: ("草稿", "Draft"),
    FilingStatus.SUBMITTED: ("已报送", "Submitted"),
    FilingStatus.RETURNED: ("已退回", "Returned"),
    FilingStatus.ACCEPTED: ("已受理", "Accepted"),
}

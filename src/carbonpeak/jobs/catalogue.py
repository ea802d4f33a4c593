"""The periodic jobs of the product: what each runs in its room and which of its counts are changes.

Each job takes the day it runs for and who runs it, and returns counts of what it did; running it
again with no new data changes nothing (its change counts are zero). Rooms are imported inside
the job functions, so listing the jobs (the CLI's choices, the status page) loads no room.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class JobContext:
    as_of: dt.date  # the day the job runs for (local)
    now: dt.datetime  # aware; the end of `as_of` when a past day is asked for
    actor_label: str


@dataclass(frozen=True)
class Job:
    name: str
    label: str | Promise
    run: Callable[[JobContext], Mapping[str, Any]]
    # Counts that report what was looked at, not what changed.
    unchanged: frozenset[str] = frozenset()

    def changed(self, counts: Mapping[str, Any]) -> int:
        return sum(int(v) for k, v in counts.items() if k not in self.unchanged and isinstance(v, int | float))


def _plan() -> Any:
    from carbonpeak.plan.queries import current_plan_or_none

    return current_plan_or_none()


def _derive(ctx: JobContext) -> dict[str, int]:
    from carbonpeak.indicators.derive import derive_all

    plan = _plan()
    counts = {"created": 0, "updated": 0, "unchanged": 0, "not_derived": 0}
    if plan is None:
        return counts
    for outcome in derive_all(plan, actor_label=ctx.actor_label, as_of=ctx.as_of):
        if outcome.summary is None:
            counts["not_derived"] += 1
            continue
        counts["created"] += outcome.summary.created
        counts["updated"] += outcome.summary.updated
        counts["unchanged"] += outcome.summary.unchanged
    return counts


def _warn(ctx: JobContext) -> dict[str, int]:
    from carbonpeak.indicators.warnings import raise_warnings

    plan = _plan()
    if plan is None:
        return {}
    return dataclasses.asdict(raise_warnings(plan, ctx.as_of, actor_label=ctx.actor_label))


def _alerts(ctx: JobContext) -> dict[str, int]:
    from carbonpeak.monitoring.alerts.services import evaluate

    return evaluate(ctx.now, actor_label=ctx.actor_label).as_dict()


def _remind(ctx: JobContext) -> dict[str, int]:
    from carbonpeak.supervision.notify import run

    plan = _plan()
    if plan is None:
        return {}
    return dataclasses.asdict(run(plan, ctx.as_of))


def _enterprise_remind(ctx: JobContext) -> dict[str, int]:
    from carbonpeak.enterprise.notify import run

    return dataclasses.asdict(run(ctx.as_of))


def _register(ctx: JobContext) -> Mapping[str, int]:
    from carbonpeak.review.register import refresh_register_actuals

    return refresh_register_actuals(ctx.as_of, actor_label=ctx.actor_label)


def _progress(ctx: JobContext) -> Mapping[str, int]:
    from carbonpeak.roadmap.tracking import refresh_progress

    return refresh_progress(ctx.as_of, actor_label=ctx.actor_label)


class AuditChainBroken(RuntimeError):
    """The change records' hash chain does not hold: the run fails, naming the first broken link."""


def _audit(ctx: JobContext) -> dict[str, int]:
    from carbonpeak.audit.verify import verify

    checked, broken = verify()
    if broken is not None:
        raise AuditChainBroken(broken.describe())
    return {"records": checked}


JOBS: tuple[Job, ...] = (
    Job("monitoring.alerts", _("Monitoring alerts"), _alerts, frozenset({"kept"})),
    Job("indicators.derive", _("Indicators derived from data"), _derive, frozenset({"unchanged", "not_derived"})),
    Job("review.register_actuals", _("Register: actual energy from the meters"), _register,
        frozenset({"entries", "unchanged"})),
    Job("indicators.warn", _("Early warnings"), _warn),
    Job("supervision.remind", _("Supervision reminders"), _remind),
    Job("enterprise.remind", _("Filing-deadline reminders to enterprises"), _enterprise_remind,
        frozenset({"pending"})),
    Job("roadmap.progress", _("Roadmap progress scenario"), _progress, frozenset({"cached", "skipped"})),
    Job("audit.verify", _("Audit trail check"), _audit, frozenset({"records"})),
)
BY_NAME = {j.name: j for j in JOBS}

"""The energy review with the database: check and assess a project against the stored district,
store it with its assessment snapshot, record decisions. Every write is one transaction and
leaves a change record; bad input raises ReviewInputError listing every issue, storing nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from carbonpeak.accounting.services import resolve_factor_set
from carbonpeak.audit.models import ChangeAction, ChangeRecord, stored_actor
from carbonpeak.common.issues import InputIssue
from carbonpeak.common.limits import InputTooLarge, load_json
from carbonpeak.people.permissions import AnyUser, Permission, can
from carbonpeak.plan.queries import known_places
from carbonpeak.review.assessment import Assessment, assess
from carbonpeak.review.district import DistrictContext
from carbonpeak.review.intake import (
    PROJECT_FIELDS,
    WHERE,
    ProjectInput,
    ReviewInputError,
    load_project_json,
    parse_project,
)
from carbonpeak.review.models import Decision, Opinion, Project, ProjectAssessment
from carbonpeak.review.queries import district_context
from carbonpeak.review.thresholds import load_thresholds

DECISION = "审查意见 / decision"
NAME_MAX = Project._meta.get_field("name").max_length or 200
User = AnyUser | None


def _top_field(issue: InputIssue) -> str:
    return re.split(r"[\[.]", issue.field, maxsplit=1)[0]


def _field_order(issue: InputIssue) -> int:
    top = _top_field(issue)
    return PROJECT_FIELDS.index(top) if top in PROJECT_FIELDS else len(PROJECT_FIELDS)


def check_project(data: Mapping[str, Any]) -> ProjectInput:
    """`parse_project` plus the district's list of towns and what the database can hold; every issue
    at once, in field order. The town is kept by its stored (Chinese) name however it was written
    (漕泾镇, Caojing Town, caojing: `places.Places`)."""
    issues: list[InputIssue] = []
    checked = None
    try:
        checked = parse_project(data)
    except ReviewInputError as exc:
        issues = list(exc.issues)
    name = data.get("name")
    if isinstance(name, str) and len(name.strip()) > NAME_MAX:
        issues.append(InputIssue(WHERE, "name", f"不能超过 {NAME_MAX} 字 / at most {NAME_MAX} characters"))
    town = data.get("town")
    places = known_places()
    if isinstance(town, str) and (problem := places.problem(town.strip())):
        issues.append(InputIssue(WHERE, "town", problem))
    if issues or checked is None:
        raise ReviewInputError(sorted(issues, key=_field_order))
    return dataclasses.replace(checked, town=places.canonical(checked.town) or checked.town)


def check_project_json(text: str) -> ProjectInput:
    """`check_project` of JSON text (the file of `carbonpeak review assess`)."""
    try:
        data = load_json(text, "json")
    except InputTooLarge:
        data = None
    if not isinstance(data, dict):
        return load_project_json(text)  # refuses it with the JSON syntax or shape issue
    return check_project(data)


def _assess(project: ProjectInput, exclude_project: int | None = None) -> tuple[Assessment, DistrictContext]:
    """`exclude_project`: a stored project assessed again is not held against its own budget."""
    context = district_context(exclude_project=exclude_project)
    return assess(project, resolve_factor_set(), context, load_thresholds()), context


def assess_checked(project: ProjectInput) -> Assessment:
    """Assess with the plan's factor set, the stored district and the bundled thresholds. Stores nothing."""
    return _assess(project)[0]


def assess_data(data: Mapping[str, Any]) -> Assessment:
    return assess_checked(check_project(data))


WITHHELD = ("impact", "comparison.district")


def answer_for(user: AnyUser, answer: dict[str, Any]) -> dict[str, Any]:
    """The assessment as this user may see it.

    Who holds VIEW_REVIEW sees everything. Others (department and enterprise users trying a
    project) see the project's own figures, tier and "两高" class, but not the district's
    remaining budget or intensity path, which are district figures (docs/architecture.md, Access).
    """
    if can(user, Permission.VIEW_REVIEW):
        return answer
    comparison = {k: v for k, v in answer["comparison"].items() if k != "district"}
    return {**answer, "impact": None, "comparison": comparison, "withheld": list(WITHHELD)}


def _record(user: User, label: str, entity: str, key: str, action: ChangeAction, after: dict[str, Any],
            reason: str, before: dict[str, Any] | None = None) -> None:
    ChangeRecord.objects.create(actor=stored_actor(user), actor_label=label, entity=entity, entity_key=key,
                                action=action, before=before or {}, after=after, reason=reason)


def _snapshot(project: Project, result: Assessment, context: DistrictContext) -> ProjectAssessment:
    return ProjectAssessment.objects.create(
        project=project,
        factor_set=result.factor_set,
        thresholds=result.thresholds.as_dict(),
        district=context.as_dict(),
        result=result.as_dict(),
        energy_tce=result.counted.energy_tce,
        review_tier=result.tier.value,
        two_high=result.two_high,
        two_high_one_low=result.two_high_one_low,
    )


@transaction.atomic
def store_project(data: Mapping[str, Any], *, user: User = None, actor_label: str) -> Project:
    """Check, assess and store a project with its assessment snapshot (status: awaiting decision)."""
    checked = check_project(data)
    result, context = _assess(checked)
    project = Project.objects.create(**checked.as_dict(), created_by=stored_actor(user), created_by_label=actor_label)
    _snapshot(project, result, context)
    _record(user, actor_label, "review_project", str(project.pk), ChangeAction.CREATED,
            {"name": project.name, "owner_uscc": project.owner_uscc, "review_tier": result.tier.value,
             "energy_tce": result.counted.energy_tce}, reason="project intake")
    return project


@transaction.atomic
def reassess(project: Project, *, user: User = None, actor_label: str) -> ProjectAssessment:
    """Assess a stored project again with today's factors and district data (a new snapshot)."""
    result, context = _assess(parse_project(project.as_input()), exclude_project=project.pk)
    snapshot = _snapshot(project, result, context)
    _record(user, actor_label, "review_project", str(project.pk), ChangeAction.UPDATED,
            {"assessment": snapshot.pk, "factor_set": snapshot.factor_set, "energy_tce": snapshot.energy_tce},
            reason="assessed again")
    return snapshot


def _decision_issues(opinion: str, reasons: str, conditions: str) -> list[InputIssue]:
    issues = []
    if opinion not in Opinion.values:
        allowed = ", ".join(Opinion.values)
        issues.append(InputIssue(DECISION, "opinion", f"应为 {allowed} 之一 / must be one of {allowed}: {opinion!r}"))
    if not reasons:
        issues.append(InputIssue(DECISION, "reasons", "须说明理由 / give the reasons"))
    if opinion == Opinion.APPROVE_WITH_CONDITIONS and not conditions:
        issues.append(InputIssue(DECISION, "conditions", "附条件通过须写明条件 / state the conditions"))
    if opinion in (Opinion.APPROVE, Opinion.REJECT) and conditions:
        issues.append(InputIssue(DECISION, "conditions",
                                 "仅附条件通过时填写条件 / conditions go with approve_with_conditions only"))
    return issues


@transaction.atomic
def record_decision(project: Project, *, opinion: str, reasons: str, conditions: str = "", user: User = None,
                    actor_label: str) -> Decision:
    """The reviewer's opinion on the latest assessment; the project's status follows it."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    reasons, conditions = reasons.strip(), conditions.strip()
    issues = _decision_issues(opinion, reasons, conditions)
    snapshot = project.latest_assessment()
    if snapshot is None:
        issues.append(InputIssue(DECISION, "assessment", "尚无评估 / the project has no assessment"))
    elif opinion == Opinion.APPROVE:
        # A finding (a data centre's design PUE above the limit) rules out approving the design as it is.
        issues += [InputIssue(DECISION, "opinion", f"{f['message_zh']}：不能直接通过，可附条件通过或不予通过 / "
                              f"{f['message_en']}: approve with conditions or reject")
                   for f in snapshot.result.get("findings", [])]
    if issues or snapshot is None:
        raise ReviewInputError(issues)
    decision = Decision.objects.create(project=project, assessment=snapshot, opinion=opinion, reasons=reasons,
                                       conditions=conditions, decided_by=stored_actor(user),
                                       decided_by_label=actor_label)
    before = project.status
    project.status = opinion
    project.save(update_fields=["status"])
    _record(user, actor_label, "review_project", str(project.pk), ChangeAction.UPDATED,
            {"status": opinion, "decision": decision.pk, "assessment": snapshot.pk}, reason="decision",
            before={"status": before})
    return decision


OPERATING = "投产 / operating"


@transaction.atomic
def set_operating(project: Project, operating_since: Any, *, user: User = None, actor_label: str) -> Project:
    """The day an approved project started operating (投产), or none to undo a mistaken date.

    From that day its energy is left to the statistics and no longer held against the remaining budget
    (context.committed_projects)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    text = "" if operating_since is None else str(operating_since).strip()
    day = None
    issues: list[InputIssue] = []
    if text:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            issues.append(InputIssue(OPERATING, "operating_since", f"须为日期 YYYY-MM-DD / must be a date: {text!r}"))
        else:
            if day > dt.date.today():
                issues.append(InputIssue(OPERATING, "operating_since",
                                         f"不能晚于今天 / must not be in the future: {text}"))
    if day is not None and not project.approved:
        issues.append(InputIssue(OPERATING, "operating_since",
                                 "仅已通过的项目可标记投产 / only an approved project can start operating"))
    if issues:
        raise ReviewInputError(issues)
    before = project.operating_since
    if before == day:
        return project
    project.operating_since = day
    project.save(update_fields=["operating_since"])
    _record(user, actor_label, "review_project", str(project.pk), ChangeAction.UPDATED,
            {"operating_since": None if day is None else day.isoformat()}, reason="operating",
            before={"operating_since": None if before is None else before.isoformat()})
    return project

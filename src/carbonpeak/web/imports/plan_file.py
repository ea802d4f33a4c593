"""The plan file's import page (the `http.imports` contract), with the plan room's own parse and store.

`carbonpeak plan load` and this page read the file with `plan_file.parse_plan_text` and store it with
`services.store_plan` (one transaction, a ChangeRecord per changed object, a PlanRevision). The preview runs
that store in a transaction that is rolled back (`http.imports.dry_run`), so its list of what would be added,
changed and removed is the store's own. The importer lives in the web room because the plan room sits below
`http` (the contract's module) in the layers."""

from __future__ import annotations

import hashlib
from collections import Counter
from importlib import resources

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbonpeak.audit.actors import of_request
from carbonpeak.audit.models import ChangeAction, ChangeRecord
from carbonpeak.common.limits import InputTooLarge, decode_text
from carbonpeak.http import import_checks as checks
from carbonpeak.http.imports import Importer, ImportPreview, dry_run
from carbonpeak.people.permissions import Permission
from carbonpeak.plan.plan_file import PlanFileError, PlanSpec, parse_plan_text
from carbonpeak.plan.services import LoadResult, store_plan

SAMPLE_CHANGES = 50
ENTITIES = (
    ("plan", gettext_lazy("Plan")), ("department", gettext_lazy("Departments")),
    ("action", gettext_lazy("Actions")), ("measure", gettext_lazy("Measures")), ("task", gettext_lazy("Tasks")),
    ("indicator", gettext_lazy("Indicators")), ("place_targets", gettext_lazy("Targets of places")),
)
ACTIONS = dict(ChangeAction.choices)


def _store(spec: PlanSpec, content: bytes, name: str, request: HttpRequest) -> LoadResult:
    actor = request.user if isinstance(request.user, User) else None
    return store_plan(spec, file_name=name, content_sha256=hashlib.sha256(content).hexdigest(), actor=actor,
                      actor_label=of_request(request))


def _summary(counts: Counter[str]) -> list[str]:
    lines = []
    for entity, label in ENTITIES:
        n = {a: counts.get(f"{entity}.{a}", 0) for a in ChangeAction.values}
        if any(n.values()):
            lines.append(_("%(what)s: %(created)s added, %(updated)s changed, %(deleted)s removed") % {
                "what": label, "created": n["created"], "updated": n["updated"], "deleted": n["deleted"]})
    return lines or [_("The file holds the plan as it is stored: nothing would change.")]


def check(content: bytes, name: str, request: HttpRequest) -> ImportPreview:
    try:
        spec = parse_plan_text(decode_text(content), source_name=name)
    except (InputTooLarge, PlanFileError) as exc:
        return checks.refused(checks.refusal_problems(exc, name))

    def store_and_list() -> tuple[Counter[str], list[tuple[str, str, str]]]:
        last = ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        counts = Counter(_store(spec, content, name, request).counts)
        changes = ChangeRecord.objects.filter(pk__gt=last).order_by("pk")
        return counts, list(changes.values_list("entity", "entity_key", "action")[:SAMPLE_CHANGES])

    try:
        counts, changes = dry_run(store_and_list)
    except PlanFileError as exc:
        return checks.refused(checks.refusal_problems(exc, name))
    labels = dict(ENTITIES)
    return ImportPreview(
        rows_total=0, rows_ok=0,
        summary=[_("%(title)s (%(number)s)") % {"title": spec.title, "number": spec.document_number},
                 *_summary(counts)],
        header=[_("What"), _("Which"), _("Change")],
        sample=[[str(labels.get(entity, entity)), key, str(ACTIONS.get(action, action))]
                for entity, key, action in changes],
    )


def store(content: bytes, name: str, request: HttpRequest) -> str:
    spec = parse_plan_text(decode_text(content), source_name=name)
    result = _store(spec, content, name, request)
    if not result.changed:
        return _("The plan file was loaded: nothing changed.")
    return _("The plan file was loaded: %(changes)s.") % {"changes": "; ".join(_summary(Counter(result.counts)))}


def example() -> tuple[bytes, str]:
    """The bundled plan file: the shape every plan file has (docs/plan-data.md describes it)."""
    path = resources.files("carbonpeak") / "data" / "plans" / "jinshan-2023.yaml"
    return path.read_bytes(), "jinshan-2023.yaml"


IMPORTERS = [
    Importer(
        kind="plan",
        title=gettext_lazy("Plan file"),
        permission=Permission.LOAD_PLAN,
        extensions=("yaml", "yml"),
        check=check,
        store=store,
        done_url=lambda: reverse("plan:task_list"),
        description=gettext_lazy("The implementation plan as one YAML file: departments, actions, measures, tasks "
                                 "and indicators. Loading it updates the stored plan in place: what the file no "
                                 "longer holds is removed (departments are kept), and every change is recorded."),
        example_file=example,
        notes=(gettext_lazy("The example is the bundled plan: download it, edit it, and import it again."),),
    ),
]

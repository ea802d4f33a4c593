"""The import pages: the index, a kind's form, the preview of a staged file, the confirmation, the downloads.

Each view checks the importer's permission first (`people.permissions`). Nothing is stored before the confirmation;
the confirmation stores inside one transaction, and a refusal of the room's `store` shows on the preview page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carbonpeak.common.limits import InputTooLarge
from carbonpeak.common.problems import Problem, Refused
from carbonpeak.http import import_checks as checks
from carbonpeak.http.downloads import XLSX, attachment
from carbonpeak.http.imports import Importer, ImportPreview
from carbonpeak.people.permissions import ensure
from carbonpeak.web.imports import registry, staging
from carbonpeak.web.imports.workbook import template_xlsx
from carbonpeak.web.models import StagedUpload


def _importer(request: HttpRequest, kind: str) -> Importer:
    importer = registry.find(kind)
    if importer is None:
        raise Http404(kind)
    ensure(request.user, importer.permission)
    return importer


def _extensions(importer: Importer) -> str:
    return checks.joined(f".{e}" for e in importer.extensions)


def _column_rows(importer: Importer) -> list[dict[str, Any]]:
    """The columns table: each column by its header, its allowed values listed, in the reader's language."""
    return [{"header": checks.heading(c), "required": c.required, "allowed": checks.joined(c.allowed), "note": c.note,
             "example": c.example} for c in importer.columns]


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    importers = registry.permitted(request.user)
    if not importers:
        raise PermissionDenied("import")
    return render(request, "web/imports/index.html", {"importers": importers})


def _upload_problem(importer: Importer, upload: UploadedFile | None) -> tuple[str, int] | None:
    """What is wrong with the chosen file before it is read (the message and the status), or None."""
    if upload is None:
        return _("Choose a file."), 422
    name = (upload.name or "").lower()
    if not name.endswith(tuple(f".{e}" for e in importer.extensions)):
        return _("This import reads files ending in %(ext)s.") % {"ext": _extensions(importer)}, 422
    if not upload.size:
        return _("The file is empty."), 422
    if upload.size > importer.max_bytes:
        return _("The file is larger than %(limit)s; split it and import the parts one after another.") % {
            "limit": checks.megabytes(importer.max_bytes)}, 413
    return None


def _form(request: HttpRequest, importer: Importer, error: str = "", status: int = 200) -> HttpResponse:
    return render(request, "web/imports/form.html", {"importer": importer, "error": error,
                                                     "accept": ",".join(f".{e}" for e in importer.extensions),
                                                     "formats": _extensions(importer),
                                                     "columns": _column_rows(importer),
                                                     "limit": checks.megabytes(importer.max_bytes)}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer(request, kind)
    if request.method == "GET":
        return _form(request, importer)
    chosen = request.FILES.get("file")
    if (problem := _upload_problem(importer, chosen)) is not None:
        return _form(request, importer, *problem)
    assert chosen is not None
    content = chosen.read(importer.max_bytes + 1)
    if len(content) > importer.max_bytes:  # the declared size lied
        return _form(request, importer, _("The file is larger than %(limit)s; split it and import the parts one "
                                          "after another.") % {"limit": checks.megabytes(importer.max_bytes)}, 413)
    row = staging.stage(request.user, kind, chosen.name or kind, content)  # type: ignore[arg-type]
    return redirect("web:imports:preview", kind=kind, pk=row.pk)


def _checked(importer: Importer, row: StagedUpload, request: HttpRequest) -> ImportPreview:
    """The importer's preview; a refusal it raised instead of listing (a room's error family, a file beyond
    the limits) becomes the preview's problems, so the page shows it and nothing more happens."""
    try:
        return importer.check(bytes(row.content), row.file_name, request)
    except (Refused, InputTooLarge) as exc:
        return checks.refused(checks.refusal_problems(exc, row.file_name))


def _problem_rows(importer: Importer, problems: list[Problem]) -> list[dict[str, Any]]:
    """行 / 字段 / 原因 in the reader's language: a column's field (its code or its English header) shown as
    its header, whether or not the room named it so already."""
    language = get_language()
    return [{"row": p.row, "field": p.field, "reason": p.reason_in(language)}
            for p in checks.shown(problems, importer.columns)]


def _preview_page(request: HttpRequest, importer: Importer, row: StagedUpload, preview: ImportPreview,
                  refused: list[Problem] | None = None, status: int = 200) -> HttpResponse:
    problems = list(preview.problems)
    skipped = preview.rows_total - preview.rows_ok
    return render(request, "web/imports/preview.html", {
        "importer": importer, "staged": row, "preview": preview, "problems": _problem_rows(importer, problems),
        "refused": _problem_rows(importer, refused or []), "skipped": max(skipped, 0),
        "partial": preview.partial_allowed and bool(problems) and preview.may_store,
    }, status=status)


def _gone(request: HttpRequest, kind: str) -> HttpResponse:
    messages.error(request, _("That upload is no longer kept (a newer file replaced it, or a day has passed). "
                              "Choose the file again."))
    return redirect("web:imports:upload", kind=kind)


@require_GET
@login_required
def preview(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    importer = _importer(request, kind)
    row = staging.staged(request.user, kind, pk)
    if row is None:
        return _gone(request, kind)
    return _preview_page(request, importer, row, _checked(importer, row, request))


@require_POST
@login_required
def confirm(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    importer = _importer(request, kind)
    row = staging.staged(request.user, kind, pk)
    if row is None or request.POST.get("sha256") != row.sha256:
        return _gone(request, kind)
    content = bytes(row.content)
    try:
        with transaction.atomic():
            message = importer.store(content, row.file_name, request)
    except (Refused, InputTooLarge) as exc:
        refused = checks.refusal_problems(exc, row.file_name)
    else:
        row.delete()
        messages.success(request, str(message))
        return redirect(importer.done_url())
    return _preview_page(request, importer, row, _checked(importer, row, request), refused, status=422)


@require_POST
@login_required
def discard(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _importer(request, kind)
    row = staging.staged(request.user, kind, pk)
    if row is not None:
        row.delete()
    return redirect("web:imports:upload", kind=kind)


@require_GET
@login_required
def template(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer(request, kind)
    if not importer.columns:
        raise Http404(kind)
    english = checks.english()
    name = f"{kind}-template.xlsx" if english else f"{importer.title}模板.xlsx"
    return attachment(template_xlsx(importer, english), name, XLSX)


@require_GET
@login_required
def example(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer(request, kind)
    if importer.example_file is None:
        raise Http404(kind)
    content, name = importer.example_file()
    return attachment(content, name, "application/octet-stream")

"""The public site (/public/): no login; every record comes from `queries` (the allowlist in `fields.py`).

Citizens may leave a message on a task or indicator page; it waits for the office and is never shown
before the office publishes its answer.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from carbonpeak.caching.pages import cached_page
from carbonpeak.public import queries, ratelimit, services
from carbonpeak.public.models import FEEDBACK_MAX_CHARS, SubjectKind

FEEDBACK_FIELDS = ("name", "contact", "text")
HONEYPOT = "website"  # hidden from people; a bot fills it in


@require_GET
@cached_page(shared=True)  # one page for every visitor, per language, until the next write
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", queries.home_page())


def _feedback(request: HttpRequest, subject: SubjectKind, key: str) -> tuple[HttpResponse | None, dict[str, Any]]:
    """Handle a posted message: a redirect when taken (or silently dropped), else the form to show again."""
    form: dict[str, Any] = {"values": {f: "" for f in FEEDBACK_FIELDS}, "errors": {}, "max": FEEDBACK_MAX_CHARS,
                            "status": 200}
    if request.method != "POST":
        return None, form
    values = {f: str(request.POST.get(f, "")) for f in FEEDBACK_FIELDS}
    form["values"] = values
    if request.POST.get(HONEYPOT):
        # A bot: answered as if taken, so it learns nothing, and nothing is stored.
        messages.success(request, _("Thank you. Your message waits for the office."))
        return redirect(request.path), form
    problems = services.check_feedback(values)
    if problems:
        form["errors"] = {p.field: p.reason for p in problems}
        form["status"] = 400
        return None, form
    if not ratelimit.allow(request):
        form["errors"] = {"text": _("Too many messages from your address; please try again later.")}
        form["status"] = 429
        return None, form
    services.submit_feedback(subject, key, values)
    messages.success(request, _("Thank you. Your message waits for the office."))
    return redirect(request.path + "#feedback"), form


@require_http_methods(["GET", "POST"])
@cached_page(shared=True)  # GET only; a posted message is never kept
def task(request: HttpRequest, number: int) -> HttpResponse:
    page = queries.task_page(number)
    if page is None:
        raise Http404
    done, form = _feedback(request, SubjectKind.TASK, str(number))
    if done is not None:
        return done
    return render(request, "public/task.html", {"task": page, "form": form}, status=form["status"])


@require_http_methods(["GET", "POST"])
@cached_page(shared=True)  # GET only; a posted message is never kept
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    page = queries.indicator_page(code)
    if page is None:
        raise Http404
    done, form = _feedback(request, SubjectKind.INDICATOR, code)
    if done is not None:
        return done
    return render(request, "public/indicator.html", {"indicator": page, "form": form}, status=form["status"])

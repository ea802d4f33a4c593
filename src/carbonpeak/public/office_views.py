"""The office's pages for the public site: what is published, and the queue of citizens' messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carbonpeak.audit import actors
from carbonpeak.people.permissions import Permission, require
from carbonpeak.public import services
from carbonpeak.public.models import Feedback
from carbonpeak.public.problems import PublicInputError
from carbonpeak.public.queries import office_items
from carbonpeak.public.vocabulary import MAX_ID


@require_GET
@login_required
@require(Permission.PUBLISH)
def publications(request: HttpRequest) -> HttpResponse:
    return render(request, "public/office/publications.html", office_items())


@require_POST
@login_required
@require(Permission.PUBLISH)
def publish(request: HttpRequest) -> HttpResponse:
    published = request.POST.get("published") == "1"
    try:
        services.set_publication(request.POST.get("kind", ""), request.POST.get("key", ""), published,
                                 user=request.user, actor_label=actors.of_request(request))
    except PublicInputError as exc:
        messages.error(request, f"{exc.field}: {exc.reason}")
    else:
        messages.success(request, _("Published.") if published else _("Withdrawn from the public site."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "public:office")


@require_GET
@login_required
@require(Permission.PUBLISH)
def feedback_queue(request: HttpRequest) -> HttpResponse:
    waiting = Feedback.objects.filter(answer_published=False)
    answered = Feedback.objects.filter(answer_published=True)[:50]
    return render(request, "public/office/feedback.html", {"waiting": waiting, "answered": answered})


@require_http_methods(["POST"])
@login_required
@require(Permission.PUBLISH)
def feedback_answer(request: HttpRequest, pk: int) -> HttpResponse:
    if pk > MAX_ID:
        raise Http404
    feedback = get_object_or_404(Feedback, pk=pk)
    publish = request.POST.get("publish") == "1"
    try:
        services.answer_feedback(feedback, request.POST.get("answer", ""), publish, user=request.user,
                                 actor_label=actors.of_request(request))
    except PublicInputError as exc:
        messages.error(request, f"#{pk} {exc.reason}")
    else:
        messages.success(request, _("Answer published.") if publish else _("Answer saved; not public."))
    return redirect("public:feedback_queue")

"""How the pages and the API answer what a room's code raises without knowing HTTP.

`plan.queries.NoPlanLoaded` (no plan loaded yet) is a 404 to a page and to the API (the API's answer is
in `http.problems`); the rooms' services raise it and never an HTTP error, so commands and jobs can say
it in their own words.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import get_language

from carbonpeak.common.problems import Problem
from carbonpeak.plan.queries import NoPlanLoaded


class NoPlanLoadedMiddleware:
    """A page that needs the plan answers 404 (the site's not-found page) until one is loaded."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NoPlanLoaded):
            return response_for_exception(request, Http404(str(exception)))
        return None



_NUL = "\x00"
# A JSON body spells NUL as an escape; PostgreSQL cannot store or compare a text holding it.
_NUL_IN_JSON = (b"\\u0000", b"\x00")


def _nul_field(request: HttpRequest) -> str | None:
    """The first field of the request that holds a NUL character, or None (also when the request cannot be
    read here: a body over the limit is the view's and the API's to refuse, in their own words)."""
    try:
        return _first_nul(request)
    except SuspiciousOperation:
        return None


def _first_nul(request: HttpRequest) -> str | None:
    for key, values in request.GET.lists():
        if _NUL in key or any(_NUL in v for v in values):
            return key.replace(_NUL, "") or "query"
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        for key, values in request.POST.lists():
            if _NUL in key or any(_NUL in v for v in values):
                return key.replace(_NUL, "") or "body"
    elif content_type.endswith("json") and any(nul in request.body for nul in _NUL_IN_JSON):
        return "body"
    return None


class RefuseNulMiddleware:
    """A NUL character in a query or a form or JSON body is refused with 400 before any view runs: no user
    types one, SQLite would store it and PostgreSQL refuses it (a 500 there). The API answers in its contract."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = _nul_field(request)
        if field is None:
            return self.get_response(request)
        problem = Problem(field, "含有无效字符（NUL） / holds an invalid character (NUL)")
        if request.path.startswith("/api/"):
            return JsonResponse({"errors": [problem.as_dict(get_language())]}, status=400)
        return HttpResponseBadRequest(problem.reason_in(get_language()), content_type="text/plain; charset=utf-8")

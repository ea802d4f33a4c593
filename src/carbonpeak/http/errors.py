"""How the pages and the API answer what a room's code raises without knowing HTTP.

`plan.queries.NoPlanLoaded` (no plan loaded yet) is a 404 to a page and to the API (the API's answer is
in `http.problems`); the rooms' services raise it and never an HTTP error, so commands and jobs can say
it in their own words.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse

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


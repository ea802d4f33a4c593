from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from carbonpeak.people.permissions import Permission, require


@require(Permission.VIEW_UNIT_DATA if "roadmap" == "monitoring" else Permission.VIEW_ROADMAP)
def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")

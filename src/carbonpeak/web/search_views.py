"""The search results page (/search/?q=) and its xlsx export: what the reader may see, grouped by kind."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from carbonpeak.http.downloads import xlsx_response
from carbonpeak.web.search import MAX_QUERY, PER_KIND, search


@require_GET
@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    groups = search(request.user, query)
    return render(request, "web/search.html", {
        "search_query": query, "groups": groups, "per_kind": PER_KIND, "found": sum(g.total for g in groups),
    })


@require_GET
@login_required
def search_xlsx(request: HttpRequest) -> HttpResponse:
    """The results as the page shows them (each kind up to the page's limit), with the page's links."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    rows = [[g.label, h.title, h.detail, request.build_absolute_uri(h.url) if h.url else ""]
            for g in search(request.user, query) for h in g.hits]
    header = [_("Kind of result"), _("Name"), _("Detail"), _("Page link")]
    return xlsx_response(_("Search"), header, rows, "search.xlsx", note=query)
